"""Payments through a real localstripe over HTTP (the official stripe library), and the
signed webhook: verification, storage, once-only processing, out-of-order deliveries."""

import json
import time

import pytest
from django.core import mail
from django.core.management import call_command

from orders import services
from orders.models import DeliveryMethod, Order, OrderStatus
from payments.models import Payment, PaymentProvider, PaymentStatus, Refund, WebhookEvent
from payments.providers import get_provider
from payments.providers.stripe import client
from tests.orders.factories import make_product
from tests.payments.fakestripe import WEBHOOK, card_token, deliver, event, signed

pytestmark = [pytest.mark.stripe]


def placed_order(home, buyer, price="128.00"):
    product = make_product(home, price=price, stock=5)
    order = services.order_place(items=[(product.pk, 1)], buyer=buyer,
                                 delivery_method=DeliveryMethod.COURIER,
                                 payment_provider=PaymentProvider.STRIPE)
    payment = services.order_payment_start(order=order)
    return order, payment


def pay_at_stripe(localstripe, payment, number="4242424242424242"):
    token = card_token(localstripe, number)
    result = get_provider(PaymentProvider.STRIPE).confirm_card(
        payment=payment, payment_method_id=token["card"]["id"])
    return result, client().v1.payment_intents.retrieve(payment.intent_id)


def charge_of(intent):
    charge = intent["latest_charge"]
    charge_id = charge if isinstance(charge, str) else charge["id"]
    return client().v1.charges.retrieve(charge_id).to_dict()


@pytest.mark.django_db
def test_payment_intent_is_created_once_per_order(home, buyer, stripe_settings):
    order, payment = placed_order(home, buyer)
    assert payment.intent_id.startswith("pi_") and payment.client_secret
    intent = client().v1.payment_intents.retrieve(payment.intent_id)
    assert intent.amount == 14600 and intent.currency == "cny"  # ¥128 + ¥18 courier
    assert intent.metadata["order_number"] == order.number
    assert services.order_payment_start(order=order).pk == payment.pk


@pytest.mark.django_db
def test_paying_does_not_mark_paid_without_the_webhook(home, buyer, stripe_settings):
    order, payment = placed_order(home, buyer)
    result, intent = pay_at_stripe(stripe_settings.STRIPE_API_BASE, payment)
    assert result["status"] == "succeeded" and intent.status == "succeeded"
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT  # only the webhook fulfils


@pytest.mark.django_db
def test_declined_card_is_reported(home, buyer, stripe_settings):
    order, payment = placed_order(home, buyer)
    result, _intent = pay_at_stripe(stripe_settings.STRIPE_API_BASE, payment,
                                    number="4000000000000341")
    assert result["status"] == "failed" and result["error"]


@pytest.mark.django_db
def test_webhook_marks_paid_once_for_the_same_event_twice(home, buyer, stripe_settings, client):
    order, payment = placed_order(home, buyer)
    _result, intent = pay_at_stripe(stripe_settings.STRIPE_API_BASE, payment)
    evt = event("payment_intent.succeeded", intent.to_dict())
    mail.outbox.clear()
    first, second = deliver(client, evt), deliver(client, evt)
    assert first.status_code == 200 and first.content == b"processed"
    assert second.status_code == 200 and second.content == b"duplicate"
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.amount_paid == order.total
    assert order.events.filter(to_status=OrderStatus.PAID).count() == 1
    stored = WebhookEvent.objects.get()
    assert stored.deliveries == 2 and stored.processed_at and not stored.error
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED


