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


# An imported file is posted in bulk --------------------------------------------------------

@pytest.fixture
def weavers(peacock):
    """王秀英 and 李德明, the peacock's makers, with a hundred peacocks in stock."""
    from artisans.models import ArtisanPage
    from catalogue.models import StockRecord

    StockRecord.objects.filter(product=peacock).update(quantity=100)
    return (ArtisanPage.objects.get(household__code="TX-01-002"),
            ArtisanPage.objects.get(household__code="TX-01-001"))


def sales_file(peacock, weavers, rows: int, prefix: str = "F") -> bytes:
    """`rows` sales in October 2025: four in five by one artisan, every fifth the peacock
    (two makers, split to the fen)."""
    wang, li = weavers
    lines = ["date,artisan_code,amount,reference,description,product_slug"]
    for n in range(rows):
        day = f"2025-10-{n % 28 + 1:02d}"
        if n % 5 == 4:
            lines.append(f"{day},,100.01,{prefix}-{n:04d},,{peacock.slug}")
        else:
            code = (wang, li)[n % 2].code
            lines.append(f"{day},{code},{30 + n}.{n % 100:02d},{prefix}-{n:04d},草编小篮,")
    return "\n".join(lines).encode()


def ledger_of(prefix: str) -> list[tuple]:
    """The ledger entries of the sales whose references start with `prefix`, as facts that
    do not depend on how they were posted."""
    from exhibitions.models import OnsiteSaleShare

    shares = {share.pk: share for share in OnsiteSaleShare.objects.filter(
        sale__reference__startswith=f"{prefix}-").select_related("sale")}
    return sorted(
        (shares[e.source_id].sale.reference[len(prefix):], e.household_id, e.artisan_id,
         e.kind, e.amount, e.sales_volume, e.entry_date, e.period_id, e.reverses_id)
        for e in LedgerEntry.objects.filter(
            source_type__model="onsitesaleshare", source_id__in=list(shares)))


def test_an_imported_file_posts_what_recording_one_by_one_posts(peacock, weavers):
    content = sales_file(peacock, weavers, 60)
    report = exhibition_services.onsite_sales_import(content=content, filename="s.csv")
    assert report.saved and not report.errors and len(report.created) == 60

    wang, li = weavers
    for n in range(60):
        sold_on = date(2025, 10, n % 28 + 1)
        if n % 5 == 4:
            exhibition_services.onsite_sale_record(
                sold_on=sold_on, amount="100.01", reference=f"S-{n:04d}",
                payment_means="cash", product=peacock)
        else:
            exhibition_services.onsite_sale_record(
                sold_on=sold_on, amount=f"{30 + n}.{n % 100:02d}", reference=f"S-{n:04d}",
                payment_means="cash", artisan=(wang, li)[n % 2], description="草编小篮")

    imported, one_by_one = ledger_of("F"), ledger_of("S")
    assert len(imported) == 60 // 5 * 2 + 60 // 5 * 4  # two shares per peacock
    assert imported == one_by_one
    assert {e.posted_by for e in LedgerEntry.objects.all()} == {
        "signal:onsite_sales_recorded", "signal:onsite_sale_recorded"}
    assert services.ledger_backfill()["exhibitions.onsite_sale"] == 0


def test_reimporting_a_file_is_refused_and_posting_again_adds_nothing(peacock, weavers):
    from exhibitions.models import OnsiteSale
    from exhibitions.signals import onsite_sales_recorded

    content = sales_file(peacock, weavers, 10)
    assert exhibition_services.onsite_sales_import(content=content, filename="s.csv").saved
    entries = LedgerEntry.objects.count()
    assert entries == 2 * 2 + 8

    again = exhibition_services.onsite_sales_import(content=content, filename="s.csv")
    assert not again.saved and len(again.errors) == 10
    assert "already recorded" in again.errors[0][1]
    # The same batch sent again (a replay): one entry per source, still.
    onsite_sales_recorded.send(sender=OnsiteSale, sales=list(OnsiteSale.objects.all()))
    assert LedgerEntry.objects.count() == entries
    assert services.ledger_backfill()["exhibitions.onsite_sale"] == 0


def test_a_batch_dated_in_a_closed_month_is_posted_as_late_corrections(peacock, weavers):
    closed = services.period_close(year=2025, month=10, today=date(2025, 11, 5))
    content = sales_file(peacock, weavers, 10)
    assert exhibition_services.onsite_sales_import(content=content, filename="s.csv").saved
    entries = list(LedgerEntry.objects.all())
    assert len(entries) == 12
    assert all(e.period_id != closed.pk and e.corrects_period_id == closed.pk
               for e in entries)


def test_a_failed_batch_posting_keeps_the_sales_and_is_backfilled(peacock, weavers,
                                                                  monkeypatch):
    from exhibitions.models import OnsiteSale

    def refuse(**kwargs):
        raise services.EarningsError("ledger unavailable")

    monkeypatch.setattr(services, "ledger_post", refuse)
    content = sales_file(peacock, weavers, 10)
    assert exhibition_services.onsite_sales_import(content=content, filename="s.csv").saved
    assert OnsiteSale.objects.count() == 10 and LedgerEntry.objects.count() == 0
    monkeypatch.undo()
    assert services.ledger_backfill()["exhibitions.onsite_sale"] == 12


@pytest.mark.parametrize("rows", [10, 50])
def test_importing_n_rows_takes_the_same_queries_whatever_n(peacock, weavers, rows,
                                                            django_assert_num_queries):
    """Reading the file's artisans, works and references, inserting the sales and shares
    and posting their entries in bulk: a fixed number of queries for 10 rows or 50 (on
    SQLite, bulk inserts are cut at 999 parameters, some 58 ledger entries a query)."""
    from django.contrib.contenttypes.models import ContentType

    from exhibitions.models import OnsiteSaleShare

    ContentType.objects.get_for_model(OnsiteSaleShare)  # cached for the process
    content = sales_file(peacock, weavers, rows)
    with django_assert_num_queries(QUERIES_PER_IMPORT):
        report = exhibition_services.onsite_sales_import(content=content, filename="s.csv")
    assert report.saved and LedgerEntry.objects.count() == rows + rows // 5


QUERIES_PER_IMPORT = 39
