"""A work's page: purchase area, shipping rule per kind, SEO, private fields, query count."""

import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalogue.models import ProductPage, ProductPageForm
from catalogue.services import validate_maker_shares
from tests.catalogue.factories import ProductPageFactory

pytestmark = pytest.mark.django_db


def test_living_work_says_chengdu_delivery_or_pick_up_only(client, works):
    html = client.get(works["peacock"].url).content.decode()
    assert "shipping-rule--local" in html and "shipping-rule--nationwide" not in html
    assert "每天浇水一次" in html  # care instructions of a living work


def test_crafted_piece_ships_nationwide(client, works):
    html = client.get(works["basket"].url).content.decode()
    assert "shipping-rule--nationwide" in html and "shipping-rule--local" not in html


def test_purchase_area_shows_price_availability_and_makers(client, works):
    html = client.get(works["lamp"].url).content.decode()
    assert "¥880.00" in html
    assert "20" in re.search(r'purchase__availability">(.*?)</p>', html, re.S).group(1)
    assert "李德明" in html and "王秀兰" in html


def test_material_cost_and_shares_never_reach_the_public_page(client, works):
    html = client.get(works["basket"].url).content.decode()
    assert "91.37" not in html
    html = client.get("/shop/").content.decode()
    assert "91.37" not in html


def test_structured_data_opengraph_canonical_and_hreflang(client, works):
    html = client.get(works["basket"].url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S).group(1))
    assert data["@type"] == "Product"
    assert data["offers"]["priceCurrency"] == "CNY"
    assert data["offers"]["price"] == "120.00"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert '<meta property="og:title" content="竹编菜篮">' in html
    assert '<link rel="canonical" href="http://testserver/shop/basket/">' in html
    assert 'hreflang="zh-Hans"' in html


def test_sitemap_lists_works(client, works):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "/shop/basket/" in response.content.decode()


def test_makers_shares_must_add_up_to_100():
    validate_maker_shares([Decimal("60"), Decimal("40")])
    with pytest.raises(ValidationError):
        validate_maker_shares([Decimal("60"), Decimal("30")])
    assert ProductPage.base_form_class is ProductPageForm


def test_artisan_page_tag_lists_their_live_works(rf, works, artisans, django_assert_num_queries):
    from django.template import Context, Template

    template = Template("{% load catalogue_tags %}{% artisan_works artisan %}")
    request = rf.get("/")
    with django_assert_num_queries(5):
        html = template.render(Context({"artisan": artisans["li"], "request": request}))
    assert "Bamboo pendant lamp" in html and "紫薇活体编织·孔雀" in html
    assert "竹编菜篮" not in html


# Wagtail's routing (site, locale, the pages on the way down, aliases, view restrictions),
# the work's category, stock, makers, gallery, techniques and materials; the language links
# and the menu come from the cache. (A work with pictures adds one query for all their
# renditions.) Served whole from the cache to anonymous visitors, it costs none.
PRODUCT_PAGE_QUERIES = 15


def test_product_page_query_count_is_pinned(client, works, shop, vocab, artisans,
                                            django_assert_num_queries):
    url = works["lamp"].url
    client.get(url)
    with django_assert_num_queries(PRODUCT_PAGE_QUERIES):
        client.get(url)
    for n in range(20):
        ProductPageFactory(parent=shop, category=vocab["baskets"], price=Decimal(90 + n),
                           finish__makers=[(artisans["li"], Decimal("100"))])
    client.get(url)
    with django_assert_num_queries(PRODUCT_PAGE_QUERIES):
        client.get(url)


def test_every_work_page_costs_the_same_queries(client, works, django_assert_num_queries):
    # A made-to-order work skipped its stock figure and cost one query fewer than a work in
    # stock, so the benchmark's counts depended on which work it picked.
    for work in works.values():
        client.get(work.url)
        with django_assert_num_queries(PRODUCT_PAGE_QUERIES):
            client.get(work.url)


def test_sold_out_looks_sold_out_and_offers_to_have_one_made(client, works, artisans):
    html = client.get(works["hat"].url).content.decode()
    area = html.split('class="add-to-cart add-to-cart--sold-out sold-out"')[1].split("</div>")[0]
    assert "<button" not in area and "disabled" not in area
    link = re.search(r'<a class="button button--secondary" href="([^"]+)"', area).group(1)
    assert link.startswith(("/commissions/request/?work=",
                            f"/shop/?availability=made_to_order&amp;maker={artisans['wang'].pk}"))


def test_price_and_buy_button_come_before_the_description(client, works):
    # On a phone the first screen holds the picture, the title, the price and the button.
    html = client.get(works["peacock"].url).content.decode()
    assert html.index('class="product__title"') < html.index('class="purchase__price"') \
        < html.index('class="add-to-cart"') < html.index('class="product__summary"')
