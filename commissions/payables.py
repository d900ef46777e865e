"""The payments app's handler for payments whose payable is a commission milestone
("commissions.milestone"), registered in CommissionsConfig.ready(). It runs inside the
payment's transaction, so the payment and the milestone change together."""

from __future__ import annotations

from commissions.models import CommissionEvent, Milestone
from commissions.services.base import lock, record_event
from commissions.services.milestones import milestone_record_payment, milestone_record_refund
from core.money import to_fen


class MilestonePayments:
    def on_payment_succeeded(self, *, payment) -> None:
        milestone_record_payment(
            milestone=payment.payable_id, amount_fen=to_fen(payment.amount),
            via=payment.provider, reference=payment.reference or payment.intent_id or "",
            actor=payment.recorded_by, now=payment.succeeded_at, currency=payment.currency)

    def on_payment_failed(self, *, payment) -> None:
        milestone = Milestone.objects.filter(pk=payment.payable_id).first()
        if milestone is not None:
            record_event(lock(milestone.commission_id), kind=CommissionEvent.Kind.PAYMENT,
                         note=f"{milestone.label}: {payment.failure_message or 'failed'}")

    def on_payment_refunded(self, *, refund) -> None:
        milestone_record_refund(milestone=refund.payment.payable_id,
                                amount_fen=to_fen(refund.amount), reason=refund.reason,
                                actor=refund.created_by, now=refund.created_at)
