"""A small per-address rate limit through the shared cache (Redis with several app servers,
so every server counts the same hits). The hardening work may bring a project-wide one in
core; until then the request form uses this."""

from __future__ import annotations

from hashlib import sha256

from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(scope: str, address: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit; False once `address` has made more than `limit` in the window."""
    key = f"ratelimit:{scope}:{sha256(address.encode()).hexdigest()[:32]}"
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return True
    return count <= limit
