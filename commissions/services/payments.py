"""Milestones paid through the payments app: a card payment the client starts on the
tracking page, a bank transfer staff record, a refund through the payment's provider. The
payments app tells commissions.payables, which applies the money to the milestone."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from commissions.models import Milestone
from commissions.services.base import CommissionError
from commissions.services.milestones import milestone_check_payable
from core.money import to_fen
from payments import services as payments
from payments.errors import PaymentError
from payments.models import Payment, PaymentProvider, PaymentStatus

PAYABLE_TYPE = "commissions.milestone"


def milestone_payments(milestone: Milestone):
    return Payment.objects.filter(payable_type=PAYABLE_TYPE, payable_id=milestone.pk)


def milestone_pay_online(*, milestone: Milestone) -> Payment:
    """The Stripe payment the client pays this milestone with (one per milestone and
    amount: reloading the page does not start another)."""
    milestone_check_payable(milestone)
    commission = milestone.commission
    try:
        return payments.payment_start(
            payable_type=PAYABLE_TYPE, payable_id=milestone.pk,
            amount_fen=to_fen(milestone.amount), provider=PaymentProvider.STRIPE,
            description=f"{commission.reference} {milestone.label}",
            metadata={"commission": commission.reference, "milestone": str(milestone.sequence)},
        )
    except PaymentError as exc:
        raise CommissionError(exc.message) from exc


def milestone_record_offline_payment(*, milestone: Milestone, reference: str,
                                     actor=None) -> Milestone:
    """Staff record a bank transfer for the milestone's full amount, with its reference."""
    reference = (reference or "").strip()
    if len(reference) < 3:
        raise CommissionError(_("Enter the bank transfer's reference."))
    milestone_check_payable(milestone)
    try:
        payments.payment_record_offline(
            payable_type=PAYABLE_TYPE, payable_id=milestone.pk,
            amount_fen=to_fen(milestone.amount), reference=reference, actor=actor)
    except PaymentError as exc:
        raise CommissionError(exc.message) from exc
    milestone.refresh_from_db()
    return milestone


def milestone_refund(*, milestone: Milestone, amount_fen: int, reason: str = "",
                     actor=None) -> Milestone:
    """Give back part or all of a milestone's payment through the provider it was paid with
    (Stripe refunds the card; offline means staff transfer it back)."""
    if hasattr(milestone.commission, "settlement"):
        raise CommissionError(_("This commission is settled: its payments can no longer be "
                                "refunded here."))
    if amount_fen <= 0 or amount_fen > to_fen(milestone.refundable):
        raise CommissionError(_("At most %(amount)s of this milestone can be refunded.")
                              % {"amount": milestone.refundable})
    payment = milestone_payments(milestone).filter(status=PaymentStatus.SUCCEEDED).last()
    if payment is None:
        raise CommissionError(_("This milestone has no payment to refund."))
    try:
        payments.refund_create(payment=payment, amount_fen=amount_fen, reason=reason,
                               actor=actor)
    except PaymentError as exc:
        raise CommissionError(exc.message) from exc
    milestone.refresh_from_db()
    return milestone
