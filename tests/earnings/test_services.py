"""The year-end distribution against the database: who counts as a member and with what
volume, the run's lifecycle (draft → published → approved and posted), a year distributed
once, superseding, and bad input refused with nothing saved."""

from datetime import date
from decimal import Decimal

import pytest

from core.rates import charter_rate
from earnings import services
from earnings.models import DistributionRun, EntryKind, LedgerEntry, RunStatus
from earnings.selectors import distribution_members, member_statement
from tests.earnings.factories import household, paid_order, refund

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = date(2026, 3, 1)


@pytest.fixture
def village():
    """Two members, a member who left on 1 July, one who joined on 1 July, a non-member;
    sales spread over 2025 (gross shares: the volume)."""
    a = household("TX-01-001", capital_contribution=D("1000"))
    b = household("TX-01-002", capital_contribution=D("1000"), reserve_share=D("500"))
    leaver = household("TX-01-003", is_member=False, joined_on=date(2020, 1, 1),
                       left_on=date(2025, 7, 1))
    joiner = household("TX-01-004", joined_on=date(2025, 7, 1), capital_contribution=D("0"))
    outsider = household("TX-02-001", is_member=False)
    for day in (date(2025, 3, 1), date(2025, 9, 1)):
        for h in (a, b, leaver, joiner, outsider):
            paid_order(day=day, lines=[("100.00", "0", 1, [(h, 100)])])
    order = paid_order(day=date(2025, 10, 1), lines=[("50.00", "0", 1, [(b, 100)])])
    refund(order, amount="50.00", day=date(2025, 10, 2))
    services.ledger_backfill()
    return {"a": a, "b": b, "leaver": leaver, "joiner": joiner, "outsider": outsider}


def test_members_count_only_what_they_traded_while_members(village):
    members = {m.code: m for m in distribution_members(year=2025, labour_counts=True)}
    assert set(members) == {"TX-01-001", "TX-01-002", "TX-01-003", "TX-01-004"}  # no outsider
    assert members["TX-01-001"].volume_fen == 20000
    assert members["TX-01-002"].volume_fen == 20000  # the refunded sale nets to nothing
    assert members["TX-01-003"].volume_fen == 10000  # only before leaving
    assert not members["TX-01-003"].member_at_year_end
    assert members["TX-01-004"].volume_fen == 10000  # only after joining
    assert members["TX-01-002"].reserve_share_fen == 50000


def test_a_year_is_drafted_published_approved_and_posted(village, accountant_user):
    # S = 1,000; reserve 100; D = 900; P = 540 by volume 200:200:100:100; C = 360 by capital
    # bases 1,000 : 1,500 : 0 (the leaver has none) → 144 / 216.
    run = services.distribution_draft(year=2025, surplus="1000", user=accountant_user,
                                      today=TODAY)
    assert (run.reserve, run.distributable, run.patronage_pool, run.capital_pool) == (
        D("100.00"), D("900.00"), D("540.00"), D("360.00"))
    lines = {line.household_code: line for line in run.lines.all()}
    assert [(c, lines[c].patronage_return, lines[c].capital_return) for c in sorted(lines)] == [
        ("TX-01-001", D("180.00"), D("144.00")), ("TX-01-002", D("180.00"), D("216.00")),
        ("TX-01-003", D("90.00"), D("0.00")), ("TX-01-004", D("90.00"), D("0.00"))]
    assert not LedgerEntry.objects.filter(kind=EntryKind.PATRONAGE).exists()
    with pytest.raises(services.EarningsError, match="published"):
        services.distribution_approve(run=run, user=accountant_user)
    services.distribution_publish(run=run, user=accountant_user)
    services.distribution_approve(run=run, user=accountant_user, today=TODAY)
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED and run.approved_by == accountant_user
    patronage = LedgerEntry.objects.filter(kind=EntryKind.PATRONAGE)
    assert sum(patronage.values_list("amount", flat=True)) == D("540.00")
    assert LedgerEntry.objects.filter(kind=EntryKind.CAPITAL, household=village["a"]).get(
        ).amount == D("144.00")
    assert patronage.first().entry_date == TODAY
    statement = member_statement(household=village["b"], year=2025)
    assert statement.distribution.capital_return == D("216.00")
    assert statement.reserve_opening == D("500.00")
    assert statement.reserve_closing == D("500.00") + statement.reserve_quantified


