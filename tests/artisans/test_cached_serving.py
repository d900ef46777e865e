"""Pages served whole from the cache to anonymous visitors (core.caching), cards kept rendered
and filter results kept: every change an editor publishes still reaches visitors on their next
request. (tests/home/test_page_cache.py runs the same promises on each cache backend.)"""

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.artisans.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def whole_pages_cached(settings):
    settings.PAGE_CACHE_SECONDS = 3600


def card_of(html: str, name: str) -> str:
    cards = html.split('class="card artisan-card"')[1:]
    return next(card.split("</article>")[0] for card in cards if name in card)


def test_an_unpublished_or_deleted_page_is_gone_at_once(client, page_a, page_b):
    assert client.get("/artisans/a0001/").status_code == 200
    assert client.get("/artisans/a0002/").status_code == 200
    page_a.unpublish()
    Page.objects.get(pk=page_b.pk).delete()
    assert client.get("/artisans/a0001/").status_code == 404
    assert client.get("/artisans/a0002/").status_code == 404


def test_a_new_view_restriction_is_enforced_at_once(client, page_a, directory):
    assert client.get("/artisans/a0001/").status_code == 200
    PageViewRestriction.objects.create(page=directory,
                                       restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/artisans/a0001/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_card_follows_a_published_change_at_once(client, page_a):
    assert "王秀兰" in client.get("/artisans/").content.decode()  # the card is now cached
    page_a.title = "王秀兰（草编）"
    page_a.years_weaving = 41
    page_a.save_revision().publish()
    card = card_of(client.get("/artisans/").content.decode(), "王秀兰")
    assert "王秀兰（草编）" in card
    assert "41" in card


def test_a_card_follows_a_new_focal_point_at_once(client, page_a):
    before = card_of(client.get("/artisans/").content.decode(), "王秀兰")
    portrait = page_a.portrait
    portrait.set_focal_point(portrait.get_rect().__class__(0, 0, 100, 100))
    portrait.save()
    after = card_of(client.get("/artisans/").content.decode(), "王秀兰")
    assert after != before  # the crop, and so the rendition's address, changed
    assert "/media/images/" in after


def listed(client, query: str) -> list[str]:
    html = client.get("/artisans/" + query).content.decode()
    return [card.split('class="card__title">')[1].split("<")[0]
            for card in html.split('class="card artisan-card"')[1:]]


def test_cached_results_follow_the_register_and_publishing_at_once(client, page_a, page_b):
    assert listed(client, "?group=1") == ["王秀兰"]  # these results are now cached
    assert listed(client, "?experience=30-plus") == []
    HouseholdFactory(code="TX-01-009", village_group=1)  # group 1 stays on the register
    household = page_a.household
    household.village_group = 2
    household.save()
    page_b.years_weaving = 33
    page_b.save_revision().publish()
    assert listed(client, "?group=1") == []
    assert listed(client, "?group=2") == ["王秀兰", "李桂芳"]
    assert listed(client, "?experience=30-plus") == ["李桂芳"]
