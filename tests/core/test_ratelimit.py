"""core.ratelimit: counts in the shared cache, a 429 page in the visitor's language, and (in
the PostgreSQL run, with REDIS_URL) two processes sharing one count."""

import os
import subprocess
import sys
import textwrap
import uuid

import pytest
from django.test import RequestFactory

from core import ratelimit
from core.ratelimit import client_ip, rate_limit

pytestmark = pytest.mark.django_db


def test_the_first_hits_pass_and_the_rest_wait_for_the_next_window(monkeypatch):
    request = RequestFactory().post("/")
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert [rate_limit(request, "find:phone:13800138000", 3, 60) for _ in range(5)] == [
        True, True, True, False, False]
    assert 0 < request.rate_limit_retry <= 60
    assert rate_limit(request, "find:phone:13900139000", 3, 60)  # another key, another count
    now[0] += 60
    assert rate_limit(request, "find:phone:13800138000", 3, 60)


def test_keys_are_digested_so_no_address_is_stored_in_clear(settings):
    from django.core.cache import cache

    rate_limit(None, "checkout:email:someone@example.cn", 5, 60)
    counter, _remaining = ratelimit._counter_key("checkout:email:someone@example.cn", 60,
                                                  ratelimit.time.time())
    assert cache.get(counter) == 1
    assert "example.cn" not in counter


def test_nothing_is_limited_without_a_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from django.core.cache import caches

    caches._settings = None
    try:
        assert all(rate_limit(None, "x", 1, 60) for _ in range(3))
    finally:
        del settings.CACHES
        caches._settings = None


def test_the_client_address_behind_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # what the balancer saw, not what was sent


def test_too_many_password_resets_get_a_429_page_in_chinese(client, home):
    for _ in range(3):
        assert client.post("/admin/password_reset/", {"email": "a@example.cn"}).status_code == 302
    response = client.post("/admin/password_reset/", {"email": "a@example.cn"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "尝试次数过多" in response.content.decode()
    # Another address is counted apart, up to the per-client limit.
    assert client.post("/admin/password_reset/", {"email": "b@example.cn"}).status_code == 302


def test_the_429_page_speaks_english_under_en(client, home):
    request = RequestFactory().get("/en/")
    from django.utils import translation

    with translation.override("en"):
        response = ratelimit.too_many_requests(request, retry_after=120)
    assert response.status_code == 429
    assert "Please wait 2 minutes" in response.content.decode()


HIT = textwrap.dedent("""
    import django, sys
    django.setup()
    from core.ratelimit import rate_limit
    print(",".join(str(rate_limit(None, sys.argv[1], 5, 3600)) for _ in range(3)))
""")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs the shared Redis cache")
def test_two_app_processes_share_one_count_through_redis():
    """Three hits here and three in another process: the sixth, in the other process,
    is refused, because both count in the same Redis."""
    key = f"two-processes:{uuid.uuid4().hex}"
    assert [rate_limit(None, key, 5, 3600) for _ in range(3)] == [True] * 3
    other = subprocess.run(
        [sys.executable, "-c", HIT, key], capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tianxing.settings.test"},
    )
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == "True,True,False"
    assert rate_limit(None, key, 5, 3600) is False


def test_a_missing_or_forged_address_is_none_not_text(settings):
    """The address goes into django-axes' inet column on PostgreSQL: never junk text."""
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None
    settings.TRUSTED_PROXY_COUNT = 1
    forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2",
                                  HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(forged) == "10.0.0.2"
