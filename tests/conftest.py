"""Fixtures every app's tests share: the two locales, a site with its home pages, demo-style
users per role, and a Playwright browser on Debian's chromium against a live server."""

import os

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from tests.factories import HomePageFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread, which makes Django refuse ORM
# calls there (fixtures included); the tests drive the browser and the ORM in turn, never at
# once, so the check is switched off for the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (menus, card fragments, pages, and Wagtail's
    renditions, whose entries would otherwise outlive the rolled-back rows they describe)."""
    from django.core.cache import caches

    for backend in caches.all(initialized_only=True):
        backend.clear()
    yield
    for backend in caches.all(initialized_only=True):
        backend.clear()


@pytest.fixture
def page_queries(client):
    """count(url, data) → (cold, warm): the queries of a GET with every cache empty, and of
    the same GET once the caches hold its routes, vocabularies and cards. (A first GET
    makes the pictures' renditions, which are files and rows, not cache entries.)"""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url, data=None):
        client.get(url, data)
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url, data)
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get(url, data).content == response.content
        return len(cold), len(warm)

    return count


@pytest.fixture
def locales(db):
    zh = Locale.objects.get_or_create(language_code="zh-hans")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    return {"zh-hans": zh, "en": en}


@pytest.fixture
def home(locales):
    """The zh-hans home page as the default site's root, with its English translation."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="天星村植物编艺", slug="tianxing")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    english = home.copy_for_translation(locales["en"])
    english.title = "Tianxing Plant Weaving"
    english.save_revision().publish()
    return home


@pytest.fixture
def english_home(home, locales):
    return home.get_translation(locales["en"])


def user_in_group(group_name: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def committee_user(db):
    return user_in_group("Committee", username="committee")


@pytest.fixture
def accountant_user(db):
    return user_in_group("Accountants", username="accountant")


@pytest.fixture
def admin_user_in_group(db):
    return user_in_group("Administrators", username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def browser(live_server):
    """Debian's chromium driven by Playwright; never a downloaded browser.

    Started after the database fixtures and stopped before their teardown: Playwright's sync
    API switches greenlets, and Django's per-context connections would otherwise miss the
    serialized data that transactional tests restore between tests."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    """A 360 px wide page, the size of the small phones many villagers use."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
