"""The shop listing: each filter alone and combined, sorting, pagination, bad input."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from catalogue import selectors
from catalogue.models import StockRecord
from tests.catalogue.factories import ProductPageFactory

pytestmark = pytest.mark.django_db


def zh(message: str) -> str:
    """The Chinese the unprefixed pages show for an English msgid."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def titles(client, query=""):
    response = client.get("/shop/" + query)
    assert response.status_code == 200
    return [product.title for product in response.context["listing"].page_obj.object_list]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"竹编菜篮", "Bamboo pendant lamp", "紫薇活体编织·孔雀", "草编斗笠"}),
        ("?category=living-sculptures", {"紫薇活体编织·孔雀"}),
        ("?technique=bamboo-weaving", {"竹编菜篮", "Bamboo pendant lamp"}),
        ("?material=crape-myrtle", {"紫薇活体编织·孔雀"}),
        ("?kind=living", {"紫薇活体编织·孔雀"}),
        ("?kind=crafted", {"竹编菜篮", "Bamboo pendant lamp", "草编斗笠"}),
        ("?price_min=100&price_max=900", {"竹编菜篮", "Bamboo pendant lamp"}),
        ("?price_min=1000", {"紫薇活体编织·孔雀"}),
        ("?availability=in_stock", {"竹编菜篮", "紫薇活体编织·孔雀"}),
        ("?availability=made_to_order", {"Bamboo pendant lamp"}),
        ("?category=baskets&technique=bamboo-weaving&availability=in_stock", {"竹编菜篮"}),
        ("?kind=crafted&price_max=500&material=bamboo", {"竹编菜篮"}),
    ],
)
def test_each_filter_narrows_alone_and_combined(client, works, query, expected):
    assert set(titles(client, query)) == expected


def test_maker_filter_finds_works_with_that_artisan_among_the_makers(client, works, artisans):
    wang = artisans["wang"]
    assert set(titles(client, f"?maker={wang.pk}")) == {"竹编菜篮", "Bamboo pendant lamp",
                                                         "草编斗笠"}
    response = client.get(f"/shop/?maker={wang.pk}")
    assert "王秀兰" in response.content.decode()


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("price", ["草编斗笠", "竹编菜篮", "Bamboo pendant lamp", "紫薇活体编织·孔雀"]),
        ("-price", ["紫薇活体编织·孔雀", "Bamboo pendant lamp", "竹编菜篮", "草编斗笠"]),
        ("popular", ["Bamboo pendant lamp", "紫薇活体编织·孔雀", "竹编菜篮", "草编斗笠"]),
        ("newest", ["草编斗笠", "紫薇活体编织·孔雀", "Bamboo pendant lamp", "竹编菜篮"]),
    ],
)
def test_sorting(client, works, sort, expected):
    assert titles(client, f"?sort={sort}") == expected


def test_pagination_keeps_the_filters(client, shop, vocab, monkeypatch):
    monkeypatch.setattr(selectors, "PRODUCTS_PER_PAGE", 2)
    for n in range(5):
        ProductPageFactory(parent=shop, category=vocab["baskets"], price=Decimal(100 + n))
    response = client.get("/shop/?category=baskets&sort=price")
    html = response.content.decode()
    assert re.search(r'href="\?category=baskets&amp;sort=price&amp;page=2"', html)
    assert response.context["listing"].count == 5


def test_page_past_the_end_shows_the_last_page_with_a_message(client, works, monkeypatch):
    monkeypatch.setattr(selectors, "PRODUCTS_PER_PAGE", 3)
    response = client.get("/shop/?page=999")
    assert response.status_code == 200
    listing = response.context["listing"]
    assert listing.page_obj.number == 2
    assert listing.notices == [zh("There are only %(n)d pages of results; here is the last one.")
                               % {"n": 2}]


@pytest.mark.parametrize(
    "query",
    [
        "?price_min=abc",
        "?price_min=-5",
        "?price_max=1e999",
        "?price_min=900&price_max=100",
        "?category=no-such-category",
        "?technique=%3Cscript%3E",
        "?kind=plastic",
        "?availability=tomorrow",
        "?maker=abc",
        "?sort=cheapest",
        "?page=abc",
        "?page=-1",
        "?q=" + "编织" * 400,
    ],
)
def test_bad_input_renders_the_page_with_a_clear_message(client, works, query):
    response = client.get("/shop/" + query)
    assert response.status_code == 200
    listing = response.context["listing"]
    assert listing.notices, "every bad value is reported"
    # The rest of the listing still works: the bad filter was left out, not everything. A
    # search that is too long is shortened and still applied (no work has that text).
    if query.startswith("?q="):
        assert listing.query == "编织" * 50
        assert listing.count == 0
    else:
        assert listing.count == 4


def test_min_above_max_leaves_out_only_the_price_range(client, works):
    response = client.get("/shop/?price_min=900&price_max=100&kind=living")
    assert [p.title for p in response.context["listing"].page_obj] == ["紫薇活体编织·孔雀"]
    assert zh("The lowest price is above the highest price, so the price range was left "
              "out.") in response.content.decode()


