"""The payer's side: paying a pending Stripe payment by card (for any payable: the page that
shows the card form is the payable app's), and Stripe's webhook."""

from __future__ import annotations

import json
import logging

from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments import services, webhooks
from payments.errors import PaymentError
from payments.models import Payment, PaymentProvider, PaymentStatus
from payments.providers import get_provider

logger = logging.getLogger(__name__)


def _payment_by_token(token: str) -> Payment:
    if not token or len(token) < 20:
        raise Http404
    return get_object_or_404(Payment, token=token, provider=PaymentProvider.STRIPE)


@require_POST
def card_confirm(request, token):
    """The browser hands over the card it tokenised; the server confirms the PaymentIntent.
    The payment succeeds only when Stripe's signed webhook says so."""
    payment = _payment_by_token(token)
    if payment.status != PaymentStatus.PENDING or not payment.intent_id:
        return JsonResponse({"status": "not_payable",
                             "error": _("This payment is no longer open.")}, status=409)
    try:
        body = json.loads(request.body or b"{}")
        payment_method_id = str(body.get("payment_method", ""))
    except (ValueError, AttributeError):
        return JsonResponse({"error": _("Bad request.")}, status=400)
    try:
        result = get_provider(PaymentProvider.STRIPE).confirm_card(
            payment=payment, payment_method_id=payment_method_id)
    except PaymentError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)
    if result["status"] in ("succeeded", "processing"):
        services.payment_mark_submitted(payment=payment)
    return JsonResponse(result)


@require_POST
def submitted(request, token):
    """Alipay, WeChat Pay and 3-D Secure finish in Stripe.js: the browser says it is done."""
    payment = _payment_by_token(token)
    services.payment_mark_submitted(payment=payment)
    return JsonResponse({"status": payment.status})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe → us. Verify the signature on the raw body, store the delivery, process it
    once. 400 for anything unsigned or malformed; 500 (Stripe retries) if processing fails."""
    try:
        event = webhooks.webhook_store(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except webhooks.WebhookRejected as exc:
        logger.warning("rejected a webhook: %s", exc)
        return HttpResponseBadRequest("invalid webhook")
    try:
        processed = webhooks.webhook_process(event=event)
    except Exception:
        logger.exception("webhook %s failed; kept for rerun_webhook_events", event.event_id)
        return HttpResponse("stored; processing failed", status=500)
    return HttpResponse("processed" if processed else "duplicate")
