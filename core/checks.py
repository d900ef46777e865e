"""System checks for a deployment."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register

LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(deploy=True)
def shared_cache(app_configs, **kwargs):
    """Whole pages, listings and cards are cached, and a change is announced by a new version
    key in the cache itself: processes that do not share one cache would not hear of it."""
    if settings.CACHES["default"]["BACKEND"] not in LOCAL_CACHES:
        return []
    return [
        CheckWarning(
            "The cache is local to each process.",
            hint="Set REDIS_URL, or run a single app process (gunicorn --workers 1 "
                 "--threads 8): another process would keep serving pages, cards and results "
                 "that this one has changed.",
            id="tianxing.W001",
        )
    ]
