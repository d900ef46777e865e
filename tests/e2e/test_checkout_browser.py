"""The whole buyer journey in chromium on a 360 px phone: a work's page → cart → checkout
(shipping and total shown before placing) → card payment through localstripe's stripe.js
card element → the order page says the payment is being confirmed, with no pay button →
localstripe's signed webhook marks the order paid → the page turns to paid by itself, and
the buyer paid once.

TIANXING_SCREENSHOTS=<dir> saves the checkout, pay and confirmation pages as PNGs."""

import os

import pytest
from playwright.sync_api import expect

from orders.models import Order, OrderStatus
from payments.models import Payment
from tests.orders.factories import make_product
from tests.payments.fakestripe import (  # noqa: F401
    localstripe,
    stripe_settings,
    webhook_to_live_server,
)

SHOTS = os.environ.get("TIANXING_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}-360.png"), full_page=True)


pytestmark = [
    pytest.mark.browser,
    pytest.mark.stripe,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]
@pytest.mark.usefixtures("webhook_to_live_server")
def test_buyer_pays_by_card_and_sees_the_order_paid(live_server, home, stripe_settings,  # noqa: F811
                                                    phone_page):
    product = make_product(home, title="竹编果篮", price="268.00", stock=2)
    page = phone_page
    page.goto(live_server.url + product.url)
    page.get_by_role("button", name="加入购物车").click()
    page.wait_for_url(live_server.url + "/cart/")
    assert "竹编果篮" in page.locator("main").inner_text()
    # The count comes from /visitor/ (pages are cached whole for every visitor).
    expect(page.locator(".cart-link__count")).to_have_text("1")
    page.get_by_role("link", name="去结算").click()
    page.wait_for_url(live_server.url + "/checkout/")
    page.get_by_label("姓名").fill("李明")
    page.get_by_label("手机号").fill("138 0013 8000")
    page.get_by_label("电子邮箱").fill("liming@example.cn")
    page.locator("input[name=delivery_method][value=courier]").check()
    page.get_by_role("combobox", name="省份").select_option("上海市")
    page.get_by_label("城市").fill("上海市")
    page.get_by_label("区/县").fill("徐汇区")
    page.get_by_label("详细地址").fill("漕溪北路 88 号 5 楼")
    page.locator("input[name=payment_provider][value=stripe]").check()
    assert page.locator("#summary-shipping").inner_text() == "¥18.00"
    assert page.locator("#summary-total").inner_text() == "¥286.00"  # before placing
    shot(page, "checkout")
    page.get_by_role("button", name="提交订单").click()
    page.wait_for_url("**/pay/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    order = Order.objects.get()
    assert "¥286.00" in page.locator(".order-total").inner_text()  # ¥268 + ¥18 courier

    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill("4242424242424242")
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("200030")
    shot(page, "pay")
    page.locator("#card-submit").click()
    page.wait_for_url(f"**/orders/{order.token}/?paid=1")
    # Paid in the browser: never a second pay button, whether the webhook came yet or not.
    assert page.get_by_role("link", name="立即付款").count() == 0
    assert page.locator(".order-status").inner_text() in ("付款确认中", "已付款")
    shot(page, "confirmation")

    # The page refreshes by itself until the webhook has marked the order paid.
    expect(page.locator(".order-status")).to_have_text("已付款", timeout=25_000)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID  # set by the webhook, not by the browser
    assert Payment.objects.filter(payable_id=order.pk).count() == 1
    assert page.get_by_role("link", name="立即付款").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
