"""What every order service shares: the row lock and the event each change writes."""

from __future__ import annotations

from orders.models import Order, OrderEvent


def lock_order(order: Order | int) -> Order:
    """The order's row, locked until the transaction ends (the caller opened one)."""
    pk = order.pk if isinstance(order, Order) else order
    return Order.objects.select_for_update().get(pk=pk)


def record_event(order: Order, *, kind=OrderEvent.Kind.STATUS, actor=None, from_status="",
                 to_status="", note="") -> OrderEvent:
    return OrderEvent.objects.create(
        order=order, kind=kind, actor=actor, from_status=from_status, to_status=to_status,
        note=str(note)[:500],
    )
