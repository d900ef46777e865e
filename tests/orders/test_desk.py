"""The committee's order desk: list, filters, search, export, detail with buttons for the
allowed moves only, offline payment, refunds, packing slip."""

import re

import pytest
from django.urls import reverse

from orders import services
from orders.models import DeliveryMethod, OrderStatus
from payments.models import PaymentProvider
from tests.orders.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, committee_user):
    client.force_login(committee_user)
    return client


@pytest.fixture
def offline_order(home, buyer):
    product = make_product(home, price="300.00", stock=3)
    return services.order_place(items=[(product.pk, 1)], buyer=buyer,
                                delivery_method=DeliveryMethod.COURIER,
                                payment_provider=PaymentProvider.OFFLINE)


def url(name, *args):
    return reverse(f"order_desk:{name}", args=args)


def test_list_search_filter_and_export(desk, offline_order):
    response = desk.get(url("index"))
    assert response.status_code == 200 and offline_order.number in response.content.decode()
    assert offline_order.number in desk.get(url("index"), {"q": "13800138000"}).content.decode()
    assert offline_order.number not in desk.get(url("index"), {"q": "nobody"}).content.decode()
    assert offline_order.number not in desk.get(
        url("index"), {"status": "shipped"}).content.decode()
    assert offline_order.number in desk.get(
        url("index"), {"status": "awaiting_payment", "delivery_method": "courier"}).content.decode()
    csv = desk.get(url("index"), {"export": "csv"})
    assert csv.status_code == 200 and offline_order.number in b"".join(
        csv.streaming_content).decode()
    xlsx = desk.get(url("index"), {"export": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]


def test_detail_has_a_button_per_allowed_move_and_records_payment(desk, offline_order):
    page = desk.get(url("inspect", offline_order.pk)).content.decode()
    assert 'value="cancelled"' in page and 'value="shipped"' not in page
    response = desk.post(url("record_payment", offline_order.pk),
                         {"amount": "318.00", "reference": "ICBC-778"}, follow=True)
    offline_order.refresh_from_db()
    assert offline_order.status == OrderStatus.PAID
    page = response.content.decode()
    assert 'value="ready"' in page and "ICBC-778" in page


def test_illegal_move_shows_a_clear_message(desk, offline_order):
    response = desk.post(url("move", offline_order.pk), {"to_status": "shipped"}, follow=True)
    offline_order.refresh_from_db()
    assert offline_order.status == OrderStatus.AWAITING_PAYMENT
    assert "不能改为" in response.content.decode()  # the admin speaks Chinese by default


def test_ship_refund_and_packing_slip(desk, offline_order, committee_user):
    services.payment_record_success(order=offline_order, amount_fen=31800, currency="CNY",
                                    provider=PaymentProvider.OFFLINE)
    desk.post(url("move", offline_order.pk), {"to_status": "ready"})
    response = desk.post(url("move", offline_order.pk), {"to_status": "shipped",
                                                         "carrier": "顺丰", "tracking_number": ""},
                         follow=True)
    assert "运单号" in response.content.decode()
    desk.post(url("move", offline_order.pk), {"to_status": "shipped", "carrier": "顺丰",
                                              "tracking_number": "SF100"})
    offline_order.refresh_from_db()
    assert offline_order.status == OrderStatus.SHIPPED
    assert offline_order.events.filter(actor=committee_user, to_status="shipped").exists()
    desk.post(url("refund", offline_order.pk), {"amount": "50.00", "reason": "scratch",
                                                "confirmed": "1"})
    offline_order.refresh_from_db()
    assert offline_order.status == OrderStatus.PARTIALLY_REFUNDED
    response = desk.post(url("refund", offline_order.pk), {"amount": "999.00"}, follow=True)
    assert "最多还能退款" in response.content.decode()
    slip = desk.get(url("packing_slip", offline_order.pk))
    assert slip.status_code == 200 and "SF100" not in slip.content.decode()
    assert offline_order.address_detail in slip.content.decode()


def test_artisans_cannot_use_the_desk(client, offline_order):
    from tests.conftest import user_in_group

    client.force_login(user_in_group("Artisans", username="weaver"))
    assert client.get(url("index")).status_code in (302, 403)
    client.post(url("move", offline_order.pk), {"to_status": "cancelled"})
    offline_order.refresh_from_db()
    assert offline_order.status == OrderStatus.AWAITING_PAYMENT


def paid(order):
    return services.payment_record_success(order=order, amount_fen=31800, currency="CNY",
                                           provider=PaymentProvider.OFFLINE, reference="B-1")


def test_refund_asks_for_the_amount_then_confirms_with_sum_and_buyer(desk, offline_order):
    order = paid(offline_order)
    page = desk.get(url("inspect", order.pk)).content.decode()
    assert 'name="amount"' in page and 'value="318.00"' not in page  # never prefilled
    first = desk.post(url("refund", order.pk), {"amount": "120.50", "reason": "划痕"})
    text = first.content.decode()
    assert first.status_code == 200 and "¥120.50" in text and order.buyer_name in text
    assert 'name="confirmed" value="1"' in text
    order.refresh_from_db()
    assert order.amount_refunded == 0 and order.status == OrderStatus.PAID  # nothing yet
    done = desk.post(url("refund", order.pk), {"amount": "120.50", "reason": "划痕",
                                               "confirmed": "1"}, follow=True)
    order.refresh_from_db()
    assert str(order.amount_refunded) == "120.50"
    assert order.buyer_name in done.content.decode()


@pytest.mark.parametrize("amount", ["", "abc", "0", "-5", "318.01", "1.001"])
def test_bad_refund_amounts_change_nothing(desk, offline_order, amount):
    order = paid(offline_order)
    response = desk.post(url("refund", order.pk), {"amount": amount, "confirmed": "1"},
                         follow=True)
    assert response.status_code == 200
    assert "error" in response.content.decode()
    order.refresh_from_db()
    assert order.amount_refunded == 0 and order.status == OrderStatus.PAID


def test_desk_shows_the_frozen_line_price_not_todays(desk, offline_order):
    line = offline_order.lines.get()
    product = line.product
    product.price = "999.00"
    product.save_revision().publish()
    page = desk.get(url("inspect", offline_order.pk)).content.decode()
    assert "¥300.00" in page and "¥999.00" not in page


def test_list_flags_only_orders_that_need_attention(desk, offline_order, home, buyer):
    calm = services.order_place(items=[(make_product(home, title="草帽").pk, 1)], buyer=buyer,
                                delivery_method=DeliveryMethod.COURIER,
                                payment_provider=PaymentProvider.OFFLINE)
    services.payment_record_success(order=offline_order, amount_fen=100, currency="CNY",
                                    provider=PaymentProvider.OFFLINE)  # wrong amount: flagged
    page = desk.get(url("index")).content.decode()
    assert page.count('class="order-desk-flag"') == 1
    assert calm.number in page and 'class="order-desk-number' in page


def test_view_only_staff_read_the_desk_but_cannot_act(client, offline_order):
    from tests.conftest import user_in_group

    client.force_login(user_in_group("Accountants", username="kuaiji"))
    page = client.get(url("inspect", offline_order.pk))
    assert page.status_code == 200 and 'value="cancelled"' not in page.content.decode()
    assert client.get(url("packing_slip", offline_order.pk)).status_code == 200
    for name, data in [("move", {"to_status": "cancelled"}), ("clear_flag", {}),
                       ("record_payment", {"amount": "318.00", "reference": "X"}),
                       ("refund", {"amount": "1.00", "confirmed": "1"})]:
        assert client.post(url(name, offline_order.pk), data).status_code in (302, 403)
    offline_order.refresh_from_db()
    assert offline_order.status == OrderStatus.AWAITING_PAYMENT
    assert offline_order.amount_paid == 0


@pytest.mark.parametrize("value, shown", [("true", "是"), ("false", "否")])
def test_an_active_yes_no_filter_reads_in_chinese(desk, offline_order, value, shown):
    """Wagtail names an active yes/no filter "True" or "False" whatever the language."""
    page = desk.get(url("index"), {"needs_attention": value}).content.decode()
    pills = re.findall(r'<li class="w-pill">.*?<b class="w-ml-1">(.*?)</b>', page, re.S)
    assert pills == [shown]
