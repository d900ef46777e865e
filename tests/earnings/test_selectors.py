"""The report's figures: whole months come from the monthly totals, the rest from the entries,
and both always agree with adding up the entries one by one."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from earnings import services
from earnings.models import HouseholdMonth, LedgerEntry
from earnings.selectors import household_earnings, split_range
from tests.earnings.factories import household, paid_order, refund

pytestmark = pytest.mark.django_db


def test_split_range():
    assert split_range(date(2025, 1, 1), date(2025, 12, 31)) == (
        (date(2025, 1, 1), date(2025, 12, 31)), [])
    assert split_range(date(2025, 1, 15), date(2025, 3, 10)) == (
        (date(2025, 2, 1), date(2025, 2, 28)),
        [(date(2025, 1, 15), date(2025, 1, 31)), (date(2025, 3, 1), date(2025, 3, 10))])
    assert split_range(date(2025, 3, 2), date(2025, 3, 30)) == (
        None, [(date(2025, 3, 2), date(2025, 3, 30))])
    assert split_range(date(2024, 12, 5), date(2025, 1, 31)) == (
        (date(2025, 1, 1), date(2025, 1, 31)), [(date(2024, 12, 5), date(2024, 12, 31))])


def by_hand(start, end):
    totals = defaultdict(Decimal)
    for entry in LedgerEntry.objects.filter(entry_date__gte=start, entry_date__lte=end):
        column = services.month_column(entry.kind,
                                       entry.reverses.kind if entry.reverses_id else None)
        totals[(entry.household_id, column)] += entry.amount
    return {key: value for key, value in totals.items() if value}


@pytest.mark.parametrize("start, end", [
    (date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 2, 10), date(2025, 4, 20)),
    (date(2025, 3, 3), date(2025, 3, 3)), (date(2024, 12, 31), date(2025, 3, 31)),
])
def test_the_report_agrees_with_the_entries(start, end):
    a, b = household("TX-01-001"), household("TX-01-002", capital_contribution=Decimal(1))
    for month in (1, 2, 3, 4):
        for day in (1, 3, 28):
            order = paid_order(day=date(2025, month, day),
                               lines=[(f"{10 * month + day}.33", "1.00", 1, [(a, 2), (b, 1)])])
            if day == 3:
                refund(order, amount="5.00", day=date(2025, month, day + 1))
    services.ledger_backfill()
    rows = household_earnings(start=start, end=end)
    computed = {(row.household_id, column): getattr(row, column) for row in rows
                for column in ("sale", "labour", "patronage", "capital", "reversal", "reserve")
                if getattr(row, column)}
    assert computed == by_hand(start, end)


def test_rebuilding_the_monthly_totals_gives_the_same_rows():
    a = household("TX-01-001")
    for month in (1, 2):
        order = paid_order(day=date(2025, month, 9), lines=[("99.99", "3.00", 1, [(a, 1)])])
        refund(order, amount="33.33", day=date(2025, month, 10))
    services.ledger_backfill()

    def snapshot():
        return sorted(HouseholdMonth.objects.values_list(
            "household_id", "year", "month", "sale", "reversal", "sales_volume"))

    before = snapshot()
    services.ledger_rebuild_months()
    assert snapshot() == before
