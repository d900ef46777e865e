"""Payment providers behind one small interface: prepare what the payer needs to pay, and
give money back. Stripe (cards, and Alipay / WeChat Pay where the account has them) and
offline (bank transfer or cash, recorded by staff)."""

from __future__ import annotations

from typing import Protocol

from payments.models import Payment, PaymentProvider
from payments.providers.offline import OfflineProvider
from payments.providers.stripe import StripeProvider


class Provider(Protocol):
    code: str

    def start(self, *, payment: Payment, attempt: int, metadata: dict) -> None:
        """Fill in the unsaved payment what the payer needs (Stripe: its PaymentIntent)."""

    def refund(self, *, payment: Payment, amount_fen: int, reason: str) -> tuple[str | None, int]:
        """Give money back; returns the provider's refund id (None when staff hand it
        back themselves) and the amount in fen."""


PROVIDERS: dict[str, type] = {
    PaymentProvider.STRIPE: StripeProvider,
    PaymentProvider.OFFLINE: OfflineProvider,
}


def get_provider(code: str) -> Provider:
    try:
        return PROVIDERS[code]()
    except KeyError:
        raise ValueError(f"Unknown payment provider {code!r}") from None
