"""Milestones paid through the payments app: online through a real localstripe with its
signed webhook (the same event delivered twice pays once), offline with a reference, and
refunds through the provider the money came by."""

import pytest
from django.core import mail
from django.utils import translation

from commissions import services
from commissions.models import MilestoneStatus
from payments.models import Payment, PaymentStatus, Refund, WebhookEvent
from payments.providers import get_provider
from payments.providers.stripe import client as stripe_client
from tests.commissions.factories import make_contracted
from tests.payments.fakestripe import card_token, deliver, event

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def paid_at_stripe(localstripe_base, payment, number="4242424242424242"):
    token = card_token(localstripe_base, number)
    result = get_provider("stripe").confirm_card(payment=payment,
                                                 payment_method_id=token["card"]["id"])
    return result, stripe_client().v1.payment_intents.retrieve(payment.intent_id)


@pytest.fixture
def deposit(home):
    commission = make_contracted("100000.01")
    return commission.milestones.get(sequence=1)


def test_the_pay_page_starts_one_payment_intent_for_the_milestone(client, deposit,
                                                                  stripe_settings):
    url = f"/en/commissions/track/{deposit.commission.token}/pay/{deposit.pk}/"
    first = client.get(url)
    assert first.status_code == 200 and 'id="card-payment"' in first.content.decode()
    assert client.get(url).status_code == 200
    payment = Payment.objects.get(payable_type="commissions.milestone", payable_id=deposit.pk)
    intent = stripe_client().v1.payment_intents.retrieve(payment.intent_id)
    assert intent.amount == 3000000 and intent.currency == "cny"
    assert intent.metadata["commission"] == deposit.commission.reference


def test_a_card_payment_counts_only_when_the_signed_webhook_comes_and_only_once(
        client, deposit, stripe_settings, django_capture_on_commit_callbacks):
    payment = services.milestone_pay_online(milestone=deposit)
    result, intent = paid_at_stripe(stripe_settings.STRIPE_API_BASE, payment)
    assert result["status"] == "succeeded"
    deposit.refresh_from_db()
    assert deposit.status == MilestoneStatus.DUE  # the browser's word is not enough
    evt = event("payment_intent.succeeded", intent.to_dict())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first, second = deliver(client, evt), deliver(client, evt)
    assert (first.content, second.content) == (b"processed", b"duplicate")
    deposit.refresh_from_db()
    assert deposit.status == MilestoneStatus.PAID and deposit.paid_via == "stripe"
    assert deposit.amount_paid == deposit.amount and deposit.reference == payment.intent_id
    assert deposit.commission.events.filter(kind="payment").count() == 1
    assert WebhookEvent.objects.get().deliveries == 2
    assert len(mail.outbox) == 1 and "¥30,000.00" in mail.outbox[0].body
    with translation.override("en"), pytest.raises(services.CommissionError,
                                                   match="already been paid"):
        services.milestone_pay_online(milestone=deposit)
    page = client.get(deposit.commission.get_absolute_url()).content.decode()
    assert "milestone--paid" in page


def test_a_declined_card_leaves_the_milestone_due(client, deposit, stripe_settings):
    payment = services.milestone_pay_online(milestone=deposit)
    result, _intent = paid_at_stripe(stripe_settings.STRIPE_API_BASE, payment,
                                     "4000000000000341")
    assert result["status"] == "failed"
    deposit.refresh_from_db()
    assert deposit.status == MilestoneStatus.DUE


def test_a_card_refund_goes_through_stripe_and_shows(client, deposit, stripe_settings):
    payment = services.milestone_pay_online(milestone=deposit)
    _result, intent = paid_at_stripe(stripe_settings.STRIPE_API_BASE, payment)
    deliver(client, event("payment_intent.succeeded", intent.to_dict()))
    deposit.refresh_from_db()
    services.milestone_refund(milestone=deposit, amount_fen=500000, reason="缩小规模")
    deposit.refresh_from_db()
    assert deposit.status == MilestoneStatus.PARTIALLY_REFUNDED
    refund = Refund.objects.get()
    assert refund.stripe_refund_id and refund.amount == 5000
    stripe_refunds = stripe_client().v1.refunds.list(params={"payment_intent": intent.id})
    assert [r.amount for r in stripe_refunds.data] == [500000]
    services.milestone_refund(milestone=deposit, amount_fen=2500000)
    deposit.refresh_from_db()
    assert deposit.status == MilestoneStatus.REFUNDED
    page = client.get(deposit.commission.get_absolute_url()).content.decode()
    assert "milestone--refunded" in page


def test_an_offline_payment_needs_a_reference_and_is_recorded_once(deposit, committee_user):
    with pytest.raises(services.CommissionError, match="reference"):
        services.milestone_record_offline_payment(milestone=deposit, reference=" ")
    services.milestone_record_offline_payment(milestone=deposit, reference="ICBC-2026-0001",
                                              actor=committee_user)
    deposit.refresh_from_db()
    assert deposit.status == MilestoneStatus.PAID and deposit.reference == "ICBC-2026-0001"
    payment = Payment.objects.get(payable_id=deposit.pk)
    assert payment.status == PaymentStatus.SUCCEEDED and payment.recorded_by == committee_user
    with pytest.raises(services.CommissionError, match="already been paid"):
        services.milestone_record_offline_payment(milestone=deposit, reference="ICBC-2")
    services.milestone_refund(milestone=deposit, amount_fen=3000000, actor=committee_user)
    deposit.refresh_from_db()
    assert deposit.status == MilestoneStatus.REFUNDED
