"""Abuse of the shop that an outside review found (#11): hoarding stock, guessing order
numbers, works unpublished in a cart, number collisions, overpayments, formula injection in
the desk's export, and the expired-order sweep that must keep running."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from catalogue.models import StockRecord
from core.models import Heartbeat
from orders import services
from orders.models import DeliveryMethod, Order, OrderStatus
from orders.services import placement
from payments.models import PaymentProvider
from tests.orders.factories import make_product

pytestmark = pytest.mark.django_db

CHECKOUT = {
    "name": "李明", "phone": "13800138000", "email": "liming@example.cn",
    "delivery_method": "courier", "province": "四川省", "city": "成都市", "district": "温江区",
    "address_detail": "寿安镇天星村 3 组 17 号", "payment_provider": "offline",
}


def place(product, buyer, quantity=1, provider=PaymentProvider.OFFLINE, **kwargs):
    return services.order_place(items=[(product.pk, quantity)], buyer=buyer,
                                delivery_method=DeliveryMethod.COURIER,
                                payment_provider=provider, **kwargs)


# 1. Stock hoarding ---------------------------------------------------------------------

def test_one_order_takes_at_most_ten_pieces_of_a_work(home, buyer):
    product = make_product(home, stock=50)
    with pytest.raises(services.OrderError, match="At most 10 pieces of one work"):
        place(product, buyer, quantity=11)
    assert StockRecord.objects.get(product=product).quantity == 50
    assert place(product, buyer, quantity=10).lines.get().quantity == 10


def test_one_order_takes_at_most_thirty_pieces_in_all(home, buyer):
    products = [make_product(home, title=f"作品{n}", stock=20) for n in range(4)]
    with pytest.raises(services.OrderError, match="At most 30 pieces per order"):
        services.order_place(items=[(p.pk, 8) for p in products], buyer=buyer,
                             delivery_method=DeliveryMethod.COURIER,
                             payment_provider=PaymentProvider.OFFLINE)
    assert not Order.objects.exists()


def test_the_cart_refuses_more_than_the_caps(client, home):
    product = make_product(home, stock=50)
    response = client.post("/cart/add/", {"product_id": product.pk, "quantity": "11"},
                           follow=True)
    assert "最多" in response.content.decode()
    assert not client.session.get("tianxing_cart")
    others = [make_product(home, title=f"作品{n}", stock=20) for n in range(3)]
    for other in others:
        client.post("/cart/add/", {"product_id": other.pk, "quantity": "10"})
    response = client.post("/en/cart/add/", {"product_id": product.pk, "quantity": "1"},
                           follow=True)
    assert "At most 30 pieces per order" in response.content.decode()


def test_an_unpaid_bank_transfer_holds_stock_one_day_and_the_buyer_is_told(client, home,
                                                                          buyer):
    product = make_product(home, stock=3)
    order = place(product, buyer)
    assert order.payment_due_at - order.created_at == timedelta(hours=24)
    page = client.get(reverse("orders:pay", args=[order.token])).content.decode()
    due = timezone.localtime(order.payment_due_at)
    assert f"{due:%Y-%m-%d %H:%M}" in page and "go back on sale" in page
    services.orders_release_expired(now=order.created_at + timedelta(hours=25))
    assert StockRecord.objects.get(product=product).quantity == 3


def test_checkout_is_rate_limited_per_phone(client, home):
    product = make_product(home, stock=50)
    statuses = []
    for n in range(6):
        client.post("/cart/add/", {"product_id": product.pk, "quantity": "1"})
        data = {**CHECKOUT, "email": f"buyer{n}@example.cn"}
        statuses.append(client.post("/checkout/", data, REMOTE_ADDR=f"10.0.0.{n}").status_code)
    assert statuses == [302] * 5 + [429]
    assert Order.objects.count() == 5


def test_checkout_is_rate_limited_per_client_address(client, home):
    product = make_product(home, stock=50)
    statuses = []
    for n in range(11):
        client.post("/cart/add/", {"product_id": product.pk, "quantity": "1"})
        data = {**CHECKOUT, "phone": f"1390013{n:04d}", "email": ""}
        statuses.append(client.post("/checkout/", data).status_code)
    assert statuses == [302] * 10 + [429]


# 3. Find-my-order brute force ------------------------------------------------------------

def test_guessing_order_numbers_for_a_phone_is_slowed_down(client, home, buyer):
    order = place(make_product(home), buyer)
    statuses = [client.post("/orders/find/", {"number": f"TX250101{n:010d}",
                                              "contact": "138 0013 8000"}).status_code
                for n in range(11)]
    assert statuses == [400] * 10 + [429]
    response = client.post("/orders/find/", {"number": order.number,
                                             "contact": "13800138000"})
    assert response.status_code == 429  # even the right pair waits: the phone is counted
    assert "尝试次数过多" in response.content.decode()


def test_guessing_phones_for_one_order_number_is_slowed_down(client, home, buyer):
    order = place(make_product(home), buyer)
    statuses = [client.post("/orders/find/", {"number": order.number,
                                              "contact": f"1390013{n:04d}"}).status_code
                for n in range(11)]
    assert statuses[-1] == 429 and statuses[:10] == [400] * 10


def test_order_numbers_have_ten_random_digits(home, buyer):
    order = place(make_product(home), buyer)
    assert len(order.number) == 18 and order.number[8:].isdigit()


# 5. A work unpublished while in a cart ---------------------------------------------------

def test_a_work_unpublished_while_in_the_cart_is_dropped_with_a_notice(client, home):
    kept, gone = make_product(home, title="竹编果篮"), make_product(home, title="草编提篮")
    for product in (kept, gone):
        client.post("/cart/add/", {"product_id": product.pk, "quantity": "1"})
    gone.unpublish()
    page = client.get("/cart/").content.decode()
    assert "“草编提篮”已下架" in page
    assert client.session["tianxing_cart"] == {str(kept.pk): 1}
    response = client.post("/checkout/", CHECKOUT)
    assert response.status_code == 302
    assert Order.objects.get().lines.get().product_id == kept.pk


# 12. Order-number collisions --------------------------------------------------------------

def test_an_order_number_already_taken_is_drawn_again(home, buyer, monkeypatch):
    first = place(make_product(home), buyer)
    numbers = iter([first.number, first.number, "TX2501010000000042"])
    monkeypatch.setattr(placement, "new_order_number", lambda now: next(numbers))
    second = place(make_product(home, title="另一件"), buyer)
    assert second.number == "TX2501010000000042"
    assert Order.objects.count() == 2


# 11. Overpayment --------------------------------------------------------------------------

def test_a_second_payment_for_a_paid_order_is_flagged_for_refund(home, buyer):
    order = place(make_product(home, price="128.00"), buyer, provider=PaymentProvider.STRIPE)
    for intent in ("pi_first", "pi_second"):
        order = services.payment_record_success(
            order=order, amount_fen=12800 + 1800, currency="CNY",
            provider=PaymentProvider.STRIPE, intent_id=intent)
    assert order.status == OrderStatus.PAID
    assert order.needs_attention and "Overpaid" in order.attention_reason


# 7. Formula injection in the desk's export ------------------------------------------------

def test_the_desk_export_neutralises_formulas(client, home, buyer, committee_user):
    evil = buyer.__class__(**{**buyer.__dict__, "name": "=HYPERLINK(\"http://x\",\"y\")",
                              "address_detail": "=cmd|' /C calc'!A0"})
    place(make_product(home), evil)
    client.force_login(committee_user)
    url = reverse("order_desk:index")
    text = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode()
    assert "'=HYPERLINK" in text and "'=cmd|" in text
    assert ",=HYPERLINK" not in text and ",=cmd" not in text
    book = load_workbook(io.BytesIO(b"".join(
        client.get(url, {"export": "xlsx"}).streaming_content)))
    cells = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells
    assert not any(isinstance(value, str) and value.startswith("=") for value in cells)


# 13. The expired-order sweep --------------------------------------------------------------

def test_the_sweep_records_when_it_ran_for_the_health_check(client, home):
    assert client.get("/healthz").json()["warnings"] == ["release_unpaid_orders has never run"]
    call_command("release_unpaid_orders", stdout=io.StringIO())
    assert Heartbeat.objects.filter(name="release_unpaid_orders").exists()
    body = client.get("/healthz").json()
    assert body["jobs"]["release_unpaid_orders"]["ok"] and body["warnings"] == []


# 6. The pay page reloaded after a declined card -------------------------------------------

class IdempotentStripe:
    """A Stripe client that honours idempotency keys as the real one does (localstripe does
    not): the same key returns the same PaymentIntent."""

    def __init__(self):
        self.by_key = {}
        self.v1 = self
        self.payment_intents = self

    def create(self, params, options):
        from types import SimpleNamespace

        key = options["idempotency_key"]
        if key not in self.by_key:
            n = len(self.by_key) + 1
            self.by_key[key] = SimpleNamespace(id=f"pi_{n:04d}", client_secret=f"pi_{n:04d}_s")
        return self.by_key[key]


def test_reloading_the_pay_page_after_a_decline_reuses_or_renews_the_payment(
        client, home, buyer, settings, monkeypatch):
    from payments import services as payment_services
    from payments.models import Payment, PaymentStatus
    from payments.providers import stripe as stripe_provider

    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    fake = IdempotentStripe()
    monkeypatch.setattr(stripe_provider, "client", lambda: fake)
    order = place(make_product(home), buyer, provider=PaymentProvider.STRIPE)
    pay_url = reverse("orders:pay", args=[order.token])
    assert client.get(pay_url).status_code == 200
    assert client.get(pay_url).status_code == 200  # reload: the same pending payment
    first = Payment.objects.get()
    payment_services.payment_record_failure(intent_id=first.intent_id, message="declined")
    assert client.get(pay_url).status_code == 200  # reload after the decline: a new attempt
    assert client.get(pay_url).status_code == 200
    payments = list(Payment.objects.order_by("pk"))
    assert [p.status for p in payments] == [PaymentStatus.FAILED, PaymentStatus.PENDING]
    assert payments[0].intent_id != payments[1].intent_id
