"""Whole pages for anonymous visitors (core.caching.cache_public_pages) with each cache the site
may run on: Django's DummyCache (keeps nothing), local memory and Redis. A page is kept until
something it shows is published, sold or changed — never because of a draft — and it never
holds one visitor's cart count or CSRF token."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from catalogue.models import StockRecord
from core.caching import PAGES, family_versions
from home.models import CooperativeSettings
from tests.artisans.factories import ArtisanIndexPageFactory, ArtisanPageFactory
from tests.catalogue.factories import CatalogueIndexPageFactory, ProductPageFactory
from tianxing.settings.base import cache_settings

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"


def redis_is_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means: no Redis here
        return False


BACKENDS = {
    "dummy": {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
              for alias in ("default", "renditions")},
    "locmem": cache_settings(""),
    "redis": cache_settings(REDIS_URL),
}


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings):
    if request.param == "redis" and not redis_is_up():
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = BACKENDS[request.param]
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def site_pages(home):
    # The settings row is made on a site's first visit, which would renew every page.
    CooperativeSettings.for_site(Site.objects.get(is_default_site=True))
    directory = ArtisanIndexPageFactory(parent=home)
    artisan = ArtisanPageFactory(parent=directory, title="王秀兰", slug="a0001")
    shop = CatalogueIndexPageFactory(parent=home)
    work = ProductPageFactory(parent=shop, title="竹编菜篮", slug="basket",
                              finish__makers=[(artisan, 100)], finish__quantity=3)
    return {"artisan": artisan, "work": work}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_a_second_visit_is_served_whole_from_the_cache(client, backend, site_pages):
    first = get(client, "/artisans/a0001/")
    with CaptureQueriesContext(connection) as queries:
        second = get(client, "/artisans/a0001/")
    assert second.content == first.content
    if backend == "dummy":  # keeps nothing: every visit renders the page again
        assert second["X-Page-Cache"] == "miss"
    else:
        assert second["X-Page-Cache"] == "hit"
        assert len(queries) == 0


@pytest.mark.django_db
def test_each_language_and_address_is_kept_apart(client, backend, site_pages):
    from core.translation import sync_aliases

    for page in site_pages["artisan"].get_ancestors(inclusive=True).specific()[1:]:
        sync_aliases(page)
    chinese = get(client, "/artisans/a0001/").content.decode()
    english = get(client, "/en/artisans/a0001/").content.decode()
    assert '<html lang="zh-Hans">' in chinese and '<html lang="en">' in english
    assert '<html lang="zh-Hans">' in get(client, "/artisans/a0001/").content.decode()
    assert "竹编菜篮" in get(client, "/shop/basket/").content.decode()


@pytest.mark.django_db
def test_a_publish_is_seen_at_once_and_a_draft_throws_nothing_away(client, backend,
                                                                  site_pages):
    artisan = site_pages["artisan"]
    get(client, "/artisans/a0001/")
    get(client, "/artisans/")
    versions = family_versions((PAGES,))
    artisan.title = "王秀兰（草稿）"
    artisan.save_revision()  # a draft, as an autosave or a submission for approval makes
    if backend != "dummy":
        assert family_versions((PAGES,)) == versions
        assert get(client, "/artisans/a0001/")["X-Page-Cache"] == "hit"
    assert "王秀兰（草稿）" not in get(client, "/artisans/a0001/").content.decode()
    artisan.title = "王秀兰（草编）"
    artisan.save_revision().publish()
    assert "王秀兰（草编）" in get(client, "/artisans/a0001/").content.decode()
    assert "王秀兰（草编）" in get(client, "/artisans/").content.decode()  # its card too


@pytest.mark.django_db
def test_unpublished_moved_and_deleted_pages_are_gone_at_once(client, backend, site_pages,
                                                             home):
    get(client, "/artisans/a0001/")
    get(client, "/shop/basket/")
    site_pages["artisan"].unpublish()
    assert client.get("/artisans/a0001/").status_code == 404
    site_pages["work"].delete()
    assert client.get("/shop/basket/").status_code == 404
    assert "竹编菜篮" not in get(client, "/shop/").content.decode()


@pytest.mark.django_db
def test_a_sale_shows_at_once_on_the_cached_page(client, backend, site_pages):
    work = site_pages["work"]
    assert "add-to-cart--sold-out" not in get(client, "/shop/basket/").content.decode()
    get(client, "/shop/")
    # Orders take stock with a conditional UPDATE, which sends no signal.
    StockRecord.objects.filter(product=work).update(quantity=0)
    assert "add-to-cart--sold-out" in get(client, "/shop/basket/").content.decode()
    assert "badge--sold" in get(client, "/shop/").content.decode()


@pytest.mark.django_db
def test_a_cached_page_never_holds_a_visitors_cart_count_or_csrf_token(backend, site_pages):
    buyer, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    work = site_pages["work"]
    page = get(buyer, "/shop/basket/").content.decode()
    assert "csrfmiddlewaretoken" not in page
    # The buyer adds two pieces from the cached page: no token, the browser says where the
    # form was sent from.
    response = buyer.post("/cart/add/", {"product_id": work.pk, "quantity": "2"},
                          HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    for visitor in (buyer, other):
        html = get(visitor, "/shop/basket/").content.decode()
        assert "csrfmiddlewaretoken" not in html and 'name="csrf' not in html
        assert 'class="cart-link__count" data-cart-count' in html
        assert '<span class="cart-link__count" data-cart-count data-visitor-url="/visitor/" ' \
               'hidden></span>' in html
    assert get(buyer, "/shop/basket/").content == get(other, "/shop/basket/").content
    # Each visitor's own count comes from the uncached endpoint.
    assert buyer.get("/visitor/").json() == {"cart_count": 2}
    assert other.get("/visitor/").json() == {"cart_count": 0}
    assert "no-store" in buyer.get("/visitor/")["Cache-Control"]


@pytest.mark.django_db
def test_add_to_cart_from_another_site_is_refused(client, backend, site_pages):
    work = site_pages["work"]
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"},
                    {"HTTP_SEC_FETCH_SITE": "cross-site"}):
        response = client.post("/cart/add/", {"product_id": work.pk, "quantity": "1"},
                               **headers)
        assert response.status_code == 403
        assert client.get("/visitor/").json() == {"cart_count": 0}


@pytest.mark.django_db
def test_signed_in_visitors_and_waiting_messages_get_a_fresh_page(client, backend, site_pages,
                                                                  committee_user):
    get(client, "/artisans/a0001/")
    editor = Client()
    editor.force_login(committee_user)
    assert "X-Page-Cache" not in get(editor, "/artisans/a0001/")
    # An error message from the cart is shown on the page it sends the visitor back to.
    client.post("/cart/add/", {"product_id": site_pages["work"].pk, "quantity": "99",
                               "next": "/shop/basket/"})
    response = get(client, "/shop/basket/")
    assert "X-Page-Cache" not in response
    assert 'class="message message--error"' in response.content.decode()


PUBLISH = """
from wagtail.models import Page
page = Page.objects.get(pk={pk}).specific
page.title = "王秀兰（另一台服务器）"
page.save_revision().publish()
"""


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_in_another_process_sharing_redis_is_seen_at_once(settings, site_pages):
    if not redis_is_up():
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = BACKENDS["redis"]
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    client = Client()
    get(client, "/artisans/a0001/")
    assert get(client, "/artisans/a0001/")["X-Page-Cache"] == "hit"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tianxing.settings.test",
                   "DATABASE_URL": database_url(), "REDIS_URL": REDIS_URL}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         PUBLISH.format(pk=site_pages["artisan"].pk)],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "王秀兰（另一台服务器）" in get(client, "/artisans/a0001/").content.decode()
    cache.clear()
