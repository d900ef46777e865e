"""One way to write a day and a moment per language (core.dates), and the two desks of the
committee — orders and commissions — writing them alike, in list and detail."""

from datetime import UTC, date, datetime

import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

from commissions.models import Commission
from core.dates import format_date, format_datetime
from orders import services
from orders.models import DeliveryMethod, Order
from payments.models import PaymentProvider
from tests.commissions.factories import make_request
from tests.orders.conftest import BUYER
from tests.orders.factories import make_product

# 06:05 UTC is 14:05 in Shanghai.
MOMENT = datetime(2026, 3, 7, 6, 5, tzinfo=UTC)
WRITTEN = {"zh-hans": "2026年3月7日 14:05", "en": "7 Mar 2026, 14:05"}


@pytest.mark.parametrize(("language", "moment", "day"), [
    ("zh-hans", "2026年11月28日 14:05", "2026年3月1日"),
    ("en", "28 Nov 2026, 14:05", "1 Mar 2026"),
])
def test_one_format_per_language_in_shanghai_time(language, moment, day):
    with translation.override(language):
        assert format_datetime(datetime(2026, 11, 28, 6, 5, tzinfo=UTC)) == moment
        assert format_date(date(2026, 3, 1)) == day
        # A moment late in the UTC day is the next day in Shanghai.
        assert format_date(datetime(2026, 2, 28, 20, 0, tzinfo=UTC)) == day
        assert format_datetime(None) == format_date(None) == ""


@pytest.fixture
def order(home):
    product = make_product(home, price="300.00", stock=3)
    order = services.order_place(items=[(product.pk, 1)], buyer=BUYER,
                                 delivery_method=DeliveryMethod.COURIER,
                                 payment_provider=PaymentProvider.OFFLINE)
    Order.objects.filter(pk=order.pk).update(created_at=MOMENT)
    return order


@pytest.fixture
def commission(home):
    commission = make_request()
    Commission.objects.filter(pk=commission.pk).update(created_at=MOMENT)
    return commission


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_both_desks_write_dates_alike(client, committee_user, order, commission, language):
    profile = UserProfile.get_for_user(committee_user)
    profile.preferred_language = language
    profile.save()
    client.force_login(committee_user)
    pages = {
        "order list": "/admin/order_desk/",
        "order": f"/admin/order_desk/inspect/{order.pk}/",
        "commission list": "/admin/commissions/",
        "commission": f"/admin/commissions/inspect/{commission.pk}/",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert WRITTEN[language] in html, name
        assert "2026-03-07" not in html, name
