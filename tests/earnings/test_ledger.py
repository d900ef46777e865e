"""Posting shop sales and refunds to the ledger: the makers' net shares worked by hand, the
reversal mirroring its original, idempotent posting, period locking and late corrections."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earnings import services
from earnings.charter import CharterBook
from earnings.models import Charter, EntryKind, LedgerEntry, Period
from earnings.sources import SOURCES, makers_pool_fen
from orders.models import OrderLineMaker
from tests.earnings.factories import household, paid_order, refund

pytestmark = pytest.mark.django_db
D = Decimal


def amounts(kind=EntryKind.SALE):
    return {e.household.code: e.amount for e in LedgerEntry.objects.filter(kind=kind)
            .select_related("household")}


def test_a_paid_line_leaves_makers_the_margin_after_material_and_retention():
    # 300.00 gross − 2 × 20.00 material = 260.00; 10% retention = 26.00; 234.00 to makers,
    # split by their shares of the gross (180.00 : 120.00) → 140.40 and 93.60.
    a, b = household("TX-01-001"), household("TX-01-002")
    paid_order(day=date(2025, 3, 5), lines=[("300.00", "20.00", 2, [(a, 60), (b, 40)])])
    counts = services.ledger_backfill()  # every installed source; only orders' post
    assert (counts["orders.sale"], counts["orders.refund"], sum(counts.values())) == (
        2, 0, 2)
    assert amounts() == {"TX-01-001": D("140.40"), "TX-01-002": D("93.60")}
    entry = LedgerEntry.objects.get(household=a)
    assert entry.sales_volume == D("180.00")
    assert entry.entry_date == date(2025, 3, 5)
    assert str(entry.period) == "2025-03"
    assert entry.source == OrderLineMaker.objects.get(household=a)
    assert entry.posted_by == "post_ledger"


def test_remainders_of_a_three_way_split_go_by_household_code():
    # 99.99, no material: retention 999.9 fen → 10.00 (largest remainder), 89.99 to makers;
    # three equal shares of 33.33 → 29.9966… each: two leftover fen to the lowest codes.
    hs = [household(f"TX-01-00{i}") for i in (3, 1, 2)]
    paid_order(day=date(2025, 3, 5), lines=[("99.99", "0", 1, [(h, 1) for h in hs])])
    services.ledger_backfill()
    assert amounts() == {"TX-01-001": D("30.00"), "TX-01-002": D("30.00"),
                         "TX-01-003": D("29.99")}


def test_the_charter_in_force_on_the_day_decides_retention_and_material():
    a = household("TX-01-001")
    Charter.objects.create(effective_from=date(2025, 6, 1), product_retention=D("0.20"),
                           commission_retention=D("0.15"), reserve_rate=D("0.10"),
                           patronage_share=D("0.60"), deduct_material_cost=False)
    paid_order(day=date(2025, 5, 31), lines=[("100.00", "10.00", 1, [(a, 100)])])
    paid_order(day=date(2025, 6, 1), lines=[("100.00", "10.00", 1, [(a, 100)])])
    services.ledger_backfill()
    assert sorted(LedgerEntry.objects.values_list("amount", flat=True)) == [D("80.00"),
                                                                              D("81.00")]


def test_material_cost_above_the_price_leaves_nothing_not_a_negative_share():
    charter = Charter.defaults()
    assert makers_pool_fen(1000, 1500, charter) == 0


def test_a_full_refund_mirrors_the_original_to_the_fen():
    a, b = household("TX-01-001"), household("TX-01-002")
    order = paid_order(day=date(2025, 3, 5), lines=[("99.99", "0", 1, [(a, 1), (b, 2)])])
    refund(order, amount="99.99", day=date(2025, 3, 9))
    services.ledger_backfill()
    for entry in LedgerEntry.objects.filter(kind=EntryKind.SALE):
        reversal = entry.reversals.get()
        assert reversal.amount == -entry.amount
        assert reversal.sales_volume == -entry.sales_volume
        assert reversal.entry_date == date(2025, 3, 9)
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == 0


def test_two_partial_refunds_add_up_to_the_mirror():
    # Half of 300.00: reversals of 90.00 and 60.00 gross take back 70.20 and 46.80 of
    # 140.40 and 93.60; the second half takes back exactly the rest.
    a, b = household("TX-01-001"), household("TX-01-002")
    order = paid_order(day=date(2025, 3, 5), lines=[("300.00", "20.00", 2, [(a, 60), (b, 40)])])
    refund(order, amount="150.00", day=date(2025, 3, 9))
    services.ledger_backfill()
    assert amounts(EntryKind.REVERSAL) == {"TX-01-001": D("-70.20"), "TX-01-002": D("-46.80")}
    refund(order, amount="150.00", day=date(2025, 3, 10))
    services.ledger_backfill()
    for h in (a, b):
        assert sum(LedgerEntry.objects.filter(household=h).values_list("amount", flat=True)) == 0


def test_odd_partial_refunds_never_reverse_more_than_the_original():
    a = household("TX-01-001")
    order = paid_order(day=date(2025, 3, 5), lines=[("10.01", "0", 1, [(a, 100)])])
    for cents in ("3.33", "3.33", "3.35"):
        refund(order, amount=cents, day=date(2025, 3, 9))
        services.ledger_backfill()
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == 0


def test_posting_again_posts_nothing():
    a = household("TX-01-001")
    paid_order(day=date(2025, 3, 5), lines=[("100.00", "0", 1, [(a, 100)])])
    assert services.ledger_backfill()["orders.sale"] == 1
    assert services.ledger_backfill()["orders.sale"] == 0
    adapter = SOURCES["orders.sale"]
    share = OrderLineMaker.objects.get()
    assert services.ledger_post_records(adapter=adapter, records=[share], posted_by="again") == 0
    assert LedgerEntry.objects.count() == 1


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(replays=st.lists(st.integers(min_value=0, max_value=2), min_size=1, max_size=8))
def test_posting_the_same_source_twice_leaves_one_entry(replays):
    a = household("TX-09-001")
    orders = [paid_order(day=date(2025, 4, 1), lines=[("10.00", "0", 1, [(a, 100)])])
              for _ in range(3)]
    adapter = SOURCES["orders.sale"]
    for index in replays:
        services.ledger_post_records(
            adapter=adapter, records=OrderLineMaker.objects.filter(line__order=orders[index]),
            posted_by="replay")
    shares = OrderLineMaker.objects.filter(line__order__in=orders)
    posted = LedgerEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(OrderLineMaker),
        source_id__in=shares.values("pk"))
    assert posted.count() == len(set(replays))


def test_since_limits_the_backfill():
    a = household("TX-01-001")
    paid_order(day=date(2025, 1, 5), lines=[("10.00", "0", 1, [(a, 100)])])
    paid_order(day=date(2025, 2, 5), lines=[("10.00", "0", 1, [(a, 100)])])
    assert services.ledger_backfill(since=date(2025, 2, 1))["orders.sale"] == 1


# Periods -------------------------------------------------------------------------------------


def test_closing_a_period_records_who_and_when(accountant_user):
    period = services.period_close(year=2025, month=1, user=accountant_user,
                                   today=date(2025, 2, 1))
    assert period.is_closed and period.closed_by == accountant_user


@pytest.mark.parametrize("year, month, message", [
    (2025, 2, "not ended"), (2025, 13, "no month"),
])
def test_a_period_that_has_not_ended_or_does_not_exist_cannot_be_closed(year, month, message):
    with pytest.raises(services.EarningsError, match=message):
        services.period_close(year=year, month=month, today=date(2025, 2, 28))
    assert not Period.objects.filter(closed_at__isnull=False).exists()


def test_closing_twice_is_refused():
    services.period_close(year=2025, month=1, today=date(2025, 3, 1))
    with pytest.raises(services.EarningsError, match="already closed"):
        services.period_close(year=2025, month=1, today=date(2025, 3, 1))


def test_an_entry_dated_in_a_closed_period_is_refused():
    a = household("TX-01-001")
    paid_order(day=date(2025, 1, 5), lines=[("10.00", "0", 1, [(a, 100)])])
    services.period_close(year=2025, month=1, today=date(2025, 3, 1))
    adapter = SOURCES["orders.sale"]
    drafts = adapter.drafts(adapter.postable(), charters=CharterBook())
    with pytest.raises(services.PeriodClosedError, match="closed"):
        services.ledger_post(drafts=drafts, posted_by="test", late_corrections=False)
    assert not LedgerEntry.objects.exists()


def test_a_late_refund_posts_into_the_open_period_noting_the_one_it_corrects():
    a = household("TX-01-001")
    order = paid_order(day=date(2025, 1, 5), lines=[("10.00", "0", 1, [(a, 100)])])
    services.ledger_backfill()
    services.period_close(year=2025, month=1, today=date(2025, 3, 1))
    refund(order, amount="10.00", day=date(2025, 1, 20))
    services.ledger_post_records(adapter=SOURCES["orders.refund"],
                                 records=SOURCES["orders.refund"].postable(),
                                 posted_by="test")
    reversal = LedgerEntry.objects.get(kind=EntryKind.REVERSAL)
    assert str(reversal.corrects_period) == "2025-01"
    assert reversal.period != reversal.corrects_period
    assert "2025-01" in reversal.note
    assert reversal.amount == D("-9.00")
