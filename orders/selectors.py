"""Reads that span an order's relations: the tracking page, the shipping options a cart
has, the desk's list and export, household sales totals."""

from __future__ import annotations

from django.db.models import Prefetch, Sum

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
from orders.services import shipping_quote
from payments.selectors import payments_for, refunds_for

TIMELINE = [
    OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID, OrderStatus.IN_PRODUCTION,
    OrderStatus.READY, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED,
]


def shipping_rules(*, subtotal_fen: int, has_living: bool) -> list[dict]:
    rules = []
    for method, label in DeliveryMethod.choices:
        quote = shipping_quote(delivery_method=method, subtotal_fen=subtotal_fen,
                               has_living=has_living)
        rules.append({"method": method, "label": label, "allowed": quote.allowed,
                      "fee": from_fen(quote.fee_fen), "reason": quote.reason})
    return rules


def order_with_details(*, pk: int | None = None, token: str | None = None) -> Order:
    query = Order.objects.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.prefetch_related("makers")),
        Prefetch("events", queryset=OrderEvent.objects.select_related("actor")),
    )
    order = query.get(pk=pk) if pk is not None else query.get(token=token)
    order.payment_list = payments_for(payable_type=Order.PAYABLE_TYPE, payable_id=order.pk)
    order.refund_list = refunds_for(payable_type=Order.PAYABLE_TYPE, payable_id=order.pk)
    return order


def order_tracking(*, order: Order) -> dict:
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
                                      OrderStatus.PARTIALLY_REFUNDED)}


def household_sales(*, household_id: int):
    """Gross sales credited to a household (its makers' frozen shares) minus reversals."""
    paid = OrderLineMaker.objects.filter(
        household_id=household_id, line__order__paid_at__isnull=False
    ).aggregate(total=Sum("amount"))["total"] or 0
    reversed_ = RefundAllocation.objects.filter(household_id=household_id).aggregate(
        total=Sum("amount"))["total"] or 0
    return paid + reversed_
