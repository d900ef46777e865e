"""The public read-only API: works and artisans, never private fields."""

import pytest

pytestmark = pytest.mark.django_db


def test_works_endpoint_lists_works_with_public_fields(client, works):
    response = client.get("/api/v2/works/", {"fields": "*"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert {item["title"] for item in items} == {p.title for p in works.values()}
    lamp = next(item for item in items if item["title"] == "Bamboo pendant lamp")
    assert lamp["price"] == "880.00"
    assert lamp["made_to_order"] is True
    assert {maker["name"] for maker in lamp["maker_list"]} == {"李德明", "王秀兰"}


def test_private_fields_are_never_served(client, works):
    body = client.get("/api/v2/works/", {"fields": "*"}).content.decode()
    assert "91.37" not in body and "material_cost" not in body and "share" not in body
    assert client.get("/api/v2/works/", {"fields": "material_cost"}).status_code == 400
    detail = client.get(f"/api/v2/works/{works['basket'].pk}/").content.decode()
    assert "91.37" not in detail


def test_works_endpoint_serves_only_works(client, works):
    response = client.get("/api/v2/works/", {"type": "artisans.ArtisanPage"})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert all(item["meta"]["type"] == "catalogue.ProductPage"
                   for item in response.json()["items"])


def test_artisans_endpoint_never_serves_household_data(client, artisans):
    response = client.get("/api/v2/artisans/", {"fields": "*"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "王秀兰" in body
    assert "household" not in body and "capital" not in body and "TX-" not in body
    assert client.get("/api/v2/artisans/", {"fields": "household"}).status_code == 400
