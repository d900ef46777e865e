"""Settings shared by every environment; each value that differs between machines comes
from the environment so one code base serves the laptop demo and the production cluster."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The add-to-cart form relies on it (core.http.same_origin_post): Django's default, made explicit.
SESSION_COOKIE_SAMESITE = "Lax"

INSTALLED_APPS = [
    "home",
    "core",
    "payments",
    "artisans",
    "catalogue",
    "orders",
    "exhibitions",
    "commissions",
    "news",
    "earnings",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail_localize",
    "wagtail_localize.locales",  # in place of wagtail.locales: "synced from" per locale
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.request_guard",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tianxing.urls"
WSGI_APPLICATION = "tianxing.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: WAL lets the dev server read while a command writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")


def cache_settings(redis_url: str) -> dict:
    """The default cache and Wagtail's `renditions` alias: Redis when several app servers
    share it, else each process's memory. (core.caching works with DummyCache too.)"""
    if redis_url:
        return {
            alias: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": f"tianxing-{alias}",
            }
            for alias in ("default", "renditions")
        }
    # Listings keep a rendered card per work and artisan, and whole pages: room for them.
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tianxing-default",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tianxing-renditions",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }


CACHES = cache_settings(REDIS_URL)

# Whole pages for anonymous visitors (core.caching.cache_public_pages): how long a rendered
# page may be kept. A publish, a sale or a settings change serves fresh pages at once
# whatever this says; 0 turns whole-page caching off.
PAGE_CACHE_ALIAS = "default"
# Set per deploy (a git commit, a version): pages cached by the previous release are not
# served with this one's.
RELEASE = os.environ.get("RELEASE", "")
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(60 * 60)))

# A CDN or Varnish in front of the site (off by default): FRONTEND_CACHE_URL is the address
# Wagtail's frontend cache app sends its HTTP PURGE requests to when a page is published or
# unpublished; public pages then say `Cache-Control: public, s-maxage=FRONTEND_CACHE_SECONDS`.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
FRONTEND_CACHE_SECONDS = int(os.environ.get("FRONTEND_CACHE_SECONDS", "300")) \
    if FRONTEND_CACHE_URL else 0
if FRONTEND_CACHE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Chinese first (unprefixed URLs), English under /en/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# locale/ is the project's catalogue (makemessages); locale_wagtail/ translates Wagtail's own
# admin strings that Wagtail's zh_Hans catalogue lacks, kept apart so makemessages leaves it be.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "collected-static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: a phone photo is a few megabytes; anything far larger is refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "gif": "png"}

WAGTAIL_SITE_NAME = "天星村植物编艺"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: blocked in mainland China, and no request may leave the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "xlsx", "docx", "txt"]

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "天星村植物编艺 <shop@tianxing.local>")

# Payments: Stripe keys from the environment; STRIPE_API_BASE points the official library at
# localstripe in the local demo and the tests.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/")
STRIPE_PAYMENT_METHOD_TYPES = env_list("STRIPE_PAYMENT_METHOD_TYPES", "card")


# Security headers. The Content-Security-Policy allows nothing inline: every script and style
# is a file under /static/. Stripe.js comes from its own origin (localstripe's in the demo and
# the tests, js.stripe.com in production): core.middleware adds the configured Stripe origins.
MEDIA_ORIGINS = [f"{urlsplit(MEDIA_URL).scheme}://{urlsplit(MEDIA_URL).netloc}"] if (
    urlsplit(MEDIA_URL).netloc) else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page is shown in a frame; Wagtail's preview views allow their own origin themselves.
X_FRAME_OPTIONS = "DENY"
# Pages that show one buyer's cart, order or payment: never kept by a browser or a proxy.
NO_STORE_URL_NAMESPACES = ["orders", "payments", "commissions"]
NO_STORE_URL_NAMES = ["visitor"]  # the cart count beside the cached public pages
# Where the pay pages are (the shop's, and a commission's tracking page): their responses
# may load Stripe.js (core.middleware.stripe_origins).
STRIPE_CSP_URL_NAMESPACES = ["orders", "payments", "commissions"]
# Avatars from gravatar.com would be a request off the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Login throttling (django-axes): five wrong passwords for one username from one address lock
# that pair out for an hour; staff lift a lock under Settings → Locked-out logins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a load balancer: how many proxies append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"

LOGIN_URL = "wagtailadmin_login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

REST_FRAMEWORK = {"DEFAULT_PAGINATION_CLASS": None}

CURRENCY_SYMBOL = "¥"

# The cooperative charter's rates until the accountants set them in the admin (earnings app
# versions the charter; `core.rates.charter_rate` reads it). Exact decimal fractions.
CHARTER_DEFAULTS = {
    "product_retention": "0.10",
    "commission_retention": "0.15",
    "reserve_rate": "0.10",
    "patronage_share": "0.60",
}
