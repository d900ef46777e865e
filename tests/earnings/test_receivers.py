"""Posting as things happen: the shop's own services pay and refund an order, orders send
their signals, and the ledger has the entries at once (and a replay changes nothing)."""

from decimal import Decimal

import pytest

from earnings import services
from earnings.models import EntryKind, LedgerEntry
from orders import services as order_services
from orders.models import Order
from payments import services as payment_services
from payments.models import Payment, PaymentStatus
from tests.orders.conftest import BUYER
from tests.orders.factories import artisan_for, make_product

pytestmark = pytest.mark.django_db


def test_paying_and_refunding_an_order_posts_its_entries(home):
    a = artisan_for(home, code="TX-01-001", name="王秀英")
    b = artisan_for(home, code="TX-01-002", name="李桂芳")
    product = make_product(home, price="128.00", makers=[(a, "60"), (b, "40")])
    order = order_services.order_place(items=[(product.pk, 1)], buyer=BUYER,
                                       delivery_method="pickup", payment_provider="offline")
    order_services.payment_record_success(order=order, amount_fen=12800, currency="CNY",
                                          provider="offline", reference="BANK-1")
    sales = LedgerEntry.objects.filter(kind=EntryKind.SALE).order_by("household__code")
    # 128.00 − 20.00 material = 108.00; 10% retention → 97.20 by 60:40 of the gross.
    assert [(e.household.code, e.amount, e.posted_by) for e in sales] == [
        ("TX-01-001", Decimal("58.32"), "signal:order_paid"),
        ("TX-01-002", Decimal("38.88"), "signal:order_paid")]
    payment = Payment.objects.get(payable_id=order.pk, status=PaymentStatus.SUCCEEDED)
    payment_services.refund_record(payment=payment, amount_fen=12800, reason="买家取消")
    reversals = LedgerEntry.objects.filter(kind=EntryKind.REVERSAL)
    assert sorted(e.amount for e in reversals) == [Decimal("-58.32"), Decimal("-38.88")]
    assert {e.posted_by for e in reversals} == {"signal:order_refunded"}
    counts = services.ledger_backfill()  # every installed source; only orders' post
    assert (counts["orders.sale"], counts["orders.refund"], sum(counts.values())) == (
        0, 0, 0)
    assert Order.objects.get(pk=order.pk).status == "refunded"
