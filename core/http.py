"""Checks on requests that several apps share."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

SAME_SITE_FETCHES = ("same-origin", "none")


def is_same_origin(request) -> bool:
    """Whether a POST was sent by a page of this site, from what the browser says of it.
    Every current browser sends `Origin` with a POST, and `Sec-Fetch-Site` besides; a cross-site
    form or script cannot forge either. A request with neither (an old browser, a script
    outside any browser) carries no ambient credentials worth forging: the session cookie is
    SameSite=Lax, so a cross-site POST arrives without it."""
    origin = request.headers.get("Origin")
    if origin is not None:
        if origin == "null":
            return False
        parts = urlsplit(origin)
        return parts.netloc == request.get_host() and parts.scheme == request.scheme
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in SAME_SITE_FETCHES
    return True


def same_origin_post(view):
    """For a form on a page that is cached whole and shared by every anonymous visitor, so it
    cannot carry a per-visitor CSRF token (the add-to-cart form): Django's token check is
    replaced by the browser's own word on where the POST comes from (see is_same_origin).
    Checkout, payment and the admin keep Django's token."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and not is_same_origin(request):
            return HttpResponseForbidden(
                _("This form can only be sent from this site's own pages. Please go back to "
                  "the page, reload it and try again."),
                content_type="text/plain; charset=utf-8",
            )
        return view(request, *args, **kwargs)

    return checked


def absolute_page_url(request, page) -> str:
    """The page's full address on the host the visitor asked for, for canonical links,
    OpenGraph and structured data. Wagtail's `get_full_url` writes the Site record's hostname
    instead, which is `localhost` in the demo and may be an inner name behind a proxy; the
    request's host has passed ALLOWED_HOSTS. A page of another site keeps that site's address;
    a page that cannot be routed has none ("")."""
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else ""
