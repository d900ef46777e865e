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

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
