"""Commission tests share English service messages and the fake Stripe's fixtures."""

import pytest

from tests.payments.fakestripe import (  # noqa: F401
    localstripe,
    stripe_settings,
    webhook_to_live_server,
)


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages in English for assertions; requests still pick their language
    from the URL (and the admin from the user)."""
    from django.utils import translation

    with translation.override("en"):
        yield
