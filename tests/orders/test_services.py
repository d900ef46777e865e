"""Placing orders, the pipeline, stock, refunds as reversals — no network needed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from catalogue.models import StockRecord
from orders import services
from orders.models import (
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderLineMaker,
    OrderStatus,
    RefundAllocation,
)
from payments.models import PaymentProvider
from tests.orders.factories import artisan_for, make_product

pytestmark = pytest.mark.django_db


def place(product, buyer, quantity=1, method=DeliveryMethod.COURIER, **kwargs):
    return services.order_place(
        items=[(product.pk, quantity)], buyer=buyer, delivery_method=method,
        payment_provider=kwargs.pop("provider", PaymentProvider.STRIPE), **kwargs,
    )


def stock(product) -> int:
    return StockRecord.objects.get(product=product).quantity


def test_order_place_freezes_prices_and_shares_and_reserves_stock(home, buyer,
                                                                  django_assert_max_num_queries):
    a = artisan_for(home, "TX-01-002", "张三")
    b = artisan_for(home, "TX-01-001", "李四")
    product = make_product(home, price="100.01", stock=3, makers=[(a, "60"), (b, "40")])
    with django_assert_max_num_queries(25):
        order = place(product, buyer, quantity=2)
    assert stock(product) == 1
    assert order.subtotal == Decimal("200.02")
    assert order.shipping_fee == Decimal("18.00")  # courier under ¥500
    assert order.total == Decimal("218.02")
    product.price = Decimal("999.00")
    product.save_revision().publish()
    line = order.lines.get()
    assert line.unit_price == Decimal("100.01") and line.line_total == Decimal("200.02")
    shares = {m.household_code: m.amount for m in OrderLineMaker.objects.filter(line=line)}
    # 20002 fen × 60% = 12001.2, × 40% = 8000.8 → the leftover fen goes to the larger remainder
    assert shares == {"TX-01-002": Decimal("120.01"), "TX-01-001": Decimal("80.01")}
    assert sum(shares.values()) == line.line_total
    assert order.events.get().to_status == OrderStatus.AWAITING_PAYMENT
    assert len(order.token) >= 40


def test_query_count_is_pinned(home, buyer, django_assert_num_queries):
    products = [make_product(home, title=f"作品{i}", stock=5) for i in range(3)]
    items = [(p.pk, 1) for p in products]
    services.order_place(items=items[:1], buyer=buyer, delivery_method=DeliveryMethod.COURIER,
                         payment_provider=PaymentProvider.STRIPE)  # warm per-process caches
    with django_assert_num_queries(12):
        services.order_place(items=items, buyer=buyer, delivery_method=DeliveryMethod.COURIER,
                             payment_provider=PaymentProvider.STRIPE)


@pytest.mark.parametrize("items, message", [
    ([], "empty"),
    ([("PK", 0)], "at least 1"),
    ([("PK", -2)], "at least 1"),
    ([("PK", 6)], "not enough"),
    ([(999999, 1)], "no longer for sale"),
])
def test_bad_items_change_nothing(home, buyer, items, message):
    product = make_product(home, stock=5)
    items = [(product.pk if pid == "PK" else pid, q) for pid, q in items]
    with pytest.raises(services.OrderError, match=message):
        services.order_place(items=items, buyer=buyer, delivery_method=DeliveryMethod.COURIER,
                             payment_provider=PaymentProvider.STRIPE)
    assert Order.objects.count() == 0
    assert stock(product) == 5


def test_living_work_cannot_go_by_courier(home, buyer):
    living = make_product(home, kind="living", stock=2)
    with pytest.raises(services.OrderError, match="courier"):
        place(living, buyer)
    assert stock(living) == 2 and not Order.objects.exists()
    order = place(living, buyer, method=DeliveryMethod.LOCAL)
    assert order.shipping_fee == Decimal("40.00")


def test_local_delivery_only_in_chengdu(home, buyer):
    from dataclasses import replace

    product = make_product(home)
    with pytest.raises(services.OrderError, match="Chengdu"):
        place(product, replace(buyer, city="绵阳市"), method=DeliveryMethod.LOCAL)


def test_made_to_order_takes_no_stock_and_sets_lead_time(home, buyer):
    product = make_product(home, stock=0, made_to_order=True, lead_time_days=20)
    order = place(product, buyer, quantity=2, method=DeliveryMethod.PICKUP)
    assert order.lines.get().stock_reserved == 0 and order.max_lead_time_days == 20
    assert order.expected_delivery_date == timezone.localdate(order.created_at) + timedelta(21)
    with pytest.raises(services.OrderError):
        place(product, buyer, quantity=6, method=DeliveryMethod.PICKUP)


def pay(order):
    return services.payment_record_success(
        order=order, amount_fen=int(order.total * 100), currency="cny",
        provider=PaymentProvider.OFFLINE, reference="BANK-1")


def test_pipeline_happy_path_and_events(home, buyer, committee_user):
    product = make_product(home, made_to_order=True, lead_time_days=10, stock=0)
    order = pay(place(product, buyer))
    assert order.status == OrderStatus.PAID
    assert services.order_allowed_moves(order) == [OrderStatus.IN_PRODUCTION, OrderStatus.READY]
    for status in (OrderStatus.IN_PRODUCTION, OrderStatus.READY):
        order = services.order_set_status(order=order, to_status=status, actor=committee_user)
    with pytest.raises(services.OrderError, match="tracking number"):
        services.order_set_status(order=order, to_status=OrderStatus.SHIPPED, carrier="顺丰")
    order = services.order_set_status(order=order, to_status=OrderStatus.SHIPPED,
                                      carrier="顺丰", tracking_number="SF1234567890",
                                      actor=committee_user)
    order = services.order_set_status(order=order, to_status=OrderStatus.DELIVERED)
    order = services.order_set_status(order=order, to_status=OrderStatus.COMPLETED)
    moves = list(order.events.filter(kind=OrderEvent.Kind.STATUS)
                 .values_list("from_status", "to_status"))
    assert moves == [
        ("", "awaiting_payment"), ("awaiting_payment", "paid"), ("paid", "in_production"),
        ("in_production", "ready"), ("ready", "shipped"), ("shipped", "delivered"),
        ("delivered", "completed"),
    ]
    assert order.events.filter(actor=committee_user).count() == 3


@pytest.mark.parametrize("to_status", [
    OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED, OrderStatus.PAID,
    OrderStatus.REFUNDED, "nonsense",
])
def test_illegal_moves_are_refused(home, buyer, to_status):
    order = place(make_product(home), buyer)
    with pytest.raises(services.IllegalStatusMove):
        services.order_set_status(order=order, to_status=to_status)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.events.count() == 1


def test_the_whole_map_of_allowed_moves_is_pinned():
    S = OrderStatus
    refunds = {S.REFUNDED, S.PARTIALLY_REFUNDED}
    expected = {
        S.AWAITING_PAYMENT: {S.PAID, S.CANCELLED},
        S.PAID: {S.IN_PRODUCTION, S.READY} | refunds,
        S.IN_PRODUCTION: {S.READY} | refunds,
        S.READY: {S.SHIPPED, S.DELIVERED} | refunds,
        S.SHIPPED: {S.DELIVERED} | refunds,
        S.DELIVERED: {S.COMPLETED} | refunds,
        S.COMPLETED: refunds,
        S.PARTIALLY_REFUNDED: {S.IN_PRODUCTION, S.READY, S.SHIPPED, S.DELIVERED,
                               S.COMPLETED} | refunds,
        S.CANCELLED: {S.REFUNDED},
        S.REFUNDED: set(),
    }
    declared = dict(services.ALLOWED_MOVES)
    assert declared == expected
    system_only = set(services.SYSTEM_ONLY_TARGETS)
    assert system_only == {S.PAID} | refunds


def test_no_production_step_without_made_to_order_lines(home, buyer):
    order = pay(place(make_product(home), buyer))
    with pytest.raises(services.IllegalStatusMove):
        services.order_set_status(order=order, to_status=OrderStatus.IN_PRODUCTION)


def test_cancel_gives_stock_back(home, buyer):
    product = make_product(home, stock=2)
    order = place(product, buyer, quantity=2)
    assert stock(product) == 0
    services.order_set_status(order=order, to_status=OrderStatus.CANCELLED)
    assert stock(product) == 2
    with pytest.raises(services.IllegalStatusMove):
        services.order_set_status(order=order, to_status=OrderStatus.CANCELLED)
    assert stock(product) == 2


def test_unpaid_orders_release_stock_after_thirty_minutes(home, buyer):
    product = make_product(home, stock=3)
    now = timezone.now()
    old = place(product, buyer, quantity=2, now=now - timedelta(minutes=31))
    fresh = place(product, buyer, quantity=1, now=now - timedelta(minutes=5))
    assert stock(product) == 0
    assert services.orders_release_expired(now=now) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == OrderStatus.CANCELLED and not old.stock_held
    assert fresh.status == OrderStatus.AWAITING_PAYMENT
    assert stock(product) == 2
    assert services.orders_release_expired(now=now) == 0  # never twice
    assert stock(product) == 2


def test_release_command(home, buyer):
    from django.core.management import call_command

    product = make_product(home, stock=1)
    place(product, buyer, now=timezone.now() - timedelta(hours=1))
    call_command("release_unpaid_orders")
    assert stock(product) == 1


def test_late_payment_after_expiry_flags_the_order(home, buyer):
    product = make_product(home, stock=1)
    order = place(product, buyer, now=timezone.now() - timedelta(hours=1))
    services.orders_release_expired()
    order = pay(order)
    assert order.status == OrderStatus.CANCELLED and order.needs_attention


def test_amount_mismatch_flags_instead_of_paying(home, buyer):
    order = place(make_product(home), buyer)
    order = services.payment_record_success(order=order, amount_fen=100, currency="cny",
                                            provider=PaymentProvider.OFFLINE)
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.needs_attention
    assert "does not match" in order.attention_reason


def test_partial_then_full_refund_posts_reversals(home, buyer):
    a = artisan_for(home, "TX-02-001", "甲")
    b = artisan_for(home, "TX-02-002", "乙")
    product = make_product(home, price="600.00", makers=[(a, "50"), (b, "50")])
    order = pay(place(product, buyer))  # 600 + free shipping
    order = services.order_refund(order=order, amount_fen=10001, reason="damaged")
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    reversals = sorted(RefundAllocation.objects.values_list("amount", flat=True))
    assert sum(reversals) == Decimal("-100.01") and reversals == [Decimal("-50.01"),
                                                                 Decimal("-50.00")]
    with pytest.raises(services.OrderError, match="At most"):
        services.order_refund(order=order, amount_fen=60000)
    order = services.order_refund(order=order, amount_fen=49999)
    assert order.status == OrderStatus.REFUNDED and order.amount_refunded == Decimal("600.00")
    assert sum(RefundAllocation.objects.values_list("amount", flat=True)) == Decimal("-600.00")
    assert stock(product) == 5  # not sent yet: the piece is back on the shelf


def test_payment_counts_units_sold_for_the_popularity_sort(home, buyer):
    product = make_product(home, stock=4)
    pay(place(product, buyer, quantity=3))
    assert StockRecord.objects.get(product=product).units_sold == 3


def test_order_paid_and_order_refunded_signals_carry_the_order_and_reversals(home, buyer):
    from orders.signals import order_paid, order_refunded

    heard = []

    def on_paid(sender, order, **kwargs):
        heard.append(("paid", order.pk, order.status))

    def on_refunded(sender, refund, allocations, **kwargs):
        heard.append(("refunded", refund.amount, sorted(a.amount for a in allocations)))

    order_paid.connect(on_paid)
    order_refunded.connect(on_refunded)
    try:
        a = artisan_for(home, "TX-05-001", "丙")
        order = place(make_product(home, price="600.00", makers=[(a, "100")]), buyer)
        order = pay(order)
        services.order_refund(order=order, amount_fen=1000, reason="")
    finally:
        order_paid.disconnect(on_paid)
        order_refunded.disconnect(on_refunded)
    assert heard == [("paid", order.pk, OrderStatus.PAID),
                     ("refunded", Decimal("10.00"), [Decimal("-10.00")])]


def test_placement_reads_prices_inside_its_transaction(home, buyer, monkeypatch):
    """A price published between the buyer's cart and the order is the one frozen: the
    placing transaction reads the works itself."""
    from orders.services.placement import OrderCreator

    product = make_product(home, price="100.00")
    seen = []
    original = OrderCreator.load_products

    def load_products(self, wanted):
        seen.append(len(connection.savepoint_ids))
        return original(self, wanted)

    monkeypatch.setattr(OrderCreator, "load_products", load_products)
    product.price = Decimal("120.00")
    product.save_revision().publish()
    outside = len(connection.savepoint_ids)
    order = place(product, buyer)
    assert order.lines.get().unit_price == Decimal("120.00")
    assert seen == [outside + 1]  # inside order_place's own transaction
