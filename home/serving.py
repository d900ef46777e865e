"""Serving public pages without walking the page tree on every request.

Wagtail finds a page by reading the site, the locale, the home page and then every page on
the way down, one query each, and checks view restrictions with two more: seven queries before
a page's own content. On a page that has been served once, this module needs one: the site,
the route (URL path → page id) and "does any page have a view restriction?" come from the
shared cache, and the page itself is read with the joins its template needs
(`serving_queryset`, see below).

A route is only a hint: the page is re-read from the database and used only if it is still
live and still at that address (its url_path, which Wagtail rewrites whenever a page or one
of its ancestors is renamed or moved); otherwise Wagtail routes the request as usual. So
editing pages never has to forget routes: only a change to a site, a locale or a view
restriction does (family "routes"). The language links, which follow translations, are kept
in the "page-tree" family, which every page change renews."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import hooks
from wagtail import wagtail_hooks as wagtail_core_hooks
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move
from wagtail.views import serve_chain

from core.caching import PAGE_TREE, TIMEOUT, cached, digest, family_version, invalidate

FAMILY = "routes"
_MISSING = "-"


def find_site(request) -> Site | None:
    """Site.find_for_request, from the shared cache (Wagtail reads it on every request)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        site = cached(FAMILY, f"site:{hostname}:{port}",
                      lambda: Site._find_for_request(request) or _MISSING)
        request._wagtail_site = None if site == _MISSING else site
    return request._wagtail_site


def serving_queryset(model):
    """The queryset a page of this type is read with when it is served. A page model may
    define `serving_queryset()` to join or annotate what its template shows."""
    custom = getattr(model, "serving_queryset", None)
    return (custom() if custom else model.objects.all()).select_related("locale")


def route_for_request(request, path: str):
    """(page, args, kwargs) for `path` in the request's site and language, or None: like
    Page.route_for_request, which it calls when the route is not cached yet."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = find_site(request)
    if site is None:
        return None
    key = (f"tianxing:{FAMILY}:{family_version(FAMILY)}:route:{site.pk}:{get_language()}:"
           f"{digest(path)}")
    hint = cache.get(key)
    if hint is not None:
        content_type_id, page_id, url_path = hint
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = serving_queryset(model).filter(pk=page_id, live=True).first()
        if page is not None and page.url_path == url_path:
            request._wagtail_route_for_request = (page, [], {})
            return request._wagtail_route_for_request
    result = Page.route_for_request(request, path)
    if result is not None:
        page, args, kwargs = result
        if not args and not kwargs:  # routable pages (sub-views) are routed by Wagtail each time
            cache.set(key, (page.content_type_id, page.pk, page.url_path), TIMEOUT)
    return result


def any_view_restrictions() -> bool:
    return cached(FAMILY, "view-restrictions", PageViewRestriction.objects.exists)


def check_view_restrictions(callback):
    """Wagtail's view-restriction check, skipped while no page on the site is restricted
    (it costs two queries a page, and the cooperative's pages are public)."""
    wagtail_check = wagtail_core_hooks.check_view_restrictions(callback)

    def inner(page, request, serve_args, serve_kwargs):
        if any_view_restrictions():
            return wagtail_check(page, request, serve_args, serve_kwargs)
        return callback(page, request, serve_args, serve_kwargs)

    return inner


def serve(request, path):
    """wagtail.views.serve with the cached route and restriction check above; every other
    serving hook runs as in Wagtail."""
    route = route_for_request(request, path)
    if route is None:
        raise Http404
    page, args, kwargs = route

    on_serve_chain = serve_chain
    for hook in reversed(hooks.get_hooks("on_serve_page")):
        if hook is wagtail_core_hooks.check_view_restrictions:
            hook = check_view_restrictions
        on_serve_chain = hook(on_serve_chain)

    for hook in hooks.get_hooks("before_serve_page"):
        response = hook(page, request, args, kwargs)
        if isinstance(response, HttpResponse):
            return response

    return on_serve_chain(page, request, args, kwargs)


def page_translations(request, page) -> dict[str, dict[str, str]]:
    """{language code: {"url", "full_url"}} of the page's live translations (itself
    included), for the language switch and the hreflang links, from the cache."""
    site = find_site(request)

    def build():
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        return {
            translation.locale.language_code: {
                "url": translation.get_url(request),
                "full_url": translation.get_full_url(request),
            }
            for translation in translations
        }

    return cached(PAGE_TREE, f"translations:{site.pk if site else 0}:{page.translation_key}",
                  build)


@receiver(post_save)
@receiver(post_delete)
def forget_what_a_change_makes_stale(sender, instance, **kwargs):
    # The cached site carries its home page; a home page change renews it.
    is_home = isinstance(instance, Page) and instance.depth is not None and instance.depth <= 2
    if is_home or isinstance(instance, (Site, Locale, PageViewRestriction)):
        invalidate(FAMILY)
    if isinstance(instance, (Page, Site, Locale)):
        invalidate(PAGE_TREE)


@receiver(post_page_move)
@receiver(page_unpublished)
def forget_translations_when_a_page_moves(sender, **kwargs):
    invalidate(PAGE_TREE)


def cached_site_middleware(get_response):
    """Puts the request's site from the cache where Wagtail looks for it, for every view
    (page URLs in the cart or the search results need it as much as pages do)."""

    def middleware(request):
        find_site(request)
        return get_response(request)

    return middleware
