"""The public pages: the index (upcoming first, past by year, filters, query count), an
exhibition's page (facts, sessions, JSON-LD, OpenGraph, sitemap) and "exhibited at"."""

from datetime import datetime, timedelta

import pytest
from wagtail.test.utils import WagtailPageTestCase

from exhibitions.models import SHANGHAI, ExhibitionIndexPage, ExhibitionPage
from exhibitions.selectors import exhibition_listing
from home.models import HomePage
from tests.exhibitions.factories import make_exhibition

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_index_only_under_the_home_page_and_holds_only_exhibitions(self):
        self.assertAllowedParentPageTypes(ExhibitionIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ExhibitionIndexPage, {ExhibitionPage})
        self.assertAllowedParentPageTypes(ExhibitionPage, {ExhibitionIndexPage})
        self.assertAllowedSubpageTypes(ExhibitionPage, {})


def test_index_lists_upcoming_soonest_first_then_past_by_year(client, index):
    later = make_exhibition(index.get_parent(), title="秋季展", starts_in_days=40)
    sooner = make_exhibition(index.get_parent(), title="冬季集市", starts_in_days=3, kind="fair")
    running = make_exhibition(index.get_parent(), title="正在展出", starts_in_days=-1, days=3)
    past = make_exhibition(index.get_parent(), title="去年的展", starts_in_days=-400)
    response = client.get("/exhibitions/")
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(page.title) for page in (running, sooner, later, past)]
    assert positions == sorted(positions)
    assert str(past.starts_on.year) in html
    assert client.get("/exhibitions/", {"kind": "fair"}).content.decode().count("card__title") == 1
    by_year = client.get("/exhibitions/", {"year": str(past.starts_on.year)}).content.decode()
    assert past.title in by_year and later.title not in by_year or (
        later.starts_on.year == past.starts_on.year)


