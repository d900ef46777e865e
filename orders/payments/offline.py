"""Offline payment: the buyer transfers to the cooperative's bank account (details in the
site settings) or pays at pick-up; staff record the payment and its reference in the order
desk, and refund by transferring the money back."""

from __future__ import annotations

from orders import services
from orders.models import Order, Payment, PaymentProvider


class OfflineProvider:
    code = PaymentProvider.OFFLINE

    def start(self, *, order: Order) -> Payment:
        return services.payment_start(order=order, provider=self.code)

    def refund(self, *, order: Order, amount_fen: int, reason: str, actor) -> Order:
        return services.refund_record(order=order, amount_fen=amount_fen, reason=reason,
                                      actor=actor)
