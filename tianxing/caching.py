"""Read-mostly data cached in the shared cache (Redis when several app servers run), each
family under a version key: changing the data bumps the version, so every server sees the
change at once and stale entries simply expire."""

from collections.abc import Callable
from hashlib import md5
from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import mark_safe

TIMEOUT = 60 * 60 * 24

# Bumped when any page, site or locale changes (tianxing.serving): language links and
# listings' results depend on the page tree.
PAGE_TREE = "page-tree"
# Bumped when an image or a rendition changes (tianxing/apps.py): cached cards embed
# renditions' URLs, which a new focal point or a replaced file makes stale.
IMAGES = "images"


def _version_key(family: str) -> str:
    return f"tianxing:{family}:version"


def family_version(family: str) -> str:
    """The family's current version, for other cache keys (e.g. a template fragment's) that
    must change when the family's data changes."""
    return cache.get_or_set(_version_key(family), uuid4().hex, TIMEOUT)


def family_versions(families: tuple[str, ...]) -> str:
    """The versions of several families as one key part, read in one round trip."""
    keys = [_version_key(family) for family in families]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid4().hex, TIMEOUT)
            found[key] = cache.get(key)
    return ":".join(found[key] for key in keys)


def cached(family: str | tuple[str, ...], key: str, build: Callable[[], Any]) -> Any:
    """build(), cached until one of the families changes (or for a day)."""
    families = (family,) if isinstance(family, str) else family
    full_key = f"tianxing:{'+'.join(families)}:{family_versions(families)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, TIMEOUT)
    return value


def invalidate(family: str) -> None:
    """A new version for the family, now and again when the current transaction commits: a
    request that read the old rows between the two would otherwise have cached them under
    the new version."""
    cache.set(_version_key(family), uuid4().hex, TIMEOUT)
    transaction.on_commit(lambda: cache.set(_version_key(family), uuid4().hex, TIMEOUT))


def cached_fragments(objects, *, name: str, key: Callable[[Any], Any],
                     render: Callable[[list], list[str]], families: tuple[str, ...] = ()):
    """HTML for each of `objects` (cards on a listing), read from the cache in one round trip.
    Only the objects not found are passed to `render`, which prefetches what they need and
    returns their HTML in order; so a warm page costs no query beyond the listing's own.
    `key(obj)` must change whenever the object's HTML would; the versions of `families`
    (vocabularies, images) are part of every key."""
    objects = list(objects)
    versions = family_versions(families)
    keys = [f"tianxing:{name}:{versions}:{digest(key(obj))}" for obj in objects]
    found = cache.get_many(keys)
    missing = [index for index, full_key in enumerate(keys) if full_key not in found]
    if missing:
        fresh = render([objects[index] for index in missing])
        rendered = {keys[index]: html for index, html in zip(missing, fresh, strict=True)}
        cache.set_many(rendered, TIMEOUT)
        found.update(rendered)
    return [mark_safe(found[full_key]) for full_key in keys]  # noqa: S308 - our templates' output


def digest(key: Any) -> str:
    """A key part safe for any cache backend, whatever characters (Chinese slugs) it holds."""
    return md5(str(key).encode(), usedforsecurity=False).hexdigest()