def test_empty_result_explains_what_to_try(client, works):
    response = client.get("/shop/?kind=living&price_max=100")
    html = response.content.decode()
    assert response.context["listing"].count == 0
    assert zh("No works match these choices.") in html
    assert zh("Remove a filter, or widen the price range.") in html


def test_filters_work_without_javascript(client, works):
    """The filter form is a plain GET form with a submit button; no script is needed."""
    html = client.get("/shop/").content.decode()
    assert re.search(r'<form class="shop-filters" method="get" action="/shop/">', html)
    assert '<details class="shop-filters__panel"' in html
    assert 'type="submit"' in html


def test_english_shop_lists_english_pages(client, works, english_home, locales):
    from core.translation import sync_aliases

    shop = works["basket"].get_parent()
    sync_aliases(shop)
    for work in works.values():
        sync_aliases(work)
    response = client.get("/en/shop/?availability=in_stock")
    assert response.status_code == 200
    listing = response.context["listing"]
    assert {p.title for p in listing.page_obj} == {"竹编菜篮", "紫薇活体编织·孔雀"}
    assert all(p.locale_id == locales["en"].pk for p in listing.page_obj)


LISTING = "/shop/?category=baskets&kind=crafted&price_max=1000"
COLD_LISTING_QUERIES = 19


def test_listing_query_count_is_pinned_and_the_same_for_more_works(
    client, works, shop, vocab, page_queries, django_assert_num_queries
):
    small = page_queries(LISTING)
    for n in range(30):
        ProductPageFactory(parent=shop, category=vocab["baskets"], price=Decimal(90 + n))
    large = page_queries(LISTING)
    assert small == large
    cold, warm = large
    # Nothing cached: Wagtail's routing (site, locale, the pages on the way down, aliases,
    # view restrictions: 7), the menu, the settings, the language links, the vocabularies,
    # the count, the works, and for their cards the cover pictures and renditions, two
    # queries for any number of cards.
    assert cold == COLD_LISTING_QUERIES
    # Vocabularies, results and cards cached (whole pages are not, in these tests): Wagtail's
    # routing and the works on this page of results (with their stock, which the cards' keys
    # include). Served whole from the cache, the page costs none (tests/home/test_page_cache).
    with django_assert_num_queries(8):
        client.get(LISTING)


def test_a_cached_card_shows_sold_out_as_soon_as_the_stock_runs_out(client, works):
    def basket_card():
        html = client.get("/shop/").content.decode()
        cards = html.split('class="card product-card"')[1:]
        return next(card.split("</article>")[0] for card in cards if "竹编菜篮" in card)

    assert zh("In stock") in basket_card()  # the card is now cached
    StockRecord.objects.filter(product=works["basket"]).update(quantity=0)
    assert zh("Sold out") in basket_card()


def test_cached_results_follow_new_works_and_stock_at_once(client, works, shop, vocab):
    before = titles(client, "?category=baskets&kind=crafted")  # these results are now cached
    assert "竹编菜篮" in before
    assert set(titles(client, "?availability=in_stock")) == {"竹编菜篮", "紫薇活体编织·孔雀"}
    new = ProductPageFactory(parent=shop, title="草编收纳篮", category=vocab["baskets"],
                             price=Decimal("95.00"), finish__quantity=0)
    new.save_revision().publish()  # results are renewed by a publish (never by a draft)
    StockRecord.objects.filter(product=works["basket"]).update(quantity=0)
    assert titles(client, "?category=baskets&kind=crafted") == ["草编收纳篮", *before]
    assert titles(client, "?availability=in_stock") == ["紫薇活体编织·孔雀"]


def test_phone_shop_has_one_search_box_and_removable_filter_chips(client, works):
    html = client.get("/shop/?category=baskets&price_max=500&q=竹").content.decode()
    assert html.count('type="search"') == 1  # the shop's own; no site search in the header
    assert 'class="site-search"' not in html
    # Applied filters fold away: the panel stays closed, the chips and the count say it all.
    assert '<details class="shop-filters__panel" id="shop-filters-panel">' in html
    chips = html.split('class="filter-chips"')[1].split("</ul>")[0]
    assert f"{zh('Category')}: 篮筐" in chips and "≤ ¥500.00" in chips and "“竹”" in chips
    assert 'href="/shop/?price_max=500&amp;q=%E7%AB%B9"' in chips  # the list without the category
    assert 'class="result-count"' in html


def test_shop_headings_do_not_skip_a_level(client, works):
    html = client.get("/shop/").content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False))
    # A role on a heading takes its heading meaning away (Lighthouse: aria-allowed-role,
    # then heading-order skips from h1 to the cards' h3): the live region wraps the heading.
    assert not re.search(r"<h[1-6][^>]*\brole=", html)
    assert '<div role="status"><h2 class="result-count">' in html
