import pytest

from tests.payments.fakestripe import localstripe, stripe_settings  # noqa: F401


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages in English for assertions; requests still pick their language
    from the URL."""
    from django.utils import translation

    with translation.override("en"):
        yield
