"""The English exhibition pages follow the Chinese ones: when the Chinese page is published,
its facts (dates, sessions and capacities, admission, who and what is featured) reach the
English page at once, while the words translated before stay translated."""

from datetime import timedelta
from decimal import Decimal

import pytest
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField
from wagtail_localize.models import Translation

from exhibitions.models import ExhibitionPage, ExhibitionSession
from tests.exhibitions.factories import at, make_exhibition
from tests.orders.factories import artisan_for, make_product

pytestmark = pytest.mark.django_db

SYNCED = {"kind", "starts_on", "ends_on", "admission_price", "cover_image", "registration_open",
          "sessions", "gallery_images", "featured_artisans", "featured_works", "related_pages"}
TRANSLATED = {"title", "summary", "opening_hours", "venue", "address", "organiser", "body"}


def test_every_fact_is_synchronised_and_every_text_translatable():
    declared = {field.field_name: field for field in ExhibitionPage.translatable_fields}
    assert {name for name in SYNCED if isinstance(declared[name], SynchronizedField)} == SYNCED
    assert {name for name in TRANSLATED if type(declared[name]) is TranslatableField} \
        == TRANSLATED


@pytest.fixture
def spring(home, locales):
    """A Chinese exhibition featuring 王秀英 and her work, and its English page made with
    copy_for_translation, as the demo and the committee make them."""
    wang = artisan_for(home, code="TX-01-002", name="王秀英")
    work = make_product(home, title="竹编孔雀", makers=[(wang, "100")])
    exhibition = make_exhibition(home, title="春季植物编艺展", slug="spring", capacity=30,
                                 admission_price=Decimal("20.00"), organiser="天星村村委会",
                                 summary="百件作品")
    exhibition.featured_artisans.create(artisan=wang)
    exhibition.featured_works.create(product=work)
    exhibition.save_revision().publish()
    english = exhibition.copy_for_translation(locales["en"], copy_parents=True)
    english.title, english.summary = "Spring Plant Weaving Show", "A hundred works"
    english.venue, english.organiser = "Plant Weaving Expo Park", "Tianxing village committee"
    english.address = "Tianxing village, Shou'an, Wenjiang, Chengdu, Sichuan"
    english.save_revision().publish()
    wang_en = wang.copy_for_translation(locales["en"], copy_parents=True)
    wang_en.title = "Wang Xiuying"
    wang_en.save_revision().publish()
    return (ExhibitionPage.objects.get(pk=exhibition.pk),
            ExhibitionPage.objects.get(pk=english.pk), wang_en.__class__.objects.get(
                pk=wang_en.pk))


def test_publishing_the_chinese_page_brings_the_facts_to_the_english_one(spring, home, client):
    exhibition, english, wang_en = spring
    later = exhibition.starts_on + timedelta(days=7)
    exhibition.starts_on, exhibition.ends_on = later, later + timedelta(days=1)
    exhibition.admission_price = Decimal("30.00")
    exhibition.registration_open = False
    session = exhibition.sessions.first()
    session.starts_at, session.ends_at = at(later, 9), at(later, 12)
    session.capacity = 80
    exhibition.sessions = [session, ExhibitionSession(
        starts_at=at(later, 14), ends_at=at(later, 17), capacity=40, label="下午场")]
    weaver = artisan_for(home, code="TX-02-001", name="李德明")
    exhibition.featured_works.add(exhibition.featured_works.model(
        product=make_product(home, title="藤编果盘", makers=[(weaver, "100")])))
    exhibition.save_revision().publish()

    english = ExhibitionPage.objects.get(pk=english.pk)
    assert english.locale == Locale.objects.get(language_code="en")
    # The facts, at once.
    assert (english.starts_on, english.ends_on) == (later, later + timedelta(days=1))
    assert english.admission_price == Decimal("30.00") and not english.registration_open
    assert sorted((s.starts_at, s.ends_at, s.capacity, s.label)
                  for s in english.sessions.all()) == sorted(
        (s.starts_at, s.ends_at, s.capacity, s.label) for s in exhibition.sessions.all())
    assert sorted(w.product_id for w in english.featured_works.all()) == sorted(
        w.product_id for w in exhibition.featured_works.all())
    # The words translated before stay translated.
    assert english.title == "Spring Plant Weaving Show"
    assert english.venue == "Plant Weaving Expo Park"
    assert english.organiser == "Tianxing village committee"
    assert Translation.objects.filter(source__object_id=exhibition.translation_key,
                                      target_locale__language_code="en").exists()

    html = client.get(english.url).content.decode()
    assert "Spring Plant Weaving Show" in html and "Plant Weaving Expo Park" in html
    assert wang_en.url in html  # the featured artisan, by her English page
    assert "藤编果盘" in html  # a work without an English page: its Chinese one


def test_registrations_on_the_chinese_sessions_survive_an_edit(spring):
    from exhibitions import services
    from exhibitions.models import Registration

    exhibition, english, _wang_en = spring
    session = exhibition.sessions.first()
    services.registration_create(page=english, session_id=session.pk, name="Anna",
                                 phone="13812345678", party_size=2, language="en")
    exhibition = ExhibitionPage.objects.get(pk=exhibition.pk)
    exhibition.admission_price = Decimal("25.00")
    exhibition.save_revision().publish()
    assert Registration.objects.get().session.page_id == exhibition.pk
    assert ExhibitionPage.objects.get(pk=english.pk).admission_price == Decimal("25.00")
