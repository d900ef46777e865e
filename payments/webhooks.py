"""Stripe's signed webhook, the one place a card payment succeeds: every delivery is verified
on its raw body, stored once per event id, and processed once inside a transaction; a failure
is kept on the row for `rerun_webhook_events`. What a payment pays for is the payable's
business: these handlers only call payments.services, which tell the payable's handler."""

from __future__ import annotations

import traceback

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from core.money import from_fen, to_fen
from payments import services
from payments.models import Payment, PaymentProvider, WebhookEvent


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
                event_id=event_id, defaults={"type": event_type, "payload": data},
            )
    except IntegrityError:  # the same event delivered twice at the same moment
        stored, created = WebhookEvent.objects.get(event_id=event_id), False
    if not created:
        WebhookEvent.objects.filter(pk=stored.pk).update(deliveries=stored.deliveries + 1)
    return stored


def _payable_for_intent(intent_id: str, metadata: dict | None) -> tuple[str, int]:
    """The payable a PaymentIntent pays for: our payment row, else the intent's metadata."""
    payment = Payment.objects.filter(intent_id=intent_id).only(
        "payable_type", "payable_id").first()
    if payment is not None:
        return payment.payable_type, payment.payable_id
    metadata = metadata or {}
    payable_type, payable_id = metadata.get("payable_type"), metadata.get("payable_id")
    if not payable_type or not str(payable_id or "").isdigit():
        raise LookupError(f"No payment for PaymentIntent {intent_id}")
    return payable_type, int(payable_id)


def _on_intent_succeeded(obj: dict) -> None:
    payable_type, payable_id = _payable_for_intent(obj["id"], obj.get("metadata"))
    services.payment_record_success(
        payable_type=payable_type, payable_id=payable_id, provider=PaymentProvider.STRIPE,
        amount_fen=int(obj.get("amount_received") or obj["amount"]), currency=obj["currency"],
        intent_id=obj["id"],
    )


def _on_intent_failed(obj: dict) -> None:
    payable_type, payable_id = _payable_for_intent(obj["id"], obj.get("metadata"))
    if not Payment.objects.filter(intent_id=obj["id"]).exists():
        Payment.objects.create(payable_type=payable_type, payable_id=payable_id,
                               provider=PaymentProvider.STRIPE, intent_id=obj["id"],
                               amount=from_fen(int(obj["amount"])),
                               currency=obj["currency"].upper())
    error = obj.get("last_payment_error") or {}
    services.payment_record_failure(intent_id=obj["id"], message=error.get("message") or "")


def _on_charge_refunded(obj: dict) -> None:
    intent_id = obj.get("payment_intent")
    if isinstance(intent_id, dict):
        intent_id = intent_id.get("id")
    if not intent_id:
        raise LookupError("charge.refunded without a payment_intent")
    payable_type, payable_id = _payable_for_intent(intent_id, obj.get("metadata"))
    # A refund implies the charge succeeded: record that first, so that an out-of-order
    # delivery (refund before success) ends in the same state as the usual order.
    payment = services.payment_record_success(
        payable_type=payable_type, payable_id=payable_id, provider=PaymentProvider.STRIPE,
        amount_fen=int(obj.get("amount_captured") or obj["amount"]), currency=obj["currency"],
        intent_id=intent_id,
    )
    for refund in (obj.get("refunds") or {}).get("data", []):
        if refund.get("status") in (None, "succeeded", "pending"):
            services.refund_record(payment=payment, amount_fen=int(refund["amount"]),
                                   stripe_refund_id=refund["id"], reason="Stripe")
    recorded = payment.refunds.aggregate(total=Sum("amount"))["total"] or 0
    missing = int(obj.get("amount_refunded") or 0) - to_fen(recorded)
    if missing > 0:  # refunds the payload does not list (newer API versions omit them)
        services.refund_record(payment=payment, amount_fen=missing,
                               reason="Stripe (refund made outside the desk)")


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
