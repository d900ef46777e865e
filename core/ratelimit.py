"""Rate limits for public forms, counted in the shared cache so that several app servers
share one count (Redis in production; each process's memory on a single machine).

    from core.ratelimit import rate_limit, too_many_requests

    if not rate_limit(request, f"find-order:phone:{phone}", limit=10, period=3600):
        return too_many_requests(request)

or, for a whole view counted per client address:

    @rate_limited("checkout", limit=20, period=3600)
    def checkout(request): ...

Counts are fixed windows of `period` seconds: the first hit of a window creates the counter
with that timeout and every hit increments it atomically (Redis INCR). Keys are digested, so
any text (a phone number, an e-mail address) may be part of one and none is stored in clear.
With a cache that keeps nothing (DummyCache) nothing is limited."""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)

KEY_PREFIX = "tianxing:ratelimit"


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` proxies the entry
    of X-Forwarded-For that the outermost trusted proxy added (earlier ones are the client's
    to forge). None when there is no valid address (a test client's forced login). django-axes
    uses this too (AXES_CLIENT_IP_CALLABLE), and stores it in an inet column."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if proxies:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            candidates.insert(0, forwarded[-proxies])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def _counter_key(key: str, period: int, now: float) -> tuple[str, int]:
    window = int(now // period)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    remaining = period - int(now - window * period)
    return f"{KEY_PREFIX}:{period}:{window}:{digest}", max(remaining, 1)


def rate_limit(request, key: str, limit: int, period: int) -> bool:
    """Count one hit for `key` and say whether it is allowed: True for the first `limit` hits
    in each window of `period` seconds, False after that. On False, `request.rate_limit_retry`
    holds the seconds until the window ends (for the Retry-After header)."""
    counter, remaining = _counter_key(key, period, time.time())
    try:
        cache.add(counter, 0, timeout=remaining + 1)
        hits = cache.incr(counter)
    except ValueError:
        # The counter expired between add and incr, or the cache keeps nothing (DummyCache).
        if not cache.add(counter, 1, timeout=remaining + 1):
            return True
        hits = 1
    if hits > limit:
        if request is not None:
            request.rate_limit_retry = remaining
        if hits == limit + 1:
            logger.warning("rate limit reached: %s (%d per %d s)", key.split(":")[0], limit,
                           period)
        return False
    return True


def too_many_requests(request, retry_after: int | None = None):
    """The 429 page, in the request's language, with a Retry-After header."""
    retry_after = retry_after or getattr(request, "rate_limit_retry", 60)
    minutes = max(1, math.ceil(retry_after / 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope: str, *, limit: int, period: int, methods=("POST",)):
    """A view decorator: at most `limit` requests (of `methods`) per client address per
    `period` seconds, else the 429 page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not rate_limit(
                request, f"{scope}:ip:{client_ip(request)}", limit, period
            ):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
