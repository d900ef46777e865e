import pytest

from core.translation import sync_aliases
from tests.news.factories import news_index


@pytest.fixture
def index(home):
    """/news/, with its English alias at /en/news/."""
    page = news_index(home)
    sync_aliases(page)
    return page
