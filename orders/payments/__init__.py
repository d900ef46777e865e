"""Payment providers behind one small interface: start a payment for an order, and refund
part or all of it. Stripe (cards, and Alipay / WeChat Pay where the account has them) and
offline (bank transfer or payment at pick-up, recorded by staff)."""

from __future__ import annotations

from typing import Protocol

from orders.models import Order, Payment, PaymentProvider


class Provider(Protocol):
    code: str

    def start(self, *, order: Order) -> Payment: ...

    def refund(self, *, order: Order, amount_fen: int, reason: str, actor) -> Order: ...


def get_provider(code: str) -> Provider:
    if code == PaymentProvider.STRIPE:
        from orders.payments.stripe_provider import StripeProvider

        return StripeProvider()
    if code == PaymentProvider.OFFLINE:
        from orders.payments.offline import OfflineProvider

        return OfflineProvider()
    raise ValueError(f"Unknown payment provider {code!r}")
