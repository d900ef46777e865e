"""Once served, a page is routed from the cache (home.serving) and its card is kept
rendered; every change an editor makes still reaches visitors on their next request."""

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.artisans.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def card_of(html: str, name: str) -> str:
    cards = html.split('class="card artisan-card"')[1:]
    return next(card.split("</article>")[0] for card in cards if name in card)


def test_a_renamed_address_takes_effect_at_once(client, page_a):
    assert client.get("/artisans/a0001/").status_code == 200  # the route is now cached
    page_a.slug = "wang-xiulan"
    page_a.save_revision().publish()
    assert client.get("/artisans/a0001/").status_code == 404
    assert client.get("/artisans/wang-xiulan/").context["page"].pk == page_a.pk


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


def test_each_language_keeps_its_own_route(client, page_a):
    english = client.get("/en/artisans/a0001/").context["page"]
    chinese = client.get("/artisans/a0001/").context["page"]
    assert client.get("/en/artisans/a0001/").context["page"].pk == english.pk
    assert english.locale.language_code == "en"
    assert chinese.locale.language_code == "zh-hans"
    assert english.translation_key == chinese.translation_key


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
    return [artisan.title for artisan in client.get("/artisans/" + query).context["artisans"]]


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


def test_renaming_a_section_moves_the_pages_under_it_at_once(client, page_a, directory):
    assert client.get("/artisans/a0001/").status_code == 200  # the route is now cached
    directory.slug = "shouyiren"
    directory.save_revision().publish()
    assert client.get("/artisans/a0001/").status_code == 404
    assert client.get("/shouyiren/a0001/").context["page"].pk == page_a.pk
