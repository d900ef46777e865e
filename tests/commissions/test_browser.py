"""A client's whole journey in chromium on a 360 px phone: the request form → the tracking
link → accepting the quote the committee issued → paying the deposit by card through
localstripe's stripe.js → localstripe's signed webhook marks it paid → the tracking page
shows it. With SCREENSHOT_DIR set, the pages are saved there as PNGs."""

import os
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissions import services
from commissions.models import Commission, MilestoneStatus, Stage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.stripe,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]


def shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}-360.png"), full_page=True)


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.usefixtures("webhook_to_live_server")
def test_request_quote_acceptance_and_card_deposit(live_server, home, stripe_settings,
                                                   phone_page):
    page = phone_page
    page.goto(live_server.url + "/commissions/request/")
    fits(page)
    shot(page, "request-form")
    page.fill("input[name=organisation]", "寿安镇中心小学")
    page.fill("input[name=contact_name]", "李老师")
    page.fill("input[name=phone]", "139 0013 9000")
    page.fill("input[name=email]", "li@example.cn")
    page.fill("input[name=district]", "温江区寿安镇")
    page.fill("input[name=address]", "学府路 8 号")
    page.select_option("select[name=kind]", "green_wall")
    page.fill("input[name=size]", "约 60 平方米")
    page.select_option("select[name=budget]", "50-100k")
    page.check("input[name=consent_to_contact]")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/commissions/request/sent/")
    fits(page)
    commission = Commission.objects.get()
    page.locator(".track-link a").click()
    page.wait_for_url(f"**/commissions/track/{commission.token}/")

    services.commission_move(commission=commission, to_stage=Stage.SITE_SURVEY)
    quote = services.quote_create(
        commission=commission, valid_until=timezone.localdate() + timedelta(days=30),
        lines=[services.QuoteLineInput("materials", "活体植物与柳条", Decimal("60"),
                                       Decimal("120.00"), "平方米"),
               services.QuoteLineInput("labour", "编织工日", Decimal("12.5"),
                                       Decimal("280.00"), "工日")])
    services.quote_issue(quote=quote)

    page.reload()
    assert "¥10,700.00" in page.locator(".quote-total").inner_text()
    fits(page)
    page.fill("input[name=name]", "李老师")
    page.get_by_role("button", name="接受报价").click()
    page.wait_for_url(f"**/commissions/track/{commission.token}/#quote")
    deposit = commission.milestones.get(sequence=1)
    assert deposit.amount == Decimal("3210.00")

    page.locator(".milestone").first.get_by_role("link", name="付款").click()
    page.wait_for_url(f"**/pay/{deposit.pk}/")
    fits(page)
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill("4242424242424242")
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("611130")
    page.locator("#card-submit").click()
    page.wait_for_url("**?paid=1*")

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        deposit.refresh_from_db()
        if deposit.status == MilestoneStatus.PAID:
            break
        time.sleep(0.3)
    assert deposit.status == MilestoneStatus.PAID  # by the webhook, not by the browser
    page.reload()
    first = page.locator(".milestone").first
    assert "milestone--paid" in first.get_attribute("class")
    assert "已付款" in first.inner_text()
    fits(page)
    shot(page, "tracking")
