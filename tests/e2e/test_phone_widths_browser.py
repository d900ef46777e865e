"""Every kind of public page fits a 360 px phone in both languages: no sideways scrolling
(document.scrollingElement.scrollWidth <= 360), in one browser session per language —
home, shop, a work, artisans, an artisan, exhibitions, an exhibition, commissions, a case,
the commission request, news and an article, search, the real 404 page, cart, checkout and
find-my-order, with long names that must wrap. The committee's order and commission desks fit
too: a card per record, its status and amount in sight. Screenshots go to $SCREENSHOT_DIR when
it is set."""

import dataclasses
import os
import re

import pytest

from commissions import services as commission_services
from commissions.models import CommissionCaseIndexPage, Stage
from core.roles import grant_site_permissions
from core.translation import sync_aliases
from orders import services as order_services
from orders.models import DeliveryMethod, Order
from payments.models import PaymentProvider
from tests.commissions.factories import make_accepted
from tests.exhibitions.factories import make_exhibition
from tests.news.factories import make_article
from tests.orders.conftest import BUYER
from tests.orders.factories import make_product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")
LONG = "天星村植物编艺合作社活体紫薇编织大型孔雀景观装置作品"


@pytest.fixture
def village(home, committee_user):
    grant_site_permissions(home)
    work = make_product(home, title=LONG)
    exhibition = make_exhibition(home, title=LONG + "展览")
    showcase = CommissionCaseIndexPage(title="定制工程", slug="commissions")
    home.add_child(instance=showcase)
    showcase.save_revision().publish()
    commission = make_accepted()
    type(commission).objects.filter(pk=commission.pk).update(stage=Stage.CLOSED)
    commission.refresh_from_db()
    case = commission_services.case_page_create(commission=commission, index_page=showcase,
                                                actor=committee_user, publish=True)
    article = make_article(home, title=LONG + "开园", summary=LONG * 3)
    artisan = work.makers.first().artisan
    for page in (work.get_parent(), work, artisan.get_parent(), artisan,
                 exhibition.get_parent(), exhibition, showcase, case,
                 article.get_parent(), article):
        sync_aliases(page)
    return {"work": work, "artisan": artisan, "exhibition": exhibition, "case": case,
            "article": article}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_pages_fit_a_360px_phone(live_server, village, phone_page, prefix):
    base = live_server.url + prefix
    phone_page.goto(base + village["work"].url)
    phone_page.locator("main form[action*='cart/add'] button[type=submit]").first.click()
    phone_page.wait_for_load_state("networkidle")
    paths = ["/", "/shop/", village["work"].url, "/artisans/", village["artisan"].url,
             "/exhibitions/", village["exhibition"].url, "/commissions/", village["case"].url,
             "/commissions/request/", "/news/", village["article"].url,
             "/search/?q=" + ("编" if not prefix else "weaving"),
             "/no-such-page/", "/cart/", "/checkout/", "/orders/find/"]
    too_wide = {}
    for path in paths:
        response = phone_page.goto(base + path)
        assert response.status == (404 if path == "/no-such-page/" else 200), path
        width = phone_page.evaluate("document.scrollingElement.scrollWidth")
        if width > 360:
            too_wide[path] = width
        if SCREENSHOTS:
            name = re.sub(r"[^a-z0-9]+", "-", f"{prefix}{path}".lower()).strip("-") or "home"
            phone_page.screenshot(path=os.path.join(SCREENSHOTS, f"phone-{name}.png"),
                                  full_page=True)
    assert too_wide == {}


def test_committee_desks_fit_a_360px_phone(live_server, village, phone_page):
    order = order_services.order_place(
        items=[(village["work"].pk, 1)], buyer=dataclasses.replace(BUYER, name=LONG[:20]),
        delivery_method=DeliveryMethod.COURIER, payment_provider=PaymentProvider.OFFLINE)
    Order.objects.filter(pk=order.pk).update(needs_attention=True, attention_reason="少付")
    phone_page.goto(live_server.url + "/admin/login/")
    phone_page.fill("input[name=username]", "committee")
    phone_page.fill("input[name=password]", "password")
    phone_page.locator("form button[type=submit]").click()
    phone_page.wait_for_url(live_server.url + "/admin/")
    for path, number, amount in (
            ("/admin/order_desk/", order.number, "¥"),
            ("/admin/commissions/", village["case"].commission.reference, "¥")):
        phone_page.goto(live_server.url + path)
        row = phone_page.locator("#listing-results tbody tr", has_text=number)
        assert phone_page.evaluate("document.scrollingElement.scrollWidth") <= 360, path
        listing = phone_page.locator("#listing-results")
        assert listing.evaluate("e => e.scrollWidth <= e.clientWidth"), path
        # The number, the stage or status, and the amount all in sight, without scrolling.
        for cell in (row.locator("td", has_text=number),
                     row.locator("td", has_text=amount).last):
            box = cell.bounding_box()
            assert box and box["width"] > 0 and box["x"] + box["width"] <= 360, (path, box)
        if SCREENSHOTS:
            name = path.strip("/").replace("/", "-")
            phone_page.screenshot(path=os.path.join(SCREENSHOTS, f"phone-{name}.png"))
