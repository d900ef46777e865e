"""Stripe for any payable, through a real localstripe: the PaymentIntent carries the payable
and the account's payment method types, the card flow and the signed webhook reach the
payable's registered handler, and each event is processed once."""

import json

import pytest
import stripe

from payments import registry, services
from payments.models import Payment, PaymentProvider, PaymentStatus, WebhookEvent
from payments.providers.stripe import client as stripe_client
from tests.payments.fakestripe import card_token, deliver, event
from tests.payments.test_services import PAYABLE, Recorder

pytestmark = [pytest.mark.stripe, pytest.mark.django_db]


@pytest.fixture
def handler(monkeypatch):
    recorder = Recorder()
    monkeypatch.setitem(registry._handlers, PAYABLE, recorder)
    return recorder


@pytest.fixture
def sent_params(monkeypatch):
    """The parameters each PaymentIntent is created with (localstripe does not keep
    payment_method_types, so the request itself is checked)."""
    sent = []
    original = stripe.PaymentIntentService.create

    def create(self, params=None, options=None):
        sent.append(params)
        return original(self, params=params, options=options)

    monkeypatch.setattr(stripe.PaymentIntentService, "create", create)
    return sent


def start(amount_fen=30000, payable_id=42):
    return services.payment_start(payable_type=PAYABLE, payable_id=payable_id,
                                  amount_fen=amount_fen, provider=PaymentProvider.STRIPE,
                                  description="milestone 1", metadata={"ref": "C-7"})


@pytest.mark.parametrize("configured, expected", [
    (["card"], ["card"]),
    (["card", "alipay", "wechat_pay"], ["card", "alipay", "wechat_pay"]),
    (["alipay", "wechat_pay"], ["card", "alipay", "wechat_pay"]),  # the card is the fallback
])
def test_intent_offers_the_accounts_methods_with_the_card_as_fallback(
        stripe_settings, handler, sent_params, configured, expected):
    stripe_settings.STRIPE_PAYMENT_METHOD_TYPES = configured
    payment = start()
    params = sent_params[-1]
    assert params["payment_method_types"] == expected
    assert ("wechat_pay" in expected) == ("payment_method_options" in params)
    assert params["metadata"]["payable_type"] == PAYABLE
    assert params["metadata"]["payable_id"] == "42" and params["metadata"]["ref"] == "C-7"
    assert params["amount"] == 30000 and params["currency"] == "cny"
    assert payment.intent_id.startswith("pi_") and payment.client_secret


def test_card_payment_and_webhook_reach_the_payables_handler(stripe_settings, handler,
                                                            client):
    payment = start()
    assert start().pk == payment.pk  # the same pending payment, not a second intent
    token = card_token(stripe_settings.STRIPE_API_BASE)
    answer = client.post(f"/payments/{payment.token}/card/",
                         data=json.dumps({"payment_method": token["card"]["id"]}),
                         content_type="application/json").json()
    assert answer["status"] == "succeeded"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and payment.is_being_confirmed
    assert handler.calls == []  # the browser never marks anything paid
    intent = stripe_client().v1.payment_intents.retrieve(payment.intent_id)
    evt = event("payment_intent.succeeded", intent.to_dict())
    assert deliver(client, evt).content == b"processed"
    assert deliver(client, evt).content == b"duplicate"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and str(payment.amount) == "300.00"
    assert handler.calls == [("succeeded", payment.pk, payment.amount)]
    assert WebhookEvent.objects.get().deliveries == 2


def test_webhook_for_an_unknown_payable_is_kept_for_a_rerun(stripe_settings, client):
    obj = {"id": "pi_nobody_0001", "object": "payment_intent", "amount": 100,
           "amount_received": 100, "currency": "cny", "metadata": {"payable_type": "x.y",
                                                                   "payable_id": "1"}}
    assert deliver(client, event("payment_intent.succeeded", obj)).status_code == 500
    stored = WebhookEvent.objects.get()
    assert stored.processed_at is None and "LookupError" in stored.error
    assert not Payment.objects.exists()
