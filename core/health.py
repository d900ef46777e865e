"""`/healthz`: can this app server reach its database, cache and media storage, and are the
scheduled jobs running? JSON; 200 when the server can serve, 503 when one of its services
is down (a load balancer takes it out of rotation). A job that has not run recently is a
warning in the body, not a 503: every server would fail it at once."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.models import Heartbeat

logger = logging.getLogger(__name__)

# Job name → the most seconds that may pass between two runs before it is reported late.
DEFAULT_HEARTBEATS = {"release_unpaid_orders": 15 * 60}


def heartbeat_record(*, name: str) -> None:
    """Note that the scheduled job `name` has just finished."""
    Heartbeat.objects.update_or_create(name=name, defaults={"last_run": timezone.now()})


def heartbeat_ages(now: dt.datetime | None = None) -> dict[str, dict]:
    """For each expected job: seconds since it last ran (None: never) and whether that is
    within its allowance."""
    now = now or timezone.now()
    expected = getattr(settings, "HEALTH_HEARTBEATS", DEFAULT_HEARTBEATS)
    last = dict(Heartbeat.objects.filter(name__in=expected).values_list("name", "last_run"))
    ages = {}
    for name, allowance in expected.items():
        age = None if name not in last else int((now - last[name]).total_seconds())
        ages[name] = {"age_seconds": age, "max_age_seconds": allowance,
                      "ok": age is not None and age <= allowance}
    return ages


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        check()
    except Exception as exc:
        logger.exception("health check failed")
        return {"ok": False, "error": exc.__class__.__name__,
                "ms": round((time.monotonic() - started) * 1000, 1)}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = f"tianxing:healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    value = cache.get(key)
    cache.delete(key)
    if value != "1" and settings.CACHES["default"]["BACKEND"] != (
        "django.core.cache.backends.dummy.DummyCache"
    ):
        raise RuntimeError("the cache did not keep a value")


def _storage():
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"ok":
                raise RuntimeError("media storage returned other bytes")
    finally:
        default_storage.delete(name)


@never_cache
@require_GET
def healthz(request):
    services = {"database": _timed(_database), "cache": _timed(_cache),
                "media_storage": _timed(_storage)}
    jobs = heartbeat_ages() if services["database"]["ok"] else {}
    healthy = all(service["ok"] for service in services.values())
    warnings = [f"{name} has not run for {job['age_seconds']} s" if job["age_seconds"]
                is not None else f"{name} has never run"
                for name, job in jobs.items() if not job["ok"]]
    body = {"status": "ok" if healthy and not warnings else ("warning" if healthy else "down"),
            **services, "jobs": jobs, "warnings": warnings}
    return JsonResponse(body, status=200 if healthy else 503)
