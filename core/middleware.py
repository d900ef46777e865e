"""Guards every request and response passes: input no view can use is refused with a 400
page before any view sees it, no redirect leaves the site, and pages that show one visitor's
cart, order or payment are never stored by a browser or a proxy."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from csp.constants import NONCE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

NO_STORE = "private, no-store"


def bad_request(request, reason: str):
    return render(request, "400.html", {"reason": reason}, status=400)


def _has_nul(request) -> bool:
    # PostgreSQL refuses NUL in text, and no field of this site has a use for one.
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in value for value in values)
               for key, values in request.GET.lists())


def _leaves_site(request, response) -> bool:
    # Browsers drop tabs and newlines from an address before reading it.
    location = re.sub(r"[\t\n\r]", "", response.get("Location", ""))
    if not location:
        return False
    try:
        host = request.get_host()
    except DisallowedHost:
        host = ""
    return not url_has_allowed_host_and_scheme(location, allowed_hosts={host} - {""})


def request_guard(get_response):
    no_store_namespaces = set(getattr(settings, "NO_STORE_URL_NAMESPACES", ()))
    no_store_names = set(getattr(settings, "NO_STORE_URL_NAMES", ()))

    def middleware(request):
        if _has_nul(request):
            return bad_request(request, _("The address contains a character the site cannot "
                                          "read (a NUL byte). Please check the link."))
        response = get_response(request)
        if 300 <= response.status_code < 400 and _leaves_site(request, response):
            logger.warning("refused a redirect off the site from %s", request.path)
            return bad_request(request, _("This link would take you away from the site, so "
                                          "it was not followed."))
        match = getattr(request, "resolver_match", None)
        if match is not None and (no_store_namespaces.intersection(match.namespaces)
                                  or match.view_name in no_store_names):
            response["Cache-Control"] = NO_STORE
        return response

    return middleware


ADMIN_PREFIX = "/admin/"
STRIPE_HOSTED = ("https://js.stripe.com", "https://hooks.stripe.com", "https://api.stripe.com")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def stripe_origins() -> list[str]:
    """Where the pay page's Stripe.js comes from and talks to: the configured STRIPE_JS_URL's
    and STRIPE_API_BASE's origins (localstripe's in the demo and tests), and Stripe's own
    frames and API when the script is Stripe's."""
    origins = {_origin(settings.STRIPE_JS_URL), _origin(settings.STRIPE_API_BASE)} - {""}
    if "https://js.stripe.com" in origins:
        origins.update(STRIPE_HOSTED)
    return sorted(origins)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware. On the shop's pages (`STRIPE_CSP_URL_NAMESPACES`, where the
    pay page is) it adds the Stripe origins, read from the settings at request time so the
    tests' and the demo's localstripe, on a port chosen at start, are allowed."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            # No 'unsafe-inline' in the admin either (core.admin_csp): the style elements
            # Draftail creates get the page's nonce from static/js/admin-csp.js.
            parts.update = {**(parts.update or {}), "style-src": [NONCE]}
            return parts
        match = getattr(request, "resolver_match", None)
        namespaces = set(getattr(settings, "STRIPE_CSP_URL_NAMESPACES", ()))
        if report_only or match is None or not namespaces.intersection(match.namespaces):
            return parts
        origins = stripe_origins()
        if origins:
            update = dict(parts.update or {})
            for directive in ("script-src", "connect-src", "frame-src"):
                update[directive] = [*update.get(directive, []), *origins]
            parts.update = update
        return parts
