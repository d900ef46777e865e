import pytest


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages in English for assertions; requests still pick their language
    from the URL (and the admin from the user)."""
    from django.utils import translation

    with translation.override("en"):
        yield
