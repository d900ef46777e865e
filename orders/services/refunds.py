"""Refunds of an order: staff give money back through the order's payment (Stripe, or a bank
transfer back for offline payments), and — as the payments app's handler — every refund
recorded for an order posts its reversal against the makers' shares, allocated to the fen
(mirror amounts, never an edit of the shares), moves the order and sends `order_refunded`."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.money import allocate, from_fen, to_fen
from orders.models import Order, OrderEvent, OrderLineMaker, OrderStatus, RefundAllocation
from orders.services.common import lock_order, record_event
from orders.services.errors import OrderError
from orders.services.notifications import order_notify_after_commit
from orders.services.pipeline import apply_move, order_flag
from orders.services.stock import stock_release
from orders.signals import order_refunded
from payments import services as payment_services
from payments.errors import PaymentError
from payments.models import Payment, PaymentStatus, Refund

S = OrderStatus


def order_refund(*, order: Order | int, amount_fen: int, reason: str = "", actor=None) -> Order:
    """Give `amount_fen` of an order back through the payment that took it."""
    order = Order.objects.get(pk=order.pk if isinstance(order, Order) else order)
    if amount_fen <= 0:
        raise OrderError(_("A refund must be at least ¥0.01."))
    if amount_fen > to_fen(order.refundable):
        raise OrderError(_("At most %(amount)s can still be refunded.")
                         % {"amount": order.refundable})
    payments = Payment.objects.filter(
        payable_type=Order.PAYABLE_TYPE, payable_id=order.pk, status=PaymentStatus.SUCCEEDED,
    ).order_by("-succeeded_at", "-pk")
    payment = next((p for p in payments if p.refundable_fen >= amount_fen), None)
    if payment is None:
        raise OrderError(_("No single payment of this order covers that amount: refund it "
                           "in parts."))
    try:
        payment_services.refund_create(payment=payment, amount_fen=amount_fen, reason=reason,
                                       actor=actor)
    except PaymentError as exc:
        raise OrderError(exc.message) from exc
    return Order.objects.get(pk=order.pk)


def _post_reversals(order: Order, refund: Refund, refund_fen: int) -> list[RefundAllocation]:
    """The part of the refund that is goods (not shipping), split in proportion to each
    maker's share, as negative amounts."""
    subtotal_fen, shipping_fen = to_fen(order.subtotal), to_fen(order.shipping_fee)
    if subtotal_fen == 0:
        return []
    goods_fen = allocate(refund_fen, {"goods": subtotal_fen, "shipping": shipping_fen})["goods"]
    shares = list(OrderLineMaker.objects.filter(line__order=order).order_by("household_code", "pk"))
    weights = {(s.household_code, s.pk): to_fen(s.amount) for s in shares}
    if not goods_fen or not any(weights.values()):
        return []
    parts = allocate(-goods_fen, weights)
    return RefundAllocation.objects.bulk_create([
        RefundAllocation(refund=refund, line_maker=s, household_id=s.household_id,
                         amount=from_fen(parts[(s.household_code, s.pk)]))
        for s in shares
    ])


def order_refund_recorded(*, refund: Refund) -> Order:
    """A refund of one of the order's payments was recorded (from the desk or Stripe)."""
    with transaction.atomic():
        order = lock_order(refund.payment.payable_id)
        amount_fen = to_fen(refund.amount)
        if amount_fen > to_fen(order.refundable):
            raise OrderError(_("At most %(amount)s can still be refunded.")
                             % {"amount": order.refundable})
        allocations = _post_reversals(order, refund, amount_fen)
        order.amount_refunded = order.amount_refunded + refund.amount
        full = order.amount_refunded >= order.amount_paid
        actor, reason = refund.created_by, refund.reason
        record_event(order, kind=OrderEvent.Kind.REFUND, actor=actor,
                     note=f"{refund.amount} {order.currency} {reason}".strip())
        if order.status == S.AWAITING_PAYMENT:
            # Only flagged orders (money that did not match) are refunded before being paid.
            order_flag(order=order, reason=_("Refund recorded before payment was confirmed."))
        elif order.status == S.CANCELLED and not full:
            pass
        else:
            if full and order.shipped_at is None and order.delivered_at is None:
                stock_release(order)
            apply_move(order, S.REFUNDED if full else S.PARTIALLY_REFUNDED, actor=actor,
                       note=reason)
        order.save()
        order_notify_after_commit(order, "refunded")
        order_refunded.send(sender=Order, refund=refund, allocations=allocations)
    return order