@pytest.mark.django_db
@pytest.mark.parametrize("tamper", ["bad-secret", "garbage", "no-header", "changed-body"])
def test_bad_webhooks_get_400_and_change_nothing(home, buyer, stripe_settings, client, tamper):
    order, payment = placed_order(home, buyer)
    _result, intent = pay_at_stripe(stripe_settings.STRIPE_API_BASE, payment)
    evt = event("payment_intent.succeeded", intent.to_dict())
    if tamper == "bad-secret":
        response = deliver(client, evt, secret="whsec_someone_else")
    elif tamper == "garbage":
        payload, header = signed(evt)
        response = client.post(WEBHOOK, data=b"{not json", content_type="application/json",
                               HTTP_STRIPE_SIGNATURE=header)
    elif tamper == "no-header":
        response = client.post(WEBHOOK, data=json.dumps(evt), content_type="application/json")
    else:
        payload, header = signed(evt)
        response = client.post(WEBHOOK, data=payload.replace(b"14600", b"99999"),
                               content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT and order.amount_paid == 0
    assert not WebhookEvent.objects.exists()
    assert client.get(WEBHOOK).status_code == 405


@pytest.mark.django_db
def test_amount_mismatch_flags_the_order(home, buyer, stripe_settings, client):
    order, payment = placed_order(home, buyer)
    _result, intent = pay_at_stripe(stripe_settings.STRIPE_API_BASE, payment)
    obj = intent.to_dict()
    obj["amount"] = obj["amount_received"] = 100
    assert deliver(client, event("payment_intent.succeeded", obj)).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    # webhook requests run in the default language, Chinese
    assert order.needs_attention and "不符" in order.attention_reason
    obj = intent.to_dict()
    obj["currency"] = "usd"
    assert deliver(client, event("payment_intent.succeeded", obj, "evt_usd")).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT


def _refund_at_stripe(payment, amount):
    return client().v1.refunds.create(params={"payment_intent": payment.intent_id,
                                              "amount": amount})


@pytest.mark.django_db
@pytest.mark.parametrize("order_of_delivery", ["succeeded-first", "refunded-first"])
def test_refund_and_success_in_any_order_converge(home, buyer, stripe_settings, client,
                                                   order_of_delivery):
    order, payment = placed_order(home, buyer)
    _result, intent = pay_at_stripe(stripe_settings.STRIPE_API_BASE, payment)
    _refund_at_stripe(payment, 4600)
    charge = charge_of(intent.to_dict())
    assert charge["amount_refunded"] == 4600
    succeeded = event("payment_intent.succeeded", intent.to_dict())
    refunded = event("charge.refunded", charge)
    deliveries = [succeeded, refunded] if order_of_delivery == "succeeded-first" else [
        refunded, succeeded]
    for evt in deliveries + deliveries:  # and every event again
        assert deliver(client, evt).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert (order.amount_paid, order.amount_refunded) == (order.total, 46)
    assert Refund.objects.count() == 1 and Payment.objects.count() == 1
    assert not order.needs_attention


@pytest.mark.django_db
def test_full_refund_from_the_desk_then_its_webhook(home, buyer, stripe_settings, client,
                                                     committee_user):
    order, payment = placed_order(home, buyer)
    _result, intent = pay_at_stripe(stripe_settings.STRIPE_API_BASE, payment)
    deliver(client, event("payment_intent.succeeded", intent.to_dict()))
    order.refresh_from_db()
    order = services.order_refund(order=order, amount_fen=2000, reason="scratch",
                                  actor=committee_user)
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    order = services.order_refund(order=order, amount_fen=12600, reason="returned",
                                  actor=committee_user)
    assert order.status == OrderStatus.REFUNDED
    with pytest.raises(services.OrderError):
        services.order_refund(order=order, amount_fen=1, reason="", actor=committee_user)
    assert deliver(client, event("charge.refunded", charge_of(intent.to_dict()))).status_code == 200
    order.refresh_from_db()
    assert order.amount_refunded == order.total and Refund.objects.count() == 2
    assert all(r.stripe_refund_id.startswith("re_") for r in Refund.objects.all())


@pytest.mark.django_db
def test_failed_events_are_kept_and_rerun(home, buyer, stripe_settings, client):
    order, payment = placed_order(home, buyer)
    _result, intent = pay_at_stripe(stripe_settings.STRIPE_API_BASE, payment)
    obj = intent.to_dict()
    Payment.objects.filter(pk=payment.pk).update(intent_id="pi_elsewhere")
    obj["metadata"] = {"order_number": "TX-UNKNOWN"}
    response = deliver(client, event("payment_intent.succeeded", obj))
    assert response.status_code == 500
    stored = WebhookEvent.objects.get()
    assert stored.processed_at is None and "LookupError" in stored.error
    Payment.objects.filter(pk=payment.pk).update(intent_id=obj["id"])
    call_command("rerun_webhook_events")
    stored.refresh_from_db()
    order.refresh_from_db()
    assert stored.processed_at and order.status == OrderStatus.PAID


@pytest.mark.django_db
def test_payment_failed_event_keeps_the_order_waiting(home, buyer, stripe_settings, client):
    order, payment = placed_order(home, buyer)
    _result, intent = pay_at_stripe(stripe_settings.STRIPE_API_BASE, payment,
                                    number="4000000000000341")
    assert deliver(client, event("payment_intent.payment_failed",
                                 intent.to_dict())).status_code == 200
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED and order.status == OrderStatus.AWAITING_PAYMENT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_whole_purchase_paid_by_card(home, buyer, stripe_settings, client,
                                     webhook_to_live_server):
    """Cart → checkout → pay page → card confirmed at localstripe → localstripe's own signed
    webhook reaches the live server → the order is paid and the buyer gets two mails."""
    product = make_product(home, price="268.00", stock=2)
    mail.outbox.clear()
    client.post("/cart/add/", {"product_id": product.pk, "quantity": "1"})
    response = client.post("/checkout/", {
        "name": "李明", "phone": "138 0013 8000", "email": "liming@example.cn",
        "delivery_method": "courier", "province": "上海市", "city": "上海市",
        "district": "徐汇区", "address_detail": "漕溪北路 88 号 5 楼", "payment_provider": "stripe",
        "price": "0.01", "total": "0.01",  # tampered prices are ignored
    })
    assert response.status_code == 302
    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.token}/pay/"
    assert order.total == order.subtotal + order.shipping_fee and order.subtotal == 268
    page = client.get(response["Location"])
    assert stripe_settings.STRIPE_JS_URL in page.content.decode()
    token = card_token(stripe_settings.STRIPE_API_BASE)
    answer = client.post(f"/payments/{Payment.objects.get().token}/card/",
                         data=json.dumps({"payment_method": token["card"]["id"]}),
                         content_type="application/json").json()
    assert answer["status"] == "succeeded"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        order.refresh_from_db()
        if order.status == OrderStatus.PAID:
            break
        time.sleep(0.2)
    assert order.status == OrderStatus.PAID
    assert WebhookEvent.objects.filter(type="payment_intent.succeeded").exists()
    assert [m.subject for m in mail.outbox] == [
        f"您的订单 {order.number} 已提交", f"订单 {order.number} 已收到付款"]
    assert client.get(order.get_absolute_url()).status_code == 200
