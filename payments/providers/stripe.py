"""Stripe: PaymentIntents (card through Stripe.js's card element; Alipay and WeChat Pay where
the account has them) and refunds.

The official library talks to api.stripe.com, or to localstripe in the demo and the tests
(STRIPE_API_BASE)."""

from __future__ import annotations

import re

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from core.money import to_fen
from payments.errors import PaymentError
from payments.models import Payment, PaymentProvider

PAYMENT_METHOD_ID = re.compile(r"^(pm|card|src)_[A-Za-z0-9]{6,64}$")


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def payment_method_types() -> list[str]:
    """The methods the Stripe account has (settings); the card is always offered."""
    methods = [m for m in settings.STRIPE_PAYMENT_METHOD_TYPES if m]
    return methods if "card" in methods else ["card", *methods]


class StripeProvider:
    code = PaymentProvider.STRIPE

    def start(self, *, payment: Payment, attempt: int, metadata: dict) -> None:
        """Create the PaymentIntent (once per payable and attempt: idempotency key)."""
        methods = payment_method_types()
        params: dict = {
            "amount": to_fen(payment.amount),
            "currency": payment.currency.lower(),
            "payment_method_types": methods,
            # The description rides in the metadata: localstripe refuses the description
            # parameter, and the dashboard shows metadata as well.
            "metadata": {**metadata, "payable_type": payment.payable_type,
                         "payable_id": str(payment.payable_id),
                         "description": payment.description},
        }
        if "wechat_pay" in methods:
            params["payment_method_options"] = {"wechat_pay": {"client": "web"}}
        key = f"tianxing-{payment.payable_type}-{payment.payable_id}-{attempt}-intent"
        intent = client().v1.payment_intents.create(params=params,
                                                    options={"idempotency_key": key})
        payment.intent_id = intent.id
        payment.client_secret = intent.client_secret

    def confirm_card(self, *, payment: Payment, payment_method_id: str) -> dict:
        """Attach the card the browser tokenised and confirm server-side; if the bank wants
        3-D Secure, the browser finishes with confirmCardPayment(client_secret)."""
        if not PAYMENT_METHOD_ID.match(payment_method_id or ""):
            raise PaymentError(_("The card details could not be read. Try again."))
        api = client().v1.payment_intents
        try:
            intent = api.retrieve(payment.intent_id)
            if intent.status == "succeeded":
                return {"status": intent.status}
            if intent.status in ("requires_payment_method", "requires_confirmation"):
                api.update(payment.intent_id, params={"payment_method": payment_method_id})
                intent = api.confirm(payment.intent_id)
        except stripe.CardError as exc:
            return {"status": "failed", "error": exc.user_message or _("The card was declined.")}
        except stripe.StripeError as exc:
            raise PaymentError(
                _("The payment service did not answer. Please try again in a minute.")
            ) from exc
        if intent.status == "requires_payment_method":
            error = (intent.to_dict().get("last_payment_error") or {}).get("message")
            return {"status": "failed", "error": error or _("The card was declined.")}
        return {"status": intent.status, "client_secret": intent.client_secret}

    def refund(self, *, payment: Payment, amount_fen: int, reason: str) -> tuple[str, int]:
        if not payment.intent_id:
            raise PaymentError(_("This payment has no card payment to refund."))
        count = payment.refunds.count()
        try:
            refund = client().v1.refunds.create(
                params={"payment_intent": payment.intent_id, "amount": amount_fen,
                        "metadata": {"payable_type": payment.payable_type,
                                     "payable_id": str(payment.payable_id)}},
                options={"idempotency_key": (
                    f"tianxing-refund-{payment.intent_id}-{count + 1}-{amount_fen}"
                )},
            )
        except stripe.StripeError as exc:
            raise PaymentError(
                _("Stripe refused the refund: %(message)s")
                % {"message": exc.user_message or str(exc)}
            ) from exc
        return refund.id, int(refund.amount)
