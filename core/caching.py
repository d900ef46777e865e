"""Read-mostly data cached in the shared cache (Redis when several app servers run), each
family under a version key: changing the data bumps the version, so every server sees the
change at once and stale entries simply expire."""

from collections.abc import Callable
from hashlib import md5
from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

TIMEOUT = 60 * 60 * 24

# Bumped when any page, site or locale changes (home.serving): language links and
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


def cached_cards(pages, *, template: str, name: str, request,
                 prefetch: Callable[[list], None], families: tuple[str, ...] = (),
                 vary: Callable[[Any], Any] = lambda page: ""):
    """Each page's card (`template`, given the page as `name`) as HTML, read from the cache
    in one round trip. A card is kept until its page is published or moved, the language
    differs, `vary(page)` changes (stock, say) or one of `families` (vocabularies, images)
    changes. Only the cards not found are rendered, after `prefetch(pages)` has fetched what
    they show for all of them at once; so a warm listing costs no query beyond its own."""
    pages = list(pages)
    language = get_language()
    versions = family_versions(families)
    keys = [
        f"tianxing:{name}-card:{versions}:"
        + digest((page.pk, page.last_published_at, page.url_path, language, vary(page)))
        for page in pages
    ]
    found = cache.get_many(keys)
    missing = [index for index, key in enumerate(keys) if key not in found]
    if missing:
        missing_pages = [pages[index] for index in missing]
        prefetch(missing_pages)
        card = get_template(template)
        rendered = {keys[index]: card.render({name: page, "request": request})
                    for index, page in zip(missing, missing_pages, strict=True)}
        cache.set_many(rendered, TIMEOUT)
        found.update(rendered)
    return [mark_safe(found[key]) for key in keys]  # noqa: S308 - our templates' output


def digest(key: Any) -> str:
    """A key part safe for any cache backend, whatever characters (Chinese slugs) it holds."""
    return md5(str(key).encode(), usedforsecurity=False).hexdigest()
