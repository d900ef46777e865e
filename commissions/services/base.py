"""What every commission service shares: the domain error, row locks, the event record
and mails sent once the transaction commits."""

from __future__ import annotations

from django.db import transaction

from commissions.models import Commission, CommissionEvent
from commissions.tasks import send_commission_email


class CommissionError(Exception):
    """A domain rule refused the change; the message is shown to the person as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def lock(commission: Commission | int) -> Commission:
    pk = commission.pk if isinstance(commission, Commission) else commission
    return Commission.objects.select_for_update().get(pk=pk)


def record_event(commission: Commission, *, kind=CommissionEvent.Kind.STAGE, actor=None,
                 from_stage="", to_stage="", note="", now=None) -> CommissionEvent:
    event = CommissionEvent(commission=commission, kind=kind, actor=actor,
                            from_stage=from_stage, to_stage=to_stage, note=str(note)[:500])
    if now is not None:
        event.created_at = now
    event.save()
    return event


def mail_after_commit(commission: Commission, kind: str, **extra) -> None:
    """Queue the client's mail for when the change is committed (never for a rolled-back one)."""
    commission_id = commission.pk
    transaction.on_commit(
        lambda: send_commission_email.enqueue(commission_id=commission_id, kind=kind, **extra)
    )


def flag(commission: Commission, reason: str) -> None:
    """Ask staff to look (a payment that does not fit, for example); the caller saves."""
    commission.needs_attention = True
    commission.attention_reason = str(reason)[:300]
    record_event(commission, kind=CommissionEvent.Kind.NOTE, note=reason)
