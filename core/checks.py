"""System checks for a deployment."""

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError

from core.health import heartbeat_ages

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


@register(Tags.database, deploy=True)
def scheduled_jobs(app_configs, databases=None, **kwargs):
    """`check --deploy --database default`: the scheduled jobs (cron or a worker) have run
    recently. Unpaid orders keep their stock until `release_unpaid_orders` runs."""
    if not databases:
        return []
    try:
        ages = heartbeat_ages()
    except DatabaseError:
        return []
    return [
        CheckWarning(
            f"The scheduled job {name} has "
            + ("never run." if job["age_seconds"] is None
               else f"not run for {job['age_seconds']} seconds."),
            hint=f"Run `manage.py {name}` every few minutes (cron), or keep "
                 f"`manage.py {name} --every 300` running; see README, Security.",
            id="tianxing.W002",
        )
        for name, job in ages.items() if not job["ok"]
    ]
