"""#11.11: signed webhooks that cannot be applied are answered 2xx and kept for staff (Stripe
would otherwise retry them for days); signed bodies that are not events are a 400."""

import pytest
from django.core.management import call_command

from payments.models import WebhookEvent
from tests.payments.fakestripe import WEBHOOK, WEBHOOK_SECRET, deliver, event, signed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_tianxing"


@pytest.mark.parametrize("obj", [
    {"id": "pi_nobody", "object": "payment_intent", "amount": 100, "currency": "cny",
     "metadata": {}},
    {"id": "pi_nobody", "object": "payment_intent", "amount": 100, "currency": "cny",
     "metadata": {"payable_type": "orders.order", "payable_id": "abc"}},
    {"id": "pi_malformed"},
])
def test_an_event_for_no_payment_of_ours_is_kept_for_staff_with_a_2xx(client, obj):
    response = deliver(client, event("payment_intent.succeeded", obj))
    assert response.status_code == 200
    stored = WebhookEvent.objects.get()
    assert stored.processed_at is None and stored.error  # for staff and rerun_webhook_events
    assert deliver(client, event("payment_intent.succeeded", obj)).status_code == 200
    assert WebhookEvent.objects.get().deliveries == 2


@pytest.mark.parametrize("data_object", ["a string", 42, None, ["a", "list"]])
def test_an_event_whose_object_is_not_an_object_is_kept_with_a_2xx(client, data_object):
    evt = {"id": "evt_odd", "object": "event", "type": "payment_intent.succeeded",
           "data": {"object": data_object}}
    assert deliver(client, evt).status_code == 200
    assert WebhookEvent.objects.get().error


@pytest.mark.parametrize("body", [b"[1, 2, 3]", b'"text"', b"null", b"42",
                                  b'{"id": {"x": 1}, "type": "payment_intent.succeeded"}',
                                  b'{"id": "evt_1", "type": ["x"]}'])
def test_signed_json_that_is_not_an_event_is_a_400(client, body):
    import hashlib
    import hmac
    import time

    stamp = int(time.time())
    mac = hmac.new(WEBHOOK_SECRET.encode(), b"%d.%s" % (stamp, body), hashlib.sha256)
    response = client.post(WEBHOOK, data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=f"t={stamp},v1={mac.hexdigest()}")
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_kept_events_are_listed_by_the_rerun_command(client, capsys):
    deliver(client, event("payment_intent.succeeded", {"id": "pi_nobody", "amount": 1,
                                                        "currency": "cny", "metadata": {}}))
    call_command("rerun_webhook_events")
    assert WebhookEvent.objects.get().processed_at is None


def test_an_event_type_we_do_not_handle_is_acknowledged(client):
    payload, header = signed({"id": "evt_x", "type": "ping", "data": {"object": {}}})
    assert client.post(WEBHOOK, data=payload, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header).status_code == 200
