"""Read-mostly data cached in the shared cache (Redis when several app servers run), each
family under a version key: changing the data bumps the version, so every server sees the
change at once and stale entries simply expire."""

from collections.abc import Callable
from typing import Any
from uuid import uuid4

from django.core.cache import cache

TIMEOUT = 60 * 60 * 24


def _version_key(family: str) -> str:
    return f"tianxing:{family}:version"


def family_version(family: str) -> str:
    """The family's current version, for other cache keys (e.g. a template fragment's) that
    must change when the family's data changes."""
    return cache.get_or_set(_version_key(family), uuid4().hex, TIMEOUT)


def cached(family: str, key: str, build: Callable[[], Any]) -> Any:
    full_key = f"tianxing:{family}:{family_version(family)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, TIMEOUT)
    return value


def invalidate(family: str) -> None:
    cache.set(_version_key(family), uuid4().hex, TIMEOUT)