def test_a_year_is_distributed_once_unless_superseded(village):
    run = services.distribution_draft(year=2025, surplus="1000", today=TODAY)
    services.distribution_publish(run=run)
    services.distribution_approve(run=run, today=TODAY)
    with pytest.raises(services.EarningsError, match="already has an approved"):
        services.distribution_draft(year=2025, surplus="2000", today=TODAY)
    newer = services.distribution_draft(year=2025, surplus="2000", supersede=True, today=TODAY)
    services.distribution_publish(run=newer)
    services.distribution_approve(run=newer, today=TODAY)
    run.refresh_from_db()
    assert run.status == RunStatus.SUPERSEDED
    patronage = LedgerEntry.objects.filter(kind__in=[EntryKind.PATRONAGE, EntryKind.REVERSAL],
                                           posted_by="distribute_surplus")
    # The old run's 540 reversed, the new run's 1,080 posted.
    assert sum(e.amount for e in patronage if e.kind == EntryKind.PATRONAGE) == D("1620.00")
    assert LedgerEntry.objects.filter(reverses__source_id__in=run.lines.values("pk")).count() \
        == LedgerEntry.objects.filter(source_id__in=run.lines.values("pk"),
                                      kind__in=["patronage", "capital", "reserve"]).count()


@pytest.mark.parametrize("values, message", [
    ({"year": 2026, "surplus": "100"}, "not over"),
    ({"year": 2031, "surplus": "100"}, "not over"),
    ({"year": 2019, "surplus": "100"}, "no entries"),
    ({"year": "last", "surplus": "100"}, "Not a year"),
    ({"year": 2025, "surplus": "lots"}, "not an amount"),
    ({"year": 2025, "surplus": "1.005"}, "yuan and fen"),
    ({"year": 2025, "surplus": "100", "subsidies": "-5"}, "negative"),
    ({"year": 2025, "surplus": "100", "patronage_share": "0.5"}, "60%"),
    ({"year": 2025, "surplus": "100", "patronage_share": "seventy"}, "not a number"),
    ({"year": 2025, "surplus": "100", "reserve_rate": "1.5"}, "between 0 and 1"),
    ({"year": 2025, "surplus": "-100"}, "not positive"),
])
def test_bad_input_is_refused_and_nothing_saved(village, values, message):
    with pytest.raises(services.EarningsError, match=message):
        services.distribution_draft(today=TODAY, **values)
    assert not DistributionRun.objects.exists()


def test_a_charter_version_below_the_floor_is_refused_for_a_cooperative():
    with pytest.raises(services.EarningsError, match="60%"):
        services.charter_amend(effective_from=date(2025, 1, 1), product_retention=D("0.1"),
                               commission_retention=D("0.1"), reserve_rate=D("0.1"),
                               patronage_share=D("0.5"))
    charter = services.charter_amend(
        effective_from=date(2025, 1, 1), entity_type="company", product_retention=D("0.1"),
        commission_retention=D("0.1"), reserve_rate=D("0.1"), patronage_share=D("0.5"))
    assert charter.pk


def test_the_charter_provides_core_rates():
    assert charter_rate("commission_retention", on=date(2025, 1, 1)) == D("0.15")
    services.charter_amend(effective_from=date(2025, 1, 1), product_retention=D("0.1"),
                           commission_retention=D("0.2"), reserve_rate=D("0.1"),
                           patronage_share=D("0.6"))
    assert charter_rate("commission_retention", on=date(2025, 1, 1)) == D("0.2")
    assert charter_rate("commission_retention", on=date(2024, 12, 31)) == D("0.15")