def test_bad_filter_values_show_a_message_not_an_error(client, index):
    make_exhibition(index.get_parent())
    response = client.get("/exhibitions/", {"year": "abc", "kind": "<script>"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_upcoming_and_past_turn_at_midnight_in_shanghai(index, rf):
    exhibition = make_exhibition(index.get_parent(), starts_in_days=0, days=1)
    day = exhibition.ends_on
    before_midnight = datetime.combine(day, datetime.max.time(), SHANGHAI) - timedelta(seconds=1)
    after_midnight = before_midnight + timedelta(seconds=2)
    # 23:59:59 in Shanghai is 15:59:59 UTC: still the exhibition's last day.
    request = rf.get("/exhibitions/")
    assert [p.pk for p in exhibition_listing(page=index, request=request,
                                             now=before_midnight).upcoming] == [exhibition.pk]
    listing = exhibition_listing(page=index, request=request, now=after_midnight)
    assert listing.upcoming == [] and [p.pk for p in listing.object_list] == [exhibition.pk]
    assert not exhibition.is_past(before_midnight) and exhibition.is_past(after_midnight)


def cover(title="封面"):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    return get_image_model().objects.create(title=title, file=get_test_image_file())


def add_exhibitions(home, upcoming: int, past: int, offset: int = 0):
    """Exhibitions with cover pictures, some upcoming (the first one running now), some past
    (over several years)."""
    for n in range(upcoming):
        make_exhibition(home, title=f"展 {offset + n}", starts_in_days=-1 if n == 0 else 5 + n,
                        days=3, cover_image=cover())
    for n in range(past):
        make_exhibition(home, title=f"旧展 {offset + n}", starts_in_days=-30 - 170 * n,
                        cover_image=cover())


# The exhibitions index with the whole-page cache off (a signed-in visitor): the site and
# its route (5), the language links, the view restrictions (2), the locale, the upcoming
# exhibitions, the past ones (count and page); the cards come from the cache.
INDEX_QUERIES = 11


def test_index_queries_are_pinned_whatever_the_number_of_exhibitions(
        client, index, django_assert_num_queries):
    home = index.get_parent()
    add_exhibitions(home, upcoming=2, past=2)
    client.get("/exhibitions/")  # cards rendered once, with their pictures' renditions
    with django_assert_num_queries(INDEX_QUERIES):
        few = client.get("/exhibitions/").content.decode()
    assert few.count("card__title") == 4 and few.count("<picture") == 4
    assert few.count("badge--stock") == 1  # "on now": the running exhibition's card

    add_exhibitions(home, upcoming=8, past=12, offset=10)
    client.get("/exhibitions/")
    with django_assert_num_queries(INDEX_QUERIES):
        more = client.get("/exhibitions/").content.decode()
    assert more.count("card__title") == 24 and more.count("<picture") == 24
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/exhibitions/", {"kind": "exhibition", "page": "2"})


def test_a_published_edit_shows_on_the_index_card(client, index):
    exhibition = make_exhibition(index.get_parent(), title="春季展", cover_image=cover())
    assert "春季展" in client.get("/exhibitions/").content.decode()
    exhibition.title = "春季植物编艺展"
    exhibition.save_revision().publish()
    assert "春季植物编艺展" in client.get("/exhibitions/").content.decode()


# An exhibition's page, rendered: the site and its route, the language links and view
# restrictions, the featured artisans, works and related pages, the gallery, the Chinese
# page holding the sessions, the sessions with their places taken, the cover picture.
EXHIBITION_QUERIES = 16


def feature(exhibition, *, works: int, registrations: int, offset: int = 0):
    from exhibitions import services
    from tests.orders.factories import make_product

    home = exhibition.get_parent().get_parent()
    for n in range(works):
        work = make_product(home, title=f"作品 {offset + n}")
        exhibition.featured_works.create(product=work)
        exhibition.featured_artisans.create(artisan=work.makers.first().artisan)
        exhibition.gallery_images.create(image=cover(f"图 {offset + n}"))
    exhibition.save_revision().publish()
    session = exhibition.sessions.first()
    for n in range(registrations):
        services.registration_create(page=exhibition, session_id=session.pk, name=f"访客{n}",
                                     phone=f"138{offset + n:08d}", party_size=1)


def test_exhibition_page_queries_are_pinned_whatever_it_features(
        client, index, django_assert_num_queries):
    exhibition = make_exhibition(index.get_parent(), capacity=100, cover_image=cover())
    feature(exhibition, works=1, registrations=1)
    client.get(exhibition.url)
    with django_assert_num_queries(EXHIBITION_QUERIES):
        few = client.get(exhibition.url).content.decode()
    assert "作品 0" in few and '"remainingAttendeeCapacity": 99' in few

    feature(exhibition, works=5, registrations=12, offset=10)
    client.get(exhibition.url)
    with django_assert_num_queries(EXHIBITION_QUERIES):
        more = client.get(exhibition.url).content.decode()
    assert "作品 14" in more and '"remainingAttendeeCapacity": 87' in more


def test_exhibition_page_shows_facts_sessions_and_structured_data(client, index):
    exhibition = make_exhibition(index.get_parent(), title="春季植物编艺展", capacity=30,
                                 organiser="天星村村委会", summary="百件作品")
    response = client.get(exhibition.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]  # places left: never a shared cached copy
    assert "天星村村委会" in html and "30" in html
    assert '"@type": "Event"' in html and '"remainingAttendeeCapacity": 30' in html
    assert 'property="og:title"' in html
    assert "uri.amap.com/search" in html
    assert exhibition.url + "register/" in html
    assert exhibition.url in client.get("/sitemap.xml").content.decode()


def test_artisan_and_work_pages_say_where_they_were_exhibited(client, index):
    from tests.orders.factories import make_product

    home = index.get_parent()
    work = make_product(home, title="竹编孔雀")
    artisan = work.makers.first().artisan
    exhibition = make_exhibition(home, title="天府农博会", starts_in_days=-30)
    exhibition.featured_artisans.create(artisan=artisan)
    exhibition.featured_works.create(product=work)
    exhibition.save_revision().publish()
    for page in (artisan, work):
        html = client.get(page.url).content.decode()
        assert "天府农博会" in html and exhibition.url in html


def test_home_page_shows_the_next_three_exhibitions(client, index):
    home = index.get_parent()
    titles = [make_exhibition(home, title=f"展览{n}", starts_in_days=n * 7).title
              for n in range(1, 5)]
    make_exhibition(home, title="已结束", starts_in_days=-20)
    html = client.get("/").content.decode()
    assert all(title in html for title in titles[:3])
    assert titles[3] not in html and "已结束" not in html


def test_exhibition_pages_go_through_the_committee_workflow(index):
    from wagtail.models import WorkflowPage

    from exhibitions import services

    services.exhibitions_section_setup(index_page=index)
    exhibition = make_exhibition(index.get_parent())
    workflow = exhibition.get_workflow()
    assert workflow is not None and WorkflowPage.objects.filter(page=index).exists()
    assert workflow.tasks.first().specific.groups.filter(name="Committee").exists()
