"""Settlement worked by hand (half days, coefficients 1.2 and 0.8, two artisans in one
household, a team member with no days, remainders broken by code), double settlement
refused, negative margin reported, the command's JSON and the signal."""

import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from commissions import services
from commissions.models import Settlement, SettlementLine, Stage
from commissions.signals import commission_settled
from tests.commissions.factories import artisan, make_accepted, pay_all

pytestmark = pytest.mark.django_db
D = Decimal


def day(n):
    return timezone.localdate() - timedelta(days=n)


def work(commission, who, days_list, coefficient):
    for n, days in enumerate(days_list, start=1):
        services.labour_add(commission=commission, artisan=who, date=day(n), days=D(days),
                            skill_coefficient=D(coefficient))


@pytest.fixture
def job(home):
    """¥10,000.00 contract, ¥2,000.00 costs: margin 8,000.00, retention 15% = 1,200.00,
    labour pool 6,800.00.
    A0001 (TX-01-001): 1 + 1 + 0.5 days × 1.2 = 3.0 points
    A0002 (TX-01-001): 1 + 0.5 days × 0.8      = 1.2 points
    A0003 (TX-01-002): 1 + 1 + 1 days × 1.0    = 3.0 points
    A0004 (TX-01-003): on the team, no days    = 0 points"""
    commission = make_accepted("10000.00")
    people = [artisan(home, "A0001", "TX-01-001"), None, artisan(home, "A0003", "TX-01-002"),
              artisan(home, "A0004", "TX-01-003")]
    people[1] = artisan(home, "A0002", "TX-01-001")
    people[1].household = people[0].household
    people[1].save()
    for person in people:
        services.team_add(commission=commission, artisan=person)
    work(commission, people[0], ["1", "1", "0.5"], "1.2")
    work(commission, people[1], ["1", "0.5"], "0.8")
    work(commission, people[2], ["1", "1", "1"], "1")
    services.cost_add(commission=commission, kind="materials", description="柳条",
                      amount=D("1500.00"), incurred_on=day(3))
    services.cost_add(commission=commission, kind="transport", description="运输",
                      amount=D("500.00"), incurred_on=day(2))
    pay_all(commission)
    return commission


def test_the_hand_worked_split(job):
    """Households: 680000 fen × 4.2/7.2 = 396666.67 and × 3.0/7.2 = 283333.33: the leftover
    fen goes to TX-01-001 (remainder .67). Inside TX-01-001: 396667 × 3.0/4.2 = 283333.57 and
    × 1.2/4.2 = 113333.43: the leftover fen goes to A0001."""
    plan = services.commission_settle(commission=job)
    data = plan.as_dict()
    assert (data["margin"], data["retention"], data["labour_pool"]) == (
        "8000.00", "1200.00", "6800.00")
    households = {h["household"]: h for h in data["households"]}
    assert households["TX-01-001"]["amount"] == "3966.67"
    assert households["TX-01-001"]["points"] == "4.20"
    assert households["TX-01-002"]["amount"] == "2833.33"
    assert households["TX-01-003"] == {"household": "TX-01-003", "points": "0.00",
                                       "amount": "0.00",
                                       "artisans": [{"artisan": "A0004", "points": "0.00",
                                                     "amount": "0.00"}]}
    artisans = {a["artisan"]: a["amount"] for h in data["households"] for a in h["artisans"]}
    assert artisans == {"A0001": "2833.34", "A0002": "1133.33", "A0003": "2833.33",
                        "A0004": "0.00"}
    settlement = Settlement.objects.get(commission=job)
    assert settlement.labour_pool == D("6800.00") and settlement.retention == D("1200.00")
    assert sum(SettlementLine.objects.values_list("amount", flat=True)) == D("6800.00")
    job.refresh_from_db()
    assert job.stage == Stage.CLOSED


def test_equal_points_tie_goes_to_the_lower_household_code(home):
    commission = make_accepted("100.01")  # margin 10001, retention 1500.15 → 1500, pool 8501
    first, second = artisan(home, "A0011", "TX-02-001"), artisan(home, "A0010", "TX-02-002")
    for person in (second, first):
        services.team_add(commission=commission, artisan=person)
        work(commission, person, ["1"], "1")
    pay_all(commission)
    data = services.commission_settle(commission=commission, dry_run=True).as_dict()
    assert [(h["household"], h["amount"]) for h in data["households"]] == [
        ("TX-02-001", "42.51"), ("TX-02-002", "42.50")]


def test_settling_twice_is_refused(job):
    services.commission_settle(commission=job)
    with pytest.raises(services.CommissionError, match="already settled"):
        services.commission_settle(commission=job)
    assert Settlement.objects.count() == 1


def test_unpaid_or_unaccepted_commissions_are_not_settled(home):
    commission = make_accepted()
    with pytest.raises(services.CommissionError, match="Not fully paid"):
        services.commission_settle(commission=commission)
    assert not Settlement.objects.exists()


def test_a_negative_margin_is_reported_never_paid_negative(job):
    services.cost_add(commission=job, kind="other", description="返工", amount=D("9000.00"),
                      incurred_on=day(1))
    plan = services.commission_settle(commission=job)
    assert plan.margin_fen == -100000 and plan.retention_fen == 0 and plan.labour_pool_fen == 0
    assert "nothing to share" in plan.warnings[0]
    assert not SettlementLine.objects.filter(amount__lt=0).exists()
    assert Settlement.objects.get().labour_pool == D("0.00")


def test_the_signal_is_sent_inside_the_transaction(job):
    received = []

    def listener(sender, settlement, **kwargs):
        received.append((settlement.commission_id, settlement.lines.count()))

    commission_settled.connect(listener)
    try:
        services.commission_settle(commission=job)
    finally:
        commission_settled.disconnect(listener)
    assert received == [(job.pk, 4)]


def test_the_command_prints_json_and_refuses_a_second_run(job):
    out = StringIO()
    call_command("settle_commission", job.reference, "--dry-run", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["commission"] == job.reference and data["labour_pool"] == "6800.00"
    assert not Settlement.objects.exists()
    csv_out = StringIO()
    call_command("settle_commission", job.reference, "--format", "csv", stdout=csv_out)
    assert f"{job.reference},TX-01-001,A0001,3.00,2833.34" in csv_out.getvalue()
    with pytest.raises(CommandError, match="already settled"):
        call_command("settle_commission", job.reference, stdout=StringIO())
    with pytest.raises(CommandError, match="No commission"):
        call_command("settle_commission", "CM-1999-0001", stdout=StringIO())
