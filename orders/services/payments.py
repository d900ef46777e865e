"""An order's money, through the payments app: asking for a payment when the order is
placed, recording one that staff received, and — as the payments app's registered handler
for "orders.order" — what an order does when its payment succeeds or fails: mark it paid
(and send `order_paid`), or flag it for staff when the money does not match."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.money import to_fen
from orders.models import Order, OrderEvent, OrderStatus
from orders.services.common import lock_order, record_event
from orders.services.errors import OrderError
from orders.services.notifications import order_notify_after_commit
from orders.services.pipeline import apply_move, order_flag
from orders.services.stock import stock_record_sales
from orders.signals import order_paid
from payments import services as payment_services
from payments.errors import PaymentError
from payments.models import Payment, PaymentProvider

S = OrderStatus


def order_payment_start(*, order: Order) -> Payment:
    """Ask for the order's payment through its provider (Stripe: the PaymentIntent the buyer
    pays on the pay page; offline: a pending row staff complete). Once per order."""
    try:
        return payment_services.payment_start(
            payable_type=Order.PAYABLE_TYPE, payable_id=order.pk, amount_fen=to_fen(order.total),
            provider=order.payment_provider, currency=order.currency,
            description=f"Tianxing order {order.number}",
            metadata={"order_number": order.number},
        )
    except PaymentError as exc:
        raise OrderError(exc.message) from exc


def payment_record_success(
    *, order: Order | int, amount_fen: int, currency: str, provider: str,
    intent_id: str | None = None, reference: str = "", actor=None, now=None,
) -> Order:
    """Money arrived for an order (staff recording a transfer, or the demo); the payments app
    records it and calls back `order_payment_succeeded`. Idempotent per PaymentIntent."""
    pk = order.pk if isinstance(order, Order) else order
    try:
        payment_services.payment_record_success(
            payable_type=Order.PAYABLE_TYPE, payable_id=pk, provider=provider,
            amount_fen=amount_fen, currency=currency, intent_id=intent_id, reference=reference,
            actor=actor, now=now,
        )
    except PaymentError as exc:
        raise OrderError(exc.message) from exc
    return Order.objects.get(pk=pk)


def order_payment_succeeded(*, payment: Payment) -> Order:
    """A payment for the order succeeded. A wrong amount or currency flags the order for staff
    instead of marking it paid; so does money for a cancelled order."""
    with transaction.atomic():
        order = lock_order(payment.payable_id)
        actor = payment.recorded_by
        label = PaymentProvider(payment.provider).label
        record_event(order, kind=OrderEvent.Kind.PAYMENT, actor=actor,
                     note=f"{label}: {payment.amount} {payment.currency} "
                          f"{payment.reference}".strip())
        if payment.currency == order.currency:
            order.amount_paid = order.amount_paid + payment.amount
        became_paid = False
        if payment.currency != order.currency or to_fen(payment.amount) != to_fen(order.total):
            order_flag(order=order, reason=_(
                "Payment of %(amount)s %(currency)s does not match the order total of "
                "%(total)s %(order_currency)s: not marked paid."
            ) % {"amount": payment.amount, "currency": payment.currency,
                 "total": order.total, "order_currency": order.currency})
        elif order.status == S.AWAITING_PAYMENT:
            order.paid_at = payment.succeeded_at
            apply_move(order, S.PAID, actor=actor)
            stock_record_sales(order)
            order_notify_after_commit(order, "paid")
            became_paid = True
        elif order.status == S.CANCELLED:
            order_flag(order=order, reason=_(
                "Payment arrived for a cancelled order: refund it or contact the buyer."))
        order.save()
        if became_paid:
            order_paid.send(sender=Order, order=order)
    return order


def order_payment_failed(*, payment: Payment) -> None:
    with transaction.atomic():
        order = lock_order(payment.payable_id)
        record_event(order, kind=OrderEvent.Kind.PAYMENT,
                     note=_("Card payment failed: %(message)s")
                     % {"message": payment.failure_message or "—"})
