"""The exhibitions' part of the demo village: twelve exhibitions around today in both
languages, registrations within capacity, check-ins only for sessions held, sales split
exactly; deterministic and idempotent."""

import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from artisans import demo as artisans_demo
from catalogue import demo as catalogue_demo
from core.demo import DemoContext
from exhibitions import demo
from exhibitions.models import (
    ExhibitionPage,
    ExhibitionSession,
    OnsiteSale,
    OnsiteSaleShare,
    Registration,
    shanghai_today,
)
from home import demo as home_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(monkeypatch, home):
    tiny = DemoContext(scale=0.02, stdout=io.StringIO())
    home_demo.load(tiny)
    artisans_demo.load(tiny)
    monkeypatch.setattr(catalogue_demo, "WORKS", 6)
    monkeypatch.setattr(catalogue_demo, "PICTURE_POOL", 15)
    monkeypatch.setattr(demo, "REGISTRATIONS", 200)
    monkeypatch.setattr(demo, "SALES", 60)
    monkeypatch.setattr(demo, "PICTURES", 4)
    ctx = DemoContext(scale=1, stdout=io.StringIO())
    catalogue_demo.load(ctx)
    return ctx


def snapshot():
    return (
        sorted(ExhibitionPage.objects.filter(locale__language_code="zh-hans")
               .values_list("slug", "title", "starts_on", "kind")),
        Registration.objects.count(), OnsiteSale.objects.count(),
        OnsiteSale.objects.aggregate(total=Sum("amount"))["total"],
    )


def test_demo_exhibitions(village, client):
    demo.load(village)
    first = snapshot()
    demo.load(village)
    assert snapshot() == first
    pages, registrations, sales, _total = first
    today = shanghai_today()
    assert len(pages) == 12
    assert sum(1 for *_rest, starts_on, _kind in pages if starts_on > today) == 3
    assert ExhibitionPage.objects.filter(locale__language_code="en").count() == 12
    assert registrations > 100 and sales > 30
    for session in ExhibitionSession.objects.filter(page__locale__language_code="zh-hans"):
        taken = session.registrations.filter(cancelled_at__isnull=True).aggregate(
            n=Sum("party_size"))["n"] or 0
        assert taken <= session.capacity
    assert not Registration.objects.filter(checked_in_at__isnull=False,
                                           session__starts_at__gt=timezone.now()).exists()
    for sale in OnsiteSale.objects.prefetch_related("shares")[:50]:
        assert sum(share.amount for share in sale.shares.all()) == sale.amount
    assert OnsiteSaleShare.objects.aggregate(n=Sum("amount"))["n"] == OnsiteSale.objects.aggregate(
        n=Sum("amount"))["n"] != Decimal("0")
    assert client.get("/exhibitions/").status_code == 200
    assert client.get("/en/exhibitions/").status_code == 200
