"""The shop's part of the demo village: deterministic, idempotent, within the brief's ranges."""

import io
from decimal import Decimal

import pytest

from catalogue import demo
from catalogue.models import ProductMaker, ProductPage, StockRecord
from core.demo import DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_demo(monkeypatch, home, artisans):
    monkeypatch.setattr(demo, "WORKS", 12)
    monkeypatch.setattr(demo, "PICTURE_POOL", 15)
    return DemoContext(scale=1, stdout=io.StringIO())


def snapshot():
    return sorted(ProductPage.objects.filter(locale__language_code="zh-hans").values_list(
        "slug", "title", "price", "made_to_order"))


def test_demo_works_are_deterministic_and_idempotent(small_demo):
    demo.load(small_demo)
    first = snapshot()
    demo.load(small_demo)
    assert snapshot() == first
    assert len(first) == 12
    assert ProductPage.objects.filter(locale__language_code="en").count() == 12
    assert StockRecord.objects.count() == 12
    for _slug, _title, price, _mto in first:
        assert Decimal("80") <= price <= Decimal("38000")
    for work in ProductPage.objects.filter(locale__language_code="zh-hans"):
        shares = ProductMaker.objects.filter(product=work).values_list("share", flat=True)
        assert sum(shares) == Decimal("100")


def test_demo_works_are_found_by_chinese_search(small_demo, client):
    demo.load(small_demo)
    response = client.get("/shop/", {"q": "编织"})
    assert response.context["listing"].count > 0
