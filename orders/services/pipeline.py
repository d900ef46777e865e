"""The order pipeline (Oscar's): a declared map of the moves an order may make, staff moving
an order along it (each move an event row: who, when, from, to, note), flags for staff, and
cancelling orders not paid in time."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.models import DeliveryMethod, Order, OrderEvent, OrderStatus
from orders.services.common import lock_order, record_event
from orders.services.errors import IllegalStatusMove, OrderError
from orders.services.notifications import order_notify_after_commit
from orders.services.stock import stock_release

S = OrderStatus

# The only moves an order may make. Moves into paid, refunded and partially_refunded are
# made by payments and refunds, never by a button.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    S.AWAITING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.IN_PRODUCTION, S.READY, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.IN_PRODUCTION: frozenset({S.READY, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.READY: frozenset({S.SHIPPED, S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.COMPLETED: frozenset({S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset(
        {S.IN_PRODUCTION, S.READY, S.SHIPPED, S.DELIVERED, S.COMPLETED, S.REFUNDED,
         S.PARTIALLY_REFUNDED}
    ),
    # A payment that arrives after the order was cancelled is refunded from here.
    S.CANCELLED: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
}
SYSTEM_ONLY_TARGETS = frozenset({S.PAID, S.REFUNDED, S.PARTIALLY_REFUNDED})


def apply_move(order: Order, to_status: str, *, actor=None, note="") -> None:
    """Apply one move of the declared map (the caller holds the order's row lock)."""
    if to_status not in ALLOWED_MOVES.get(order.status, ()):
        raise IllegalStatusMove(
            _("An order that is “%(from)s” cannot become “%(to)s”.")
            % {"from": S(order.status).label, "to": S(to_status).label}
        )
    from_status = order.status
    order.status = to_status
    record_event(order, actor=actor, from_status=from_status, to_status=to_status, note=note)


def order_allowed_moves(order: Order) -> list[str]:
    """The moves staff may make with a button, in pipeline order."""
    targets = ALLOWED_MOVES.get(order.status, frozenset()) - SYSTEM_ONLY_TARGETS
    has_made_to_order = any(line.made_to_order for line in order.lines.all())
    result = []
    for status in S.values:
        if status not in targets:
            continue
        if status == S.IN_PRODUCTION and not has_made_to_order:
            continue
        if status == S.DELIVERED and order.status == S.READY and (
            order.delivery_method != DeliveryMethod.PICKUP
        ):
            continue
        if status == S.SHIPPED and order.delivery_method == DeliveryMethod.PICKUP:
            continue
        result.append(status)
    return result


def order_set_status(
    *, order: Order | int, to_status: str, actor=None, note: str = "", carrier: str = "",
    tracking_number: str = "", now=None,
) -> Order:
    """Move an order one step along the pipeline (a staff button, or the expiry task)."""
    now = now or timezone.now()
    if to_status not in S.values:
        raise IllegalStatusMove(_("Unknown status."))
    if to_status in SYSTEM_ONLY_TARGETS:
        raise IllegalStatusMove(
            _("Payments and refunds set this status: record a payment or issue a refund.")
        )
    with transaction.atomic():
        order = lock_order(order)
        if to_status not in order_allowed_moves(order):
            if to_status in ALLOWED_MOVES.get(order.status, ()):
                raise IllegalStatusMove(_("This order cannot take that step (check its lines "
                                          "and delivery method)."))
            apply_move(order, to_status)  # raises the domain error with both labels
        if to_status == S.SHIPPED:
            carrier, tracking_number = carrier.strip(), tracking_number.strip()
            if not carrier or (order.delivery_method == DeliveryMethod.COURIER
                               and not tracking_number):
                raise OrderError(_("Enter the carrier and the tracking number to ship."))
            order.carrier, order.tracking_number, order.shipped_at = carrier, tracking_number, now
            note = note or f"{carrier} {tracking_number}".strip()
        if to_status == S.DELIVERED:
            order.delivered_at = now
        if to_status == S.CANCELLED:
            stock_release(order)
        apply_move(order, to_status, actor=actor, note=note)
        order.save()
        if to_status in (S.SHIPPED, S.DELIVERED):
            order_notify_after_commit(order, to_status)
    return order


def order_flag(*, order: Order, reason: str, actor=None) -> None:
    """Ask staff to look at an order (the caller holds the lock and saves the order)."""
    order.needs_attention = True
    order.attention_reason = str(reason)[:300]
    record_event(order, kind=OrderEvent.Kind.FLAG, actor=actor, note=reason)


def order_clear_flag(*, order: Order | int, actor=None, note: str = "") -> Order:
    with transaction.atomic():
        order = lock_order(order)
        order.needs_attention = False
        order.attention_reason = ""
        record_event(order, kind=OrderEvent.Kind.NOTE, actor=actor,
                     note=note or _("Checked by staff"))
        order.save()
    return order


def orders_release_expired(*, now=None) -> int:
    """Cancel unpaid orders whose payment window has passed and give their stock back.
    Returns how many were released. Safe to run from several workers at once."""
    now = now or timezone.now()
    released = 0
    due = Order.objects.filter(
        status=S.AWAITING_PAYMENT, stock_held=True, payment_due_at__lt=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            order = lock_order(pk)
            if order.status != S.AWAITING_PAYMENT or order.payment_due_at >= now:
                continue
            stock_release(order)
            apply_move(order, S.CANCELLED, note=_("Not paid in time: stock given back"))
            order.save()
            released += 1
    return released
