"""Stripe: PaymentIntents in CNY (card through Stripe.js's card element; Alipay and WeChat Pay
where the account has them), refunds, and the signed webhook that alone marks orders paid.

The official library talks to api.stripe.com, or to localstripe in the demo and the tests
(STRIPE_API_BASE)."""

from __future__ import annotations

import re
import traceback

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import to_fen
from orders import services
from orders.models import Order, Payment, PaymentProvider, PaymentStatus, WebhookEvent

PAYMENT_METHOD_ID = re.compile(r"^(pm|card|src)_[A-Za-z0-9]{6,64}$")


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


class StripeProvider:
    code = PaymentProvider.STRIPE

    def start(self, *, order: Order) -> Payment:
        """Create (once per order: idempotency key) the PaymentIntent the buyer pays."""
        existing = order.payments.filter(
            provider=self.code, status=PaymentStatus.PENDING, intent_id__isnull=False
        ).first()
        if existing:
            return existing
        methods = list(settings.STRIPE_PAYMENT_METHOD_TYPES) or ["card"]
        params: dict = {
            "amount": to_fen(order.total),
            "currency": order.currency.lower(),
            "payment_method_types": methods,
            "metadata": {"order_number": order.number},
        }
        if "wechat_pay" in methods:
            params["payment_method_options"] = {"wechat_pay": {"client": "web"}}
        intent = client().v1.payment_intents.create(
            params=params, options={"idempotency_key": f"tianxing-order-{order.number}-intent"}
        )
        return services.payment_start(
            order=order, provider=self.code, intent_id=intent.id,
            client_secret=intent.client_secret,
        )

    def confirm_card(self, *, payment: Payment, payment_method_id: str) -> dict:
        """Attach the card the browser tokenised and confirm server-side; if the bank wants
        3-D Secure, the browser finishes with confirmCardPayment(client_secret)."""
        if not PAYMENT_METHOD_ID.match(payment_method_id or ""):
            raise services.OrderError(_("The card details could not be read. Try again."))
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
            raise services.OrderError(
                _("The payment service did not answer. Please try again in a minute.")
            ) from exc
        if intent.status == "requires_payment_method":
            error = (intent.to_dict().get("last_payment_error") or {}).get("message")
            return {"status": "failed", "error": error or _("The card was declined.")}
        return {"status": intent.status, "client_secret": intent.client_secret}

    def refund(self, *, order: Order, amount_fen: int, reason: str, actor) -> Order:
        payment = order.payments.filter(
            provider=self.code, status=PaymentStatus.SUCCEEDED
        ).exclude(intent_id=None).last()
        if payment is None:
            raise services.OrderError(_("This order has no card payment to refund."))
        if amount_fen <= 0 or amount_fen > to_fen(order.refundable):
            raise services.OrderError(
                _("At most %(amount)s can still be refunded.") % {"amount": order.refundable}
            )
        try:
            refund = client().v1.refunds.create(
                params={"payment_intent": payment.intent_id, "amount": amount_fen,
                        "metadata": {"order_number": order.number}},
                options={"idempotency_key": (
                    f"tianxing-refund-{order.number}-{order.refunds.count() + 1}-{amount_fen}"
                )},
            )
        except stripe.StripeError as exc:
            raise services.OrderError(
                _("Stripe refused the refund: %(message)s")
                % {"message": exc.user_message or str(exc)}
            ) from exc
        return services.refund_record(order=order, amount_fen=refund.amount,
                                      stripe_refund_id=refund.id, reason=reason, actor=actor)


# --- webhooks --------------------------------------------------------------------------


class WebhookRejected(Exception):
    pass


