"""What the public site keeps in the shared cache (Redis when several app servers run), and
when it is thrown away. Wagtail routes and serves pages as it ships; on top of it:

- whole pages for anonymous visitors (`cache_public_pages`, around Wagtail's serve), with
  Django's own cache-key functions (`get_cache_key` / `learn_cache_key`);
- rendered cards (`cached_cards`), keyed on Wagtail's `page.cache_key` plus language and what
  else the card shows (stock state, vocabularies, pictures);
- small read-mostly results (`cached`): filter results, vocabularies, the menu.

Every entry carries the versions of the "families" of data it was built from. Changing such
data gives its family a new version, so every server sees the change on its next request and
stale entries simply expire. Pages change a family only when they are published, unpublished,
moved or deleted (`connect_page_signals`): drafts and autosaves never throw anything away.

Every function here works with Django's DummyCache, local memory and Redis."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from hashlib import md5
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import get_template
from django.utils.cache import get_cache_key, learn_cache_key, patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

TIMEOUT = 60 * 60 * 24

# The families. A page's publication, unpublication, move or deletion (PAGES); a vocabulary
# or the household register (VOCABULARIES); an image or a rendition (IMAGES: cached HTML
# holds renditions' URLs); any stock figure (STOCK); the site settings (SETTINGS).
PAGES = "pages"
VOCABULARIES = "vocabularies"
IMAGES = "images"
STOCK = "stock"
SETTINGS = "settings"
# The earnings ledger's past years (the home page's average household income): bumped by
# `earnings` when an entry is posted into a year that is over, not on every sale.
HOUSEHOLD_INCOME = "household-income"
# The search index, where it changes apart from a page's own publication: the shop indexes
# each work with its makers' names, and a task re-indexes an artisan's works after a rename.
SEARCH = "search"
# What a whole public page shows may come from any of them.
PUBLIC_PAGE = (PAGES, VOCABULARIES, IMAGES, STOCK, SETTINGS, HOUSEHOLD_INCOME, SEARCH)


def _version_key(family: str) -> str:
    return f"tianxing:{family}:version"


def family_versions(families: tuple[str, ...]) -> str:
    """The current versions of these families as one key part, read in one round trip. A
    family without a version (a new or emptied cache, or DummyCache, which keeps nothing)
    gets one."""
    keys = [_version_key(family) for family in families]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            fresh = uuid4().hex
            found[key] = fresh if cache.add(key, fresh, TIMEOUT) else (cache.get(key) or fresh)
    return ":".join(found[key] for key in keys)


def invalidate(family: str) -> None:
    """A new version for the family, now and again when the current transaction commits: a
    request that read the old rows between the two would otherwise have cached them under
    the new version."""
    cache.set(_version_key(family), uuid4().hex, TIMEOUT)
    transaction.on_commit(lambda: cache.set(_version_key(family), uuid4().hex, TIMEOUT))


def cached(family: str | tuple[str, ...], key: str, build: Callable[[], Any]) -> Any:
    """build(), cached until one of the families changes (or for a day)."""
    families = (family,) if isinstance(family, str) else family
    full_key = f"tianxing:{'+'.join(families)}:{family_versions(families)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, TIMEOUT)
    return value


def digest(key: Any) -> str:
    """A key part safe for any cache backend, whatever characters (Chinese slugs) it holds."""
    return md5(str(key).encode(), usedforsecurity=False).hexdigest()


def cached_cards(pages, *, template: str, name: str, request,
                 prefetch: Callable[[list], None], families: tuple[str, ...] = (),
                 vary: Callable[[Any], Any] = lambda page: ""):
    """Each page's card (`template`, given the page as `name`) as HTML, read from the cache
    in one round trip (`cache.get_many`). A card is keyed on Wagtail's `page.cache_key` (id,
    URL path, last publication), the language, `vary(page)` (stock state, say) and the
    versions of `families` (vocabularies, pictures). Only the cards not found are rendered,
    after `prefetch(pages)` has fetched what they show for all of them at once; so a warm
    listing costs no query beyond its own."""
    pages = list(pages)
    language = get_language()
    versions = family_versions(families)
    keys = [f"tianxing:{name}-card:{versions}:{page.cache_key}:{language}:{digest(vary(page))}"
            for page in pages]
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


def pages_changed(sender=None, **kwargs) -> None:
    invalidate(PAGES)


def invalidate_on_change(family: str, *models, on_save: bool = True,
                         bookkeeping: frozenset[str] = frozenset()) -> None:
    """Saving (unless `on_save` is false) or deleting a row of these models (vocabularies,
    settings, images: never page drafts) renews the family; a save of `bookkeeping` fields
    alone (`update_fields`) does not. For apps' ready()."""

    def receiver(sender, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= bookkeeping:
            return
        invalidate(family)

    for model in models:
        uid = f"core-caching-{family}-{model._meta.label_lower}"
        if on_save:
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def connect_page_signals() -> None:
    """A page's publication, unpublication, move or deletion renews the PAGES family; saving
    a draft (an edit, an autosave, a submission for moderation) does not. Connected for the
    page models only (core's ready(), once every app's models are loaded)."""
    for model in get_page_models():
        uid = f"core-caching-{model._meta.label_lower}"
        page_published.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-published")
        page_unpublished.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-unpublished")
        post_page_move.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-moved")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-deleted")


