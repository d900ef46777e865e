"""Order tests share a buyer, English service messages, and the fake Stripe's fixtures
(tests.payments.fakestripe)."""

import pytest

from orders.services import Buyer
from tests.payments.fakestripe import (  # noqa: F401
    card_token,
    localstripe,
    register_webhook,
    signed,
    stripe_settings,
    webhook_to_live_server,
)

BUYER = Buyer(name="李明", phone="13800138000", email="liming@example.cn", province="四川省",
              city="成都市", district="温江区", address_detail="寿安镇天星村 3 组 17 号")


@pytest.fixture
def buyer():
    return BUYER


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages in English for assertions; requests still pick their language
    from the URL (and the admin from the user)."""
    from django.utils import translation

    with translation.override("en"):
        yield
