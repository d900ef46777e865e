"""Milestone plans always sum exactly to the contract price; payments are applied once;
refunds show."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import services
from commissions.models import Milestone, MilestoneStatus
from tests.commissions.factories import make_contracted

D = Decimal
DUE = date(2030, 1, 1)


def plan(*parts):
    return [services.MilestoneInput(label=f"第{n}期", due_on=DUE,
                                    percent=None if isinstance(p, str) else p,
                                    amount=D(p) if isinstance(p, str) else None)
            for n, p in enumerate(parts, start=1)]


@pytest.mark.parametrize(("price_fen", "parts", "expected"), [
    (10000001, (30, 40, 30), [3000000, 4000001, 3000000]),
    (9999999, (Fraction(100, 3),) * 3, [3333333, 3333333, 3333333]),
    (10000000, (Fraction(100, 3),) * 3, [3333334, 3333333, 3333333]),  # tie: the earliest
    (100000, ("300.00", 50, 50), [30000, 35000, 35000]),   # fixed first, percentages share
    (1000000, ("3000.00", "7000.00"), [300000, 700000]),
])
def test_plans_sum_exactly(price_fen, parts, expected):
    assert services.plan_amounts(price_fen, plan(*parts)) == expected


@pytest.mark.parametrize(("parts", "message"), [
    ((30, 40), "add up to 70%"),
    (("3000.00", "6999.99"), "not the contract price"),
    (("10000.00", 100), "leave nothing"),
    ((0, 100), "more than 0"),
    (("-1.00", 100), "more than"),
])
def test_plans_that_do_not_sum_are_refused(parts, message):
    with pytest.raises(services.CommissionError, match=message):
        services.plan_amounts(1000000, plan(*parts))


@settings(max_examples=200, deadline=None)
@given(price=st.integers(min_value=1000, max_value=10**11),
       weights=st.lists(st.integers(min_value=1, max_value=97), min_size=1, max_size=6))
def test_any_percentages_sum_to_the_price(price, weights):
    total = sum(weights)
    parts = [Fraction(100 * w, total) for w in weights]
    amounts = services.plan_amounts(price, plan(*parts))
    assert sum(amounts) == price
    for amount, part in zip(amounts, parts, strict=True):
        assert abs(amount - price * part / 100) < 1


@pytest.mark.django_db
def test_replanning_is_possible_until_a_payment_arrives():
    commission = make_contracted("99999.99")
    services.milestones_plan(commission=commission, plan=plan(*(Fraction(100, 3),) * 3))
    assert [m.amount for m in commission.milestones.all()] == [D("33333.33")] * 3
    first = commission.milestones.first()
    services.milestone_record_offline_payment(milestone=first, reference="BANK-001")
    with pytest.raises(services.CommissionError, match="already been paid|can no longer"):
        services.milestones_plan(commission=commission, plan=plan(50, 50))
    assert commission.milestones.count() == 3


@pytest.mark.django_db
def test_paying_a_milestone_twice_is_refused_or_flagged():
    commission = make_contracted()
    milestone = commission.milestones.first()
    services.milestone_record_offline_payment(milestone=milestone, reference="BANK-001")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PAID and milestone.reference == "BANK-001"
    with pytest.raises(services.CommissionError, match="already been paid"):
        services.milestone_record_offline_payment(milestone=milestone, reference="BANK-002")
    # Money that arrives anyway (a second card payment) is not applied: staff are asked.
    services.milestone_record_payment(milestone=milestone, amount_fen=300000, via="stripe")
    milestone.refresh_from_db()
    commission.refresh_from_db()
    assert milestone.reference == "BANK-001" and milestone.amount_paid == D("3000.00")
    assert commission.needs_attention and "already paid" in commission.attention_reason


@pytest.mark.django_db
def test_a_wrong_amount_is_flagged_not_applied():
    commission = make_contracted()
    milestone = commission.milestones.first()
    services.milestone_record_payment(milestone=milestone, amount_fen=100, via="stripe")
    milestone.refresh_from_db()
    commission.refresh_from_db()
    assert milestone.status == MilestoneStatus.DUE and commission.needs_attention


@pytest.mark.django_db
def test_refunds_show_on_the_milestone():
    commission = make_contracted()
    milestone = commission.milestones.first()
    services.milestone_record_offline_payment(milestone=milestone, reference="BANK-001")
    services.milestone_refund(milestone=milestone, amount_fen=100000, reason="部分退款")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PARTIALLY_REFUNDED
    with pytest.raises(services.CommissionError, match="At most"):
        services.milestone_refund(milestone=milestone, amount_fen=200001)
    services.milestone_refund(milestone=milestone, amount_fen=200000)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.REFUNDED
    assert milestone.amount_refunded == milestone.amount_paid == D("3000.00")
    assert Milestone.objects.filter(status=MilestoneStatus.DUE).count() == 2
