"""Every change to payments and refunds. Each function takes keyword-only arguments and runs
its database work in one transaction; when a payment succeeds, fails or is refunded, the
payable's handler (payments.registry) is called inside that transaction, so the payable and
its payment change together or not at all.

Lock order: a payment's row, then whatever the handler locks (its payable)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import from_fen
from payments import registry
from payments.errors import PaymentError
from payments.models import Payment, PaymentProvider, PaymentStatus, Refund
from payments.providers import get_provider

__all__ = [
    "PaymentError", "payment_start", "payment_record_offline", "payment_record_success",
    "payment_record_failure", "payment_mark_submitted", "refund_create", "refund_record",
]


def payment_start(
    *, payable_type: str, payable_id: int, amount_fen: int, provider: str, description: str,
    metadata: dict | None = None, currency: str = "CNY",
) -> Payment:
    """Ask for a payment. Stripe: creates the PaymentIntent (metadata carries the payable);
    offline: a pending row that staff complete. A pending payment of the same amount for the
    same payable is returned instead of a second one."""
    if provider not in PaymentProvider.values:
        raise PaymentError(_("Choose a way to pay."))
    if amount_fen <= 0:
        raise PaymentError(_("A payment must be at least ¥0.01."))
    registry.handler_for(payable_type)
    existing = Payment.objects.filter(
        payable_type=payable_type, payable_id=payable_id, provider=provider,
        status=PaymentStatus.PENDING, amount=from_fen(amount_fen),
    )
    if provider == PaymentProvider.STRIPE:
        existing = existing.exclude(intent_id=None)
    found = existing.order_by("-pk").first()
    if found is not None:
        return found
    payment = Payment(
        payable_type=payable_type, payable_id=payable_id, provider=provider,
        amount=from_fen(amount_fen), currency=currency.upper(), description=description[:200],
    )
    attempt = Payment.objects.filter(payable_type=payable_type, payable_id=payable_id,
                                     provider=provider).count() + 1
    get_provider(provider).start(payment=payment, attempt=attempt, metadata=metadata or {})
    try:
        with transaction.atomic():
            payment.save(force_insert=True)
    except IntegrityError:
        # Two requests started the same attempt: Stripe's idempotency key gave both the same
        # PaymentIntent, and the first one stored it.
        return Payment.objects.get(intent_id=payment.intent_id)
    return payment


def payment_record_success(
    *, payable_type: str, payable_id: int, provider: str, amount_fen: int,
    currency: str = "CNY", intent_id: str | None = None, reference: str = "", actor=None,
    now=None,
) -> Payment:
    """Money arrived for a payable; its handler is told. Idempotent per PaymentIntent: a second
    call changes nothing. Without an intent (offline), the payable's pending offline payment
    is completed, or a new one recorded."""
    now = now or timezone.now()
    handler = registry.handler_for(payable_type)
    with transaction.atomic():
        payment = None
        if intent_id:
            payment = Payment.objects.select_for_update().filter(intent_id=intent_id).first()
            if payment is not None and payment.status == PaymentStatus.SUCCEEDED:
                return payment
        elif provider == PaymentProvider.OFFLINE:
            payment = Payment.objects.select_for_update().filter(
                payable_type=payable_type, payable_id=payable_id, provider=provider,
                status=PaymentStatus.PENDING, intent_id=None,
            ).order_by("pk").first()
        if payment is None:
            payment = Payment(payable_type=payable_type, payable_id=payable_id,
                              provider=provider, intent_id=intent_id or None)
        if (payment.payable_type, payment.payable_id) != (payable_type, int(payable_id)):
            raise PaymentError(f"Payment {intent_id} belongs to another payable.")
        payment.amount = from_fen(amount_fen)
        payment.currency = currency.upper()
        payment.status = PaymentStatus.SUCCEEDED
        payment.succeeded_at = now
        payment.failure_message = ""
        payment.reference = reference[:100]
        payment.recorded_by = actor
        payment.save()
        handler.on_payment_succeeded(payment=payment)
    return payment


def payment_record_offline(
    *, payable_type: str, payable_id: int, amount_fen: int, reference: str, actor,
    currency: str = "CNY", now=None,
) -> Payment:
    """Staff received a bank transfer or cash: the payment succeeds at once."""
    if amount_fen <= 0:
        raise PaymentError(_("A payment must be at least ¥0.01."))
    if not reference.strip():
        raise PaymentError(_("Enter the bank transfer reference or receipt number."))
    return payment_record_success(
        payable_type=payable_type, payable_id=payable_id, provider=PaymentProvider.OFFLINE,
        amount_fen=amount_fen, currency=currency, reference=reference.strip(), actor=actor,
        now=now,
    )


def payment_record_failure(*, intent_id: str, message: str = "") -> Payment | None:
    """The provider refused the payment. A late failure never undoes a success."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(intent_id=intent_id).first()
        if payment is None or payment.status == PaymentStatus.SUCCEEDED:
            return payment
        payment.status = PaymentStatus.FAILED
        payment.failure_message = message[:300]
        payment.submitted_at = None
        payment.save(update_fields=["status", "failure_message", "submitted_at"])
        registry.handler_for(payment.payable_type).on_payment_failed(payment=payment)
    return payment


def payment_mark_submitted(*, payment: Payment, now=None) -> Payment:
    """The payer's browser finished paying: show "being confirmed" until the webhook comes."""
    now = now or timezone.now()
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
            submitted_at=now)
    payment.refresh_from_db()
    return payment


def refund_create(*, payment: Payment, amount_fen: int, reason: str, actor) -> Refund:
    """Give money back through the payment's provider (Stripe: a refund at Stripe; offline:
    staff hand it back) and record it; the payable's handler is told."""
    if payment.status != PaymentStatus.SUCCEEDED:
        raise PaymentError(_("Only a payment that succeeded can be refunded."))
    _check_refundable(payment, amount_fen)
    refund_id, refunded_fen = get_provider(payment.provider).refund(
        payment=payment, amount_fen=amount_fen, reason=reason)
    return refund_record(payment=payment, amount_fen=refunded_fen, stripe_refund_id=refund_id,
                         reason=reason, actor=actor)


def refund_record(
    *, payment: Payment, amount_fen: int, stripe_refund_id: str | None = None,
    reason: str = "", actor=None, now=None,
) -> Refund:
    """A refund was made (through Stripe, or by hand for offline payments). Idempotent per
    Stripe refund id: the same refund again returns the one already recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if stripe_refund_id:
            existing = Refund.objects.filter(stripe_refund_id=stripe_refund_id).first()
            if existing is not None:
                return existing
        if payment.status != PaymentStatus.SUCCEEDED:
            raise PaymentError(_("Only a payment that succeeded can be refunded."))
        _check_refundable(payment, amount_fen)
        refund = Refund.objects.create(
            payment=payment, amount=from_fen(amount_fen),
            stripe_refund_id=stripe_refund_id or None, reason=str(reason)[:300],
            created_by=actor, created_at=now,
        )
        registry.handler_for(payment.payable_type).on_payment_refunded(refund=refund)
    return refund


def _check_refundable(payment: Payment, amount_fen: int) -> None:
    if amount_fen <= 0:
        raise PaymentError(_("A refund must be at least ¥0.01."))
    if amount_fen > payment.refundable_fen:
        raise PaymentError(_("At most %(amount)s can still be refunded.")
                           % {"amount": from_fen(payment.refundable_fen)})
