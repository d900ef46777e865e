"""Settings → Webhook events (payments.wagtail_hooks): the committee lists the events Stripe
sent that could not be applied, reads one's payload and error, and processes it again once
its payment exists; artisans see none of it."""

from decimal import Decimal

import pytest

from payments.models import Payment, PaymentProvider, WebhookEvent
from tests.conftest import user_in_group
from tests.payments.fakestripe import WEBHOOK_SECRET, deliver, event
from tests.payments.test_services import PAYABLE, handler  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

LIST = "/admin/webhook_events/"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_tianxing"


@pytest.fixture
def kept(client):
    """A signed event for a PaymentIntent of no payment of ours: answered 2xx, kept."""
    deliver(client, event("payment_intent.succeeded", {
        "id": "pi_late", "object": "payment_intent", "amount": 1000, "currency": "cny",
        "metadata": {}}))
    stored = WebhookEvent.objects.get()
    assert stored.processed_at is None and "pi_late" in stored.error
    return stored


@pytest.fixture
def processed(client):
    return WebhookEvent.objects.create(event_id="evt_done", type="ping", payload={},
                                       processed_at="2026-01-01T00:00:00Z")


@pytest.fixture
def artisan(db):
    return user_in_group("Artisans", username="artisan")


def test_the_committee_lists_kept_events_and_filters_by_status(client, committee_user, kept,
                                                               processed):
    client.force_login(committee_user)
    page = client.get(LIST).content.decode()
    assert kept.event_id in page and "evt_done" in page
    failing = client.get(LIST, {"status": "failing"}).content.decode()
    assert kept.event_id in failing and "evt_done" not in failing
    done = client.get(LIST, {"status": "processed"}).content.decode()
    assert kept.event_id not in done and "evt_done" in done
    assert client.get(LIST, {"status": "nonsense"}).status_code == 200


def test_the_detail_shows_payload_error_and_the_rerun_button(client, committee_user, kept):
    client.force_login(committee_user)
    page = client.get(f"{LIST}inspect/{kept.pk}/").content.decode()
    assert "&quot;pi_late&quot;" in page  # the payload
    assert "LookupError" in page or "No payment for PaymentIntent pi_late" in page
    assert f'action="{LIST}inspect/{kept.pk}/rerun/"' in page
    assert "再次处理" in page  # Chinese first


def test_rerun_applies_an_event_once_its_payment_exists(client, committee_user, kept,
                                                        handler):  # noqa: F811
    payment = Payment.objects.create(payable_type=PAYABLE, payable_id=9, amount="10.00",
                                     provider=PaymentProvider.STRIPE, intent_id="pi_late")
    client.force_login(committee_user)
    response = client.post(f"{LIST}inspect/{kept.pk}/rerun/", follow=True)
    assert response.status_code == 200
    kept.refresh_from_db()
    assert kept.processed_at is not None and kept.error == ""
    assert handler.calls == [("succeeded", payment.pk, Decimal("10.00"))]
    assert "已处理" in response.content.decode()
    # A second re-run changes nothing and says so.
    again = client.post(f"{LIST}inspect/{kept.pk}/rerun/", follow=True)
    assert "已经处理过" in again.content.decode()
    assert len(handler.calls) == 1


def test_rerun_that_fails_again_keeps_the_error_and_says_so(client, committee_user, kept):
    client.force_login(committee_user)
    response = client.post(f"{LIST}inspect/{kept.pk}/rerun/", follow=True)
    assert response.status_code == 200
    assert "再次处理该事件失败" in response.content.decode()
    kept.refresh_from_db()
    assert kept.processed_at is None and "pi_late" in kept.error


def test_rerun_is_a_post(client, committee_user, kept):
    client.force_login(committee_user)
    assert client.get(f"{LIST}inspect/{kept.pk}/rerun/").status_code == 405


def test_rerun_needs_the_csrf_token(committee_user, kept):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(committee_user)
    assert strict.post(f"{LIST}inspect/{kept.pk}/rerun/").status_code == 403
    kept.refresh_from_db()
    assert kept.processed_at is None


@pytest.mark.parametrize("url", [f"{LIST}inspect/999999/", f"{LIST}inspect/999999/rerun/",
                                 f"{LIST}inspect/abc/rerun/"])
def test_bad_ids_are_404(client, committee_user, url):
    client.force_login(committee_user)
    response = client.post(url) if url.endswith("rerun/") else client.get(url)
    assert response.status_code == 404


def test_artisans_see_and_rerun_nothing(client, artisan, kept, handler):  # noqa: F811
    Payment.objects.create(payable_type=PAYABLE, payable_id=9, amount="10.00",
                           provider=PaymentProvider.STRIPE, intent_id="pi_late")
    client.force_login(artisan)
    for url in (LIST, f"{LIST}inspect/{kept.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert kept.event_id not in response.content.decode()
    response = client.post(f"{LIST}inspect/{kept.pk}/rerun/")
    assert response.status_code in (302, 403)
    kept.refresh_from_db()
    assert kept.processed_at is None and handler.calls == []


def test_nobody_adds_edits_or_deletes_events(client, admin_user_in_group, kept):
    client.force_login(admin_user_in_group)
    assert client.get(LIST).status_code == 200
    for url in (f"{LIST}new/", f"{LIST}edit/{kept.pk}/", f"{LIST}delete/{kept.pk}/"):
        assert client.get(url).status_code in (302, 403), url
