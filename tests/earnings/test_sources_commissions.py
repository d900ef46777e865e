"""Commission settlements → labour income: a real commission settled through the commissions
services posts one labour entry per settlement line, to the fen, once (signal + backfill),
with its source followable; a negative margin posts nothing; labour income counts toward the
year-end transaction volume exactly when the charter says so."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from commissions import services as commission_services
from commissions.models import SettlementLine
from commissions.signals import commission_settled
from earnings import selectors, services
from earnings.charter import charter_in_force
from earnings.models import EntryKind, LedgerEntry
from earnings.receivers import on_commission_settled
from tests.commissions.factories import artisan, make_accepted, pay_all

pytestmark = pytest.mark.django_db
D = Decimal


def day(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def job(home):
    """¥10,000.00, ¥2,000.00 costs, 15% retention: labour pool 6,800.00 over three artisans
    in two households (3.0 + 1.2 points in TX-01-001, 3.0 in TX-01-002)."""
    commission = make_accepted("10000.00")
    a1 = artisan(home, "A0001", "TX-01-001")
    a2 = artisan(home, "A0002", "TX-01-001")
    a2.household = a1.household
    a2.save()
    a3 = artisan(home, "A0003", "TX-01-002")
    for person, days, coefficient in ((a1, ["1", "1", "0.5"], "1.2"),
                                      (a2, ["1", "0.5"], "0.8"), (a3, ["1", "1", "1"], "1")):
        commission_services.team_add(commission=commission, artisan=person)
        for n, d in enumerate(days, start=1):
            commission_services.labour_add(commission=commission, artisan=person, date=day(n),
                                           days=D(d), skill_coefficient=D(coefficient))
    commission_services.cost_add(commission=commission, kind="materials", description="柳条",
                                 amount=D("2000.00"), incurred_on=day(3))
    pay_all(commission)
    return commission


def labour_entries():
    return LedgerEntry.objects.filter(kind=EntryKind.LABOUR).order_by("artisan__code")


def test_settling_posts_labour_income_equal_to_the_lines(job):
    commission_services.commission_settle(commission=job)
    lines = list(SettlementLine.objects.order_by("artisan__code"))
    assert [line.amount for line in lines] == [D("2833.34"), D("1133.33"), D("2833.33")]
    entries = list(labour_entries())
    assert [(e.household_id, e.artisan_id, e.amount, e.labour_volume, e.sales_volume)
            for e in entries] == [
        (line.household_id, line.artisan_id, line.amount, line.amount, D("0.00"))
        for line in lines]
    assert sum(e.amount for e in entries) == D("6800.00")
    assert {e.posted_by for e in entries} == {"signal:commission_settled"}
    line_type = ContentType.objects.get_for_model(SettlementLine)
    assert [(e.source_type_id, e.source_id) for e in entries] == [
        (line_type.pk, line.pk) for line in lines]
    # Posted once: the backfill (post_ledger) finds nothing more to post.
    assert services.ledger_backfill()["commissions.settlement"] == 0
    assert labour_entries().count() == 3
    # The source is followable: each entry names its settlement line.
    refs = selectors.source_refs(entries)
    assert [ref.label for ref in refs] == [str(line) for line in lines]


def test_backfill_posts_what_the_signal_missed_once(job):
    commission_settled.disconnect(dispatch_uid="earnings:commission_settled")
    try:
        commission_services.commission_settle(commission=job)
    finally:
        commission_settled.connect(on_commission_settled,
                                   dispatch_uid="earnings:commission_settled")
    assert not labour_entries().exists()
    assert services.ledger_backfill()["commissions.settlement"] == 3
    assert services.ledger_backfill()["commissions.settlement"] == 0
    assert sum(e.amount for e in labour_entries()) == D("6800.00")
    assert {e.posted_by for e in labour_entries()} == {"post_ledger"}


def test_a_negative_margin_posts_nothing(job):
    commission_services.cost_add(commission=job, kind="other", description="返工",
                                 amount=D("9000.00"), incurred_on=day(1))
    commission_services.commission_settle(commission=job)
    assert not labour_entries().exists()
    assert services.ledger_backfill()["commissions.settlement"] == 0
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("counts", [True, False])
def test_labour_counts_as_volume_only_when_the_charter_says_so(job, counts):
    commission_services.commission_settle(commission=job)
    entry = labour_entries().first()
    year = entry.entry_date.year
    household = entry.household
    household.is_member = True
    household.joined_on = None
    household.left_on = None
    household.save()
    members = {m.code: m for m in
               selectors.distribution_members(year=year, labour_counts=counts)}
    assert members[household.code].volume_fen == (396667 if counts else 0)
    base = charter_in_force(date(year, 1, 1))
    services.charter_amend(
        effective_from=date(year, 1, 1), product_retention=base.product_retention,
        commission_retention=base.commission_retention, reserve_rate=base.reserve_rate,
        patronage_share=base.patronage_share, deduct_material_cost=base.deduct_material_cost,
        reserve_rule=base.reserve_rule, entity_type=base.entity_type,
        labour_counts_as_volume=counts)
    kwargs = {"year": year, "surplus": "1000.00", "today": date(year + 1, 1, 2)}
    if not counts:  # labour is this household's only trade: no volume to return by
        with pytest.raises(services.EarningsError, match="no.* transaction volume|No member"):
            services.distribution_plan(**kwargs)
        return
    plan = services.distribution_plan(**kwargs)
    volumes = {m.member.code: m.member.volume_fen for m in plan.members}
    assert volumes[household.code] == 396667
