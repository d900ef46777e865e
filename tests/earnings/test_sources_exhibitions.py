"""On-site sales → sales income: a shop work with two makers sold at an exhibition posts one
sale entry per share (volume = the share to the fen, income = the makers' pool split by the
shares); a reversal posts mirror reversals; re-running post_ledger posts nothing new."""

from datetime import date
from decimal import Decimal

import pytest

from core.money import allocate, from_fen, to_fen
from earnings import services
from earnings.charter import charter_in_force
from earnings.models import EntryKind, LedgerEntry
from earnings.sources import makers_pool_fen
from exhibitions import services as exhibition_services
from tests.orders.factories import artisan_for, make_product

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def peacock(home):
    wang = artisan_for(home, code="TX-01-002", name="王秀英")
    li = artisan_for(home, code="TX-01-001", name="李德明")
    return make_product(home, title="竹编孔雀", price="100.00", stock=3,
                        makers=[(wang, "50"), (li, "50")])


def entries(kind):
    return LedgerEntry.objects.filter(kind=kind).order_by("household__code")


def test_a_sale_and_its_reversal_post_exactly_once(peacock):
    sale = exhibition_services.onsite_sale_record(
        sold_on=date(2025, 10, 1), amount="100.01", reference="R-001", payment_means="cash",
        product=peacock)
    shares = list(sale.shares.order_by("household__code"))
    assert [s.amount for s in shares] == [D("50.01"), D("50.00")]
    pool = makers_pool_fen(10001, to_fen(peacock.material_cost or 0),
                           charter_in_force(sale.sold_on))
    expected = allocate(pool, {s.household.code: to_fen(s.amount) for s in shares})
    sales = list(entries(EntryKind.SALE))
    assert [(e.household_id, e.sales_volume, e.amount, e.source_id, e.posted_by)
            for e in sales] == [
        (s.household_id, s.amount, from_fen(expected[s.household.code]), s.pk,
         "signal:onsite_sale_recorded") for s in shares]
    assert sum(e.amount for e in sales) == from_fen(pool) and pool > 0
    assert services.ledger_backfill()["exhibitions.onsite_sale"] == 0

    exhibition_services.onsite_sale_reverse(sale=sale, reason="退货")
    reversals = list(entries(EntryKind.REVERSAL))
    assert [(e.reverses_id, e.amount, e.sales_volume) for e in reversals] == [
        (e.pk, -e.amount, -e.sales_volume) for e in sales]
    assert services.ledger_backfill()["exhibitions.onsite_sale"] == 0
    assert LedgerEntry.objects.count() == 4
    assert sum(e.amount for e in LedgerEntry.objects.all()) == D("0.00")
