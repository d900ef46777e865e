"""Production: every secret and host comes from the environment, and a missing one stops the
process at start-up with a message instead of running with an insecure default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start without a secret key: "
        "export SECRET_KEY to a long random string (python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')."
    )
SECRET_KEY = os.environ["SECRET_KEY"]

if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Production refuses to start without it: "
        "export ALLOWED_HOSTS as a comma-separated list, e.g. ALLOWED_HOSTS=tianxing.example.cn"
    )
if "*" in ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS may not contain '*' in production.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible media for several app servers (needs django-storages[s3] installed).
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

# HTTPS only. The load balancer ends TLS and says so in X-Forwarded-Proto (it must set or
# overwrite that header on every request); plain HTTP is redirected, except the balancer's
# own health probe.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HSTS: browsers refuse plain HTTP for a year. The site and every subdomain must serve HTTPS
# before this is turned on; SECURE_HSTS_SECONDS=0 switches it off.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
