"""A work's page and the shop on a 360 × 780 phone in a real browser: the price and the buy
button are in the first screen, a sold-out work says so plainly, and applied filters fold
away behind chips."""

from decimal import Decimal

import pytest
from wagtail.images.tests.utils import get_test_image_file

from tests.catalogue.factories import CatalogueIndexPageFactory, CategoryFactory, ProductPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]


@pytest.fixture
def shop(home):
    from wagtail.images import get_image_model

    shop = CatalogueIndexPageFactory(parent=home)
    baskets = CategoryFactory(slug="baskets", name="篮筐", name_en="Baskets")
    pictures = [get_image_model().objects.create(title=f"图 {n}", file=get_test_image_file(
        size=(800, 800))) for n in range(3)]
    for slug, quantity in (("basket", 4), ("hat", 0)):
        work = ProductPageFactory(parent=shop, slug=slug, title=f"竹编{slug}·很长的作品名字",
                                  category=baskets, price=Decimal("268.00"),
                                  summary="手工编织，结实耐用，适合日常买菜和收纳。" * 2,
                                  finish__quantity=quantity)
        for picture in pictures:
            work.gallery_images.create(image=picture)
    return shop


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    yield context.new_page()
    context.close()


def test_price_and_buy_button_in_the_first_screen(live_server, shop, phone):
    phone.goto(f"{live_server.url}/shop/basket/")
    for selector in (".purchase__price", ".add-to-cart button"):
        box = phone.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= 780, selector
    phone.goto(f"{live_server.url}/shop/hat/")
    label = phone.locator(".sold-out__label")
    assert label.bounding_box()["y"] + label.bounding_box()["height"] <= 780
    assert phone.locator(".add-to-cart button").count() == 0  # no dead button


def test_filters_fold_away_behind_chips(live_server, shop, phone):
    phone.goto(f"{live_server.url}/shop/?category=baskets")
    assert not phone.locator("#shop-filters-panel").evaluate("element => element.open")
    chip = phone.locator(".filter-chip").first
    assert chip.bounding_box()["y"] < 780
    chip.click()
    phone.wait_for_url(f"{live_server.url}/shop/")
    assert phone.locator(".filter-chip").count() == 0
