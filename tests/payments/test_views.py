"""The card endpoint any payable's pay page uses, without a network: bad tokens, payments
that are no longer open, bad bodies."""

import json

import pytest

from payments.models import Payment, PaymentProvider, PaymentStatus

pytestmark = pytest.mark.django_db


def post(client, token, body):
    return client.post(f"/payments/{token}/card/", data=body, content_type="application/json")


def test_unknown_or_short_tokens_are_404(client):
    assert post(client, "x" * 32, "{}").status_code == 404
    assert post(client, "short", "{}").status_code == 404
    assert client.get(f"/payments/{'x' * 32}/card/").status_code == 405


def test_closed_and_offline_payments_cannot_be_paid_by_card(client):
    paid = Payment.objects.create(payable_type="tests.invoice", payable_id=1, amount="5.00",
                                  provider=PaymentProvider.STRIPE, intent_id="pi_paid_00001",
                                  status=PaymentStatus.SUCCEEDED)
    response = post(client, paid.token, json.dumps({"payment_method": "card_123456"}))
    assert response.status_code == 409 and response.json()["status"] == "not_payable"
    offline = Payment.objects.create(payable_type="tests.invoice", payable_id=1, amount="5.00",
                                     provider=PaymentProvider.OFFLINE)
    assert post(client, offline.token, "{}").status_code == 404


def test_bad_body_is_a_400_in_the_payers_language(client):
    pending = Payment.objects.create(payable_type="tests.invoice", payable_id=1, amount="5.00",
                                     provider=PaymentProvider.STRIPE, intent_id="pi_open_00001")
    response = client.post(f"/en/payments/{pending.token}/card/", data="{not json",
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["error"] == "Bad request."
    response = post(client, pending.token, json.dumps({"payment_method": "<script>"}))
    assert response.status_code == 400 and "卡" in response.json()["error"]  # unprefixed: Chinese
    pending.refresh_from_db()
    assert pending.status == PaymentStatus.PENDING and pending.submitted_at is None
