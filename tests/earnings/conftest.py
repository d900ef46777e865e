import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Services' and commands' messages are matched in English here; pages in the admin
    answer in the request's language (Chinese by default), and their tests say so."""
    with translation.override("en"):
        yield
