import pytest

from tests.exhibitions.factories import exhibitions_index


@pytest.fixture
def index(home):
    return exhibitions_index(home)
