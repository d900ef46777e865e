"""#11.8: junk in the shop's and the API's query strings is a 4xx or a notice, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = "9" * 23


def test_a_maker_id_too_big_for_the_database_is_a_notice(client, works):
    response = client.get("/shop/", {"maker": HUGE})
    assert response.status_code == 200
    assert response.context["listing"].count == len(works)  # the filter is left out


@pytest.mark.parametrize("endpoint", ["works", "artisans"])
@pytest.mark.parametrize("offset", [HUGE, "1000000001"])
def test_an_offset_too_big_for_the_database_is_a_400(client, works, endpoint, offset):
    response = client.get(f"/api/v2/{endpoint}/", {"offset": offset})
    assert response.status_code == 400
    assert "offset" in response.json()["message"]


def test_a_large_offset_within_range_is_an_empty_page(client, works):
    response = client.get("/api/v2/works/", {"offset": "100000"})
    assert response.status_code == 200
    assert response.json()["items"] == []
