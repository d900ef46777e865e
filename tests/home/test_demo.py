"""The demo village loads deterministically and a second run creates nothing twice; every
page has its English version, every picture its alt text and its renditions, and the tree
the bulk loader builds is sound."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from artisans.models import ArtisanPage
from catalogue.models import ProductPage
from core.demo.pages import block_id

pytestmark = pytest.mark.django_db(transaction=False)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.app_label not in {"sessions", "admin"}
        and model._meta.managed
    }


def test_demo_loader_is_idempotent(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    # A twentieth of the village: every loader runs its whole code path, in seconds.
    call_command("load_demo_village", "--scale", "0.05", "--quiet-logins", verbosity=0)
    first = row_counts()
    english_for_every_page()
    pages_validate_as_an_editor_would_submit_them()
    assert not any(Page.find_problems())
    first_visits_make_no_renditions(client)
    call_command("load_demo_village", "--scale", "0.05", "--quiet-logins", verbosity=0)
    second = row_counts()
    changed = {label: (first[label], second[label]) for label in first
               if first[label] != second[label] and not label.startswith("wagtailsearch")}
    assert changed == {}
    assert first["home.HomePage"] == 2
    assert first["auth.User"] >= 4
    # 15 recent orders, and 20 from last year that give the earnings ledger a full year.
    assert first["artisans.Household"] == 8 and first["orders.Order"] == 15 + 20


def test_scale_must_be_a_sensible_number():
    from django.core.management.base import CommandError

    for bad in ("0", "-1", "51"):
        with pytest.raises(CommandError):
            call_command("load_demo_village", "--scale", bad)


CHINESE = re.compile(r"[\u4e00-\u9fff]")


def english_for_every_page():
    for model in (ArtisanPage, ProductPage):
        chinese = model.objects.filter(locale__language_code="zh-hans")
        english = {page.translation_key: page for page in model.objects.filter(
            locale__language_code="en", alias_of__isnull=True)}
        assert chinese.exists() and len(english) == chinese.count()
        for page in english.values():
            assert not CHINESE.search(page.title), page.title
            assert not CHINESE.search(page.search_description), page.search_description
    artisan = ArtisanPage.objects.get(code="A0001", locale__language_code="zh-hans")
    translation = artisan.get_translation(english_locale())
    assert translation.title == artisan.name_pinyin != ""
    assert not CHINESE.search(translation.biography)
    assert [block.id for block in translation.portfolio] == [block_id("A0001", "gallery"),
                                                             block_id("A0001", "quote")]


def english_locale():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")


def pages_validate_as_an_editor_would_submit_them():
    """Wagtail 8's ImageBlock refuses a picture without alt text: an artisan changing one
    field of a demo page must not meet an error on a picture they did not touch."""
    for page in ArtisanPage.objects.all():
        page.full_clean()
        for item in page.portfolio[0].value["images"]:
            assert item["image"].contextual_alt_text
    for page in ProductPage.objects.order_by("pk")[:20]:
        page.full_clean()


def first_visits_make_no_renditions(client):
    from django.core.cache import cache

    renditions = get_image_model().get_rendition_model().objects
    before = renditions.count()
    work = ProductPage.objects.filter(locale__language_code="zh-hans").first()
    artisan = ArtisanPage.objects.filter(locale__language_code="zh-hans").first()
    for url in ("/", "/shop/", "/artisans/", work.url, artisan.url,
                "/en/", "/en/shop/", "/en/artisans/", "/en" + work.url, "/en" + artisan.url):
        cache.clear()
        assert client.get(url).status_code == 200, url
    assert renditions.count() == before


def test_pages_added_in_bulk_follow_the_existing_children(home, client):
    import io

    from artisans.models import ArtisanIndexPage
    from core.demo import DemoContext
    from tests.artisans.factories import HouseholdFactory, TechniqueFactory

    ctx = DemoContext(scale=1, stdout=io.StringIO())
    index = ctx.section_page(ArtisanIndexPage, chinese={"title": "手艺人", "slug": "artisans"},
                             english={"title": "Artisans"})
    household = HouseholdFactory()
    first = ArtisanPage(title="王芳", slug="a0001", code="A0001", household=household)
    index.add_child(instance=first)
    technique = TechniqueFactory()
    pages = []
    for n in (2, 3, 4):
        page = ArtisanPage(title=f"李{n}", slug=f"a000{n}", code=f"A000{n}", household=household)
        page.techniques = [technique]
        pages.append(page)
    ctx.add_pages(index, pages)

    assert not any(Page.find_problems())
    index.refresh_from_db()
    assert index.numchild == 4
    assert [child.slug for child in index.get_children()] == ["a0001", "a0002", "a0003", "a0004"]
    assert list(pages[2].techniques.all()) == [technique]
    assert client.get("/artisans/a0004/").status_code == 200
