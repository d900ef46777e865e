"""Offline payment: the payer transfers to the cooperative's bank account or pays in cash;
staff record the payment with its reference, and refund by handing the money back."""

from __future__ import annotations

from payments.models import Payment, PaymentProvider


class OfflineProvider:
    code = PaymentProvider.OFFLINE

    def start(self, *, payment: Payment, attempt: int, metadata: dict) -> None:
        """Nothing to prepare: the pending row is what staff complete."""

    def refund(self, *, payment: Payment, amount_fen: int, reason: str) -> tuple[None, int]:
        return None, amount_fen