# Whole pages for anonymous visitors ------------------------------------------------------

def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _visitor_can_share(request) -> bool:
    """A visitor who is signed in (the userbar, previews) or has a message waiting (which the
    page would show) gets a page of their own."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not len(messages.get_messages(request))


def _key_prefix() -> str:
    # The release (settings.RELEASE, from the environment) too: a deploy's new templates
    # must not meet pages rendered with the old ones.
    return f"tianxing-page:{digest((settings.RELEASE, family_versions(PUBLIC_PAGE)))}"


def cache_public_pages(view):
    """Wraps Wagtail's serve view: a GET from an anonymous visitor is answered from the shared
    cache when the same page (same URL, same language) was rendered since the site last
    changed. Works like Django's cache middleware (`get_cache_key`, `learn_cache_key`), with
    the cache's key prefix made of the versions of everything a public page shows, so a
    publish anywhere serves fresh pages on every server at once.

    A response is kept only if it is the same for every anonymous visitor: a 200 that set no
    cookie and whose rendering neither read the session nor used the CSRF token (per-visitor
    pieces such as the cart count come from an uncached endpoint instead)."""

    @wraps(view)
    def serve(request, *args, **kwargs):
        timeout = settings.PAGE_CACHE_SECONDS
        if (not timeout or request.method not in ("GET", "HEAD")
                or not _visitor_can_share(request)):
            return view(request, *args, **kwargs)
        store = page_cache()
        prefix = _key_prefix()
        key = get_cache_key(request, prefix, "GET", cache=store)
        if key is not None:
            response = store.get(key)
            if response is not None:
                response["X-Page-Cache"] = "hit"
                return response

        session = getattr(request, "session", None)
        session_was_accessed = session.accessed if session is not None else False
        if session is not None:
            session.accessed = False
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        session_read = session is not None and session.accessed
        if session is not None:
            session.accessed = session_was_accessed or session_read

        if (response.status_code == 200 and not response.streaming and not response.cookies
                and not session_read and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and "private" not in response.get("Cache-Control", "")):
            if settings.FRONTEND_CACHE_SECONDS:
                # A CDN or Varnish in front may keep the page too; Wagtail's frontend cache
                # app purges it on publish (see settings).
                patch_cache_control(response, public=True, max_age=0,
                                    s_maxage=settings.FRONTEND_CACHE_SECONDS)
            key = learn_cache_key(request, response, timeout, prefix, cache=store)
            store.set(key, response, timeout)
            response["X-Page-Cache"] = "miss"
        return response

    return serve