def webhook_store(*, payload: bytes, signature: str) -> WebhookEvent:
    """Verify the signature on the raw body and store the delivery (once per event id)."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise WebhookRejected("STRIPE_WEBHOOK_SECRET is not set")
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise WebhookRejected(str(exc)) from exc
    data = event.to_dict()
    event_id, event_type = data.get("id"), data.get("type")
    if not event_id or not event_type:
        raise WebhookRejected("event without id or type")
    try:
        with transaction.atomic():
            stored, created = WebhookEvent.objects.get_or_create(
                event_id=event_id,
                defaults={"type": event_type, "payload": data},
            )
    except IntegrityError:  # the same event delivered twice at the same moment
        stored, created = WebhookEvent.objects.get(event_id=event_id), False
    if not created:
        WebhookEvent.objects.filter(pk=stored.pk).update(deliveries=stored.deliveries + 1)
    return stored


def _order_for_intent(intent_id: str, metadata: dict | None) -> Order:
    payment = Payment.objects.filter(intent_id=intent_id).select_related("order").first()
    if payment is not None:
        return payment.order
    number = (metadata or {}).get("order_number")
    order = Order.objects.filter(number=number).first() if number else None
    if order is None:
        raise LookupError(f"No order for PaymentIntent {intent_id}")
    return order


def _on_intent_succeeded(obj: dict) -> None:
    order = _order_for_intent(obj["id"], obj.get("metadata"))
    amount = obj.get("amount_received") or obj["amount"]
    services.payment_record_success(
        order=order, amount_fen=int(amount), currency=obj["currency"],
        provider=PaymentProvider.STRIPE, intent_id=obj["id"],
    )


def _on_intent_failed(obj: dict) -> None:
    order = _order_for_intent(obj["id"], obj.get("metadata"))
    if not Payment.objects.filter(intent_id=obj["id"]).exists():
        services.payment_start(order=order, provider=PaymentProvider.STRIPE, intent_id=obj["id"])
    error = obj.get("last_payment_error") or {}
    services.payment_record_failure(intent_id=obj["id"], message=error.get("message") or "")


def _on_charge_refunded(obj: dict) -> None:
    intent_id = obj.get("payment_intent")
    if isinstance(intent_id, dict):
        intent_id = intent_id.get("id")
    if not intent_id:
        raise LookupError("charge.refunded without a payment_intent")
    order = _order_for_intent(intent_id, obj.get("metadata"))
    # A refund implies the charge succeeded: record that first, so that an out-of-order
    # delivery (refund before success) ends in the same state as the usual order.
    if not Payment.objects.filter(intent_id=intent_id, status=PaymentStatus.SUCCEEDED).exists():
        services.payment_record_success(
            order=order, amount_fen=int(obj.get("amount_captured") or obj["amount"]),
            currency=obj["currency"], provider=PaymentProvider.STRIPE, intent_id=intent_id,
        )
    for refund in (obj.get("refunds") or {}).get("data", []):
        if refund.get("status") in (None, "succeeded", "pending"):
            services.refund_record(order=order, amount_fen=int(refund["amount"]),
                                   stripe_refund_id=refund["id"], reason="Stripe")
    order.refresh_from_db()
    missing = int(obj.get("amount_refunded") or 0) - to_fen(order.amount_refunded)
    if missing > 0:  # refunds the payload does not list (newer API versions omit them)
        services.refund_record(order=order, amount_fen=missing,
                               reason="Stripe (refund made outside the order desk)")


HANDLERS = {
    "payment_intent.succeeded": _on_intent_succeeded,
    "payment_intent.payment_failed": _on_intent_failed,
    "charge.refunded": _on_charge_refunded,
}


def webhook_process(*, event: WebhookEvent) -> bool:
    """Process a stored event once. Returns True if it was processed now; a failure is kept
    on the row (for `rerun_webhook_events`) and raised."""
    try:
        with transaction.atomic():
            locked = WebhookEvent.objects.select_for_update().get(pk=event.pk)
            if locked.processed_at is not None:
                return False
            handler = HANDLERS.get(locked.type)
            if handler is not None:
                handler(locked.payload["data"]["object"])
            locked.processed_at = timezone.now()
            locked.error = ""
            locked.save(update_fields=["processed_at", "error"])
    except Exception:
        WebhookEvent.objects.filter(pk=event.pk).update(error=traceback.format_exc()[-4000:])
        raise
    return True
