import pytest
from django.urls import reverse

from core.translation import sync_aliases
from tests.artisans.factories import (
    ArtisanIndexPageFactory,
    ArtisanPageFactory,
    HouseholdFactory,
)

pytestmark = pytest.mark.django_db


def figure(html: str, name: str) -> str:
    start = html.index(f'data-figure="{name}">') + len(f'data-figure="{name}">')
    return html[start : html.index("</dd>", start)].strip()


@pytest.fixture
def village(home):
    index = ArtisanIndexPageFactory(parent=home)
    first, second = HouseholdFactory(code="TX-01-001"), HouseholdFactory(code="TX-02-002")
    HouseholdFactory(code="TX-03-003")  # a household with no artisan yet is not counted
    ArtisanPageFactory(parent=index, household=first, title="王秀兰")
    ArtisanPageFactory(parent=index, household=first, title="王建国")
    ArtisanPageFactory(parent=index, household=second, title="李桂芳")
    draft = ArtisanPageFactory(parent=index, household=second, title="未发布")
    draft.unpublish()
    sync_aliases(index)
    return index


def test_home_page_shows_figures_computed_from_the_register(client, village):
    html = client.get("/").content.decode()
    assert figure(html, "artisans") == "3"
    assert figure(html, "households") == "2"
    # No figure yet from the earnings ledger: the income is left out, not shown as a dash.
    assert 'data-figure="household-income"' not in html
    assert "—" not in html.split('class="impact container"')[1].split("</section>")[0]


def test_figures_and_shop_button_follow_publication(client, village, home,
                                                    django_capture_on_commit_callbacks):
    # The figures, the featured artisans and the shop are cached until a page is published:
    # a new artisan counts at once, an unpublished one stops counting, a new shop gets its
    # button even after the home page was shown without one.
    from artisans.models import Household
    from tests.catalogue.factories import CatalogueIndexPageFactory

    html = client.get("/").content.decode()
    assert (figure(html, "artisans"), figure(html, "households")) == ("3", "2")
    assert "hero__cta" not in html
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = ArtisanPageFactory(parent=village, title="张春燕",
                                      household=Household.objects.get(code="TX-03-003"))
        newcomer.save_revision().publish()
        CatalogueIndexPageFactory(parent=home).save_revision().publish()
    html = client.get("/").content.decode()
    assert (figure(html, "artisans"), figure(html, "households")) == ("4", "3")
    assert 'class="button hero__cta" href="/shop/"' in html
    with django_capture_on_commit_callbacks(execute=True):
        newcomer.unpublish()
    html = client.get("/").content.decode()
    assert (figure(html, "artisans"), figure(html, "households")) == ("3", "2")


def test_hero_has_a_button_to_the_shop(client, village, home):
    from tests.catalogue.factories import CatalogueIndexPageFactory

    CatalogueIndexPageFactory(parent=home)
    html = client.get("/").content.decode()
    hero = html.split('aria-labelledby="hero-heading"')[1].split("</section>")[0]
    assert 'class="button hero__cta" href="/shop/"' in hero


def test_featured_cards_show_each_artisans_own_years(client, village):
    from tests.artisans.conftest import own_image

    for years, artisan in zip((7, 23, 41), village.get_children().live().specific(),
                              strict=False):
        artisan.years_weaving = years
        artisan.portrait = own_image(None, f"肖像 {years}")
        artisan.save_revision().publish()
    html = client.get("/").content.decode()
    featured = html.split('id="featured-heading"')[1].split("</section>")[0]
    for years in (7, 23, 41):
        assert f"编艺 {years} 年" in featured or f"{years} years weaving" in featured


def test_favicon_is_served(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.ico"
    assert client.get("/static/favicon.ico").status_code == 200
    assert '<link rel="icon" href="/static/favicon.ico"' in client.get("/").content.decode()


def test_site_search_offers_all_matching_artisans(client, village):
    for number in range(14):
        ArtisanPageFactory(parent=village, title=f"编织手艺人{number}",
                           household=HouseholdFactory(code=f"TX-09-{number:03d}"))
    def listed(html):
        return html.split('class="search-artisans"')[1].split("</ul>")[0].count("<li>")

    html = client.get(reverse("search"), {"q": "编织"}).content.decode()
    assert listed(html) == 12
    assert 'href="?q=%E7%BC%96%E7%BB%87&amp;show=artisans"' in html
    everyone = client.get(reverse("search"), {"q": "编织", "show": "artisans"}).content.decode()
    assert listed(everyone) == 14


def test_home_figures_follow_the_data(client, village):
    ArtisanPageFactory(parent=village, household=HouseholdFactory(code="TX-04-004"))
    html = client.get("/").content.decode()
    assert figure(html, "artisans") == "4"
    assert figure(html, "households") == "3"


def test_home_page_renders_in_both_languages(client, village):
    chinese = client.get("/")
    english = client.get("/en/")
    assert chinese.status_code == english.status_code == 200
    assert '<html lang="zh-Hans">' in chinese.content.decode()
    assert "手艺人" in chinese.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "Artisans" in english.content.decode()
    assert figure(english.content.decode(), "artisans") == "3"


def test_language_switcher_keeps_the_page(client, village):
    html = client.get("/artisans/").content.decode()
    assert 'href="/en/artisans/"' in html
    html = client.get("/en/artisans/").content.decode()
    assert 'href="/artisans/"' in html


def test_zh_hans_prefix_redirects_to_the_canonical_address(client, home):
    response = client.get("/zh-hans/search/", {"q": "竹"})
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=%E7%AB%B9"


@pytest.mark.parametrize(
    ("url", "text", "lang"),
    [("/no-such-page/", "页面没有找到", "zh-Hans"), ("/en/no-such-page/", "Page not found", "en")],
)
def test_unknown_url_gives_the_sites_own_404_in_the_visitors_language(client, home, url, text,
                                                                        lang):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert text in html
    assert f'<html lang="{lang}">' in html
    assert 'class="site-header"' in html


def test_search_page_renders_and_shortens_very_long_queries(client, village):
    response = client.get(reverse("search"), {"q": "王" * 500})
    assert response.status_code == 200
    assert "100" in response.content.decode()


def test_money_is_shown_as_yuan_with_two_places():
    from decimal import Decimal

    from home.templatetags.tianxing_tags import yuan

    assert yuan(Decimal("1280")) == "¥1,280.00"
    assert yuan(Decimal("38000.5")) == "¥38,000.50"
    assert yuan(None) == "—"


def test_main_menu_lists_the_sections_and_follows_changes(client, village, home):
    html = client.get("/").content.decode()
    assert 'href="/artisans/"' in html
    village.show_in_menus = False
    village.save_revision().publish()
    assert 'href="/artisans/"' not in client.get("/").content.decode()


def test_main_menu_is_served_from_the_cache(client, village):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/artisans/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/artisans/")
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/artisans/")
    assert len(warm) <= len(cold) - 3


def test_featured_artisans_cost_the_same_queries_for_one_or_six(client, village, home):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.artisans.conftest import own_image

    def cold_home_queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    artisans = list(village.get_children().specific())
    artisans[0].portrait = own_image(None, "肖像 0")
    artisans[0].save_revision().publish()
    client.get("/")  # renditions are created on the first render
    one = cold_home_queries()
    for n, artisan in enumerate(artisans[1:], start=1):
        artisan.portrait = own_image(None, f"肖像 {n}")
        artisan.save_revision().publish()
    client.get("/")
    assert cold_home_queries() == one
