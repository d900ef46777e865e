"""Reads that span an order's relations: the tracking page, the shipping options a cart
has, the desk's list and export, household sales totals."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Prefetch, Sum
from django.utils import timezone

from core.money import from_fen
from orders.models import (
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderLine,
    OrderLineMaker,
    OrderStatus,
    RefundAllocation,
)
from orders.services.shipping import REMOTE_PROVINCES, shipping_quote
from payments.models import PaymentStatus
from payments.selectors import latest_payment, payments_for, refunds_for

TIMELINE = [
    OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID, OrderStatus.IN_PRODUCTION,
    OrderStatus.READY, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED,
]


def shipping_rules(*, subtotal_fen: int, has_living: bool) -> list[dict]:
    """Each delivery method's fee for this cart (and to a remote province), so checkout can
    show shipping and the total before the buyer commits."""
    remote = next(iter(sorted(REMOTE_PROVINCES)))
    rules = []
    for method, label in DeliveryMethod.choices:
        quote = shipping_quote(delivery_method=method, subtotal_fen=subtotal_fen,
                               has_living=has_living)
        far = shipping_quote(delivery_method=method, subtotal_fen=subtotal_fen,
                             has_living=has_living, province=remote)
        rules.append({"method": method, "label": label, "allowed": quote.allowed,
                      "fee": from_fen(quote.fee_fen), "remote_fee": from_fen(far.fee_fen),
                      "reason": quote.reason})
    return rules


def checkout_summary(*, subtotal_fen: int, has_living: bool, delivery_method: str,
                     province: str = "") -> dict:
    """The shipping and total for the buyer's current choice (None while it cannot ship)."""
    quote = shipping_quote(delivery_method=delivery_method, subtotal_fen=subtotal_fen,
                           has_living=has_living, province=province)
    if not quote.allowed:
        return {"shipping": None, "total": None}
    return {"shipping": from_fen(quote.fee_fen), "total": from_fen(subtotal_fen + quote.fee_fen)}


def order_with_details(*, pk: int | None = None, token: str | None = None) -> Order:
    query = Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.prefetch_related("makers")),
        Prefetch("events", queryset=OrderEvent.objects.select_related("actor")),
    )
    order = query.get(pk=pk) if pk is not None else query.get(token=token)
    order.payment_list = payments_for(payable_type=Order.PAYABLE_TYPE, payable_id=order.pk)
    order.refund_list = refunds_for(payable_type=Order.PAYABLE_TYPE, payable_id=order.pk)
    return order


# How long the tracking page keeps refreshing while a payment is being confirmed; after
# that it says the confirmation is late (and still never offers to pay again).
CONFIRMING_REFRESH = timedelta(minutes=10)


def order_payment_state(*, order: Order, returned_from_payment: bool = False, now=None) -> dict:
    """What the buyer's pages say about paying: `confirming` while the buyer has paid in the
    browser and Stripe's webhook has not come yet (no pay button then: paying twice is the
    mistake to prevent), `failed` with the provider's message, else `can_pay`."""
    now = now or timezone.now()
    latest = next(iter(sorted(order.payment_list, key=lambda p: (p.created_at, p.pk),
                              reverse=True)), None) if hasattr(order, "payment_list") else (
        latest_payment(payable_type=Order.PAYABLE_TYPE, payable_id=order.pk))
    awaiting = order.status == OrderStatus.AWAITING_PAYMENT
    confirming = awaiting and latest is not None and latest.status == PaymentStatus.PENDING and (
        latest.submitted_at is not None or returned_from_payment)
    failed = awaiting and latest is not None and latest.status == PaymentStatus.FAILED
    since = (latest.submitted_at or latest.created_at) if confirming else None
    return {
        "payment": latest,
        "confirming": confirming,
        "refresh": confirming and now - since < CONFIRMING_REFRESH,
        "failed": failed,
        "can_pay": awaiting and not confirming,
    }


def order_tracking(*, order: Order, returned_from_payment: bool = False) -> dict:
    order = order_with_details(pk=order.pk)
    events = list(order.events.all())
    reached = {e.to_status for e in events if e.to_status}
    has_made_to_order = any(line.made_to_order for line in order.lines.all())
    steps = []
    for status in TIMELINE:
        if status == OrderStatus.IN_PRODUCTION and not has_made_to_order:
            continue
        if status == OrderStatus.SHIPPED and order.delivery_method == DeliveryMethod.PICKUP:
            continue
        when = next((e.created_at for e in events if e.to_status == status), None)
        steps.append({"status": status, "label": OrderStatus(status).label,
                      "done": status in reached, "current": order.status == status,
                      "when": when})
    return {"order": order, "steps": steps, "events": events,
            "ended": order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED,
                                      OrderStatus.PARTIALLY_REFUNDED),
            **order_payment_state(order=order, returned_from_payment=returned_from_payment)}


def household_sales(*, household_id: int):
    """Gross sales credited to a household (its makers' frozen shares) minus reversals."""
    paid = OrderLineMaker.objects.filter(
        household_id=household_id, line__order__paid_at__isnull=False
    ).aggregate(total=Sum("amount"))["total"] or 0
    reversed_ = RefundAllocation.objects.filter(household_id=household_id).aggregate(
        total=Sum("amount"))["total"] or 0
    return paid + reversed_
