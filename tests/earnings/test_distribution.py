"""The year-end distribution, worked by hand on paper (income-distribution.md, "Year-end
calculation"), plus hypothesis properties of any plan."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earnings.distribution import DistributionError, MemberInput, Parameters, plan_distribution
from earnings.models import ReserveRule


def member(code, volume, capital=0, reserve=0, at_year_end=True):
    return MemberInput(household_id=hash(code), code=code, volume_fen=volume * 100,
                       capital_contribution_fen=capital * 100, reserve_share_fen=reserve * 100,
                       member_at_year_end=at_year_end)


def params(surplus, **kwargs):
    return Parameters(year=2025, surplus_fen=int(Decimal(surplus) * 100), **kwargs)


def by_code(plan):
    return {r.member.code: (r.patronage_fen, r.capital_fen, r.reserve_fen) for r in plan.members}


def test_a_plain_year():
    # S = 10,000.00; reserve 10% = 1,000.00; D = 9,000.00; P = 60% = 5,400.00; C = 3,600.00.
    # Volumes 600 : 300 : 100 → 3,240 / 1,620 / 540 and reserve 600 / 300 / 100.
    # Capital bases 1,000 : 1,500 : 0 → 1,440 / 2,160 / 0.
    plan = plan_distribution(params("10000", reserve_rate=Decimal("0.10")), [
        member("TX-01-001", 600, capital=1000), member("TX-01-002", 300, capital=1000,
                                                       reserve=500),
        member("TX-01-003", 100)])
    assert (plan.reserve_fen, plan.distributable_fen, plan.patronage_fen, plan.capital_fen) == (
        100000, 900000, 540000, 360000)
    assert by_code(plan) == {"TX-01-001": (324000, 144000, 60000),
                             "TX-01-002": (162000, 216000, 30000),
                             "TX-01-003": (54000, 0, 10000)}


def test_the_patronage_pool_is_rounded_up_so_the_60_percent_floor_holds():
    # S = 11.12, reserve 10%: 111.2 fen → 111 fen; D = 10.01 → 60% is 600.6 fen → 6.01.
    plan = plan_distribution(params("11.12", reserve_rate=Decimal("0.10")),
                             [member("TX-01-001", 1, capital=1)])
    assert plan.reserve_fen == 111 and plan.distributable_fen == 1001
    assert plan.patronage_fen == 601 and plan.capital_fen == 400
    assert Fraction(plan.patronage_fen, plan.distributable_fen) >= Fraction(6, 10)


def test_prior_losses_come_off_first():
    # S = 1,000, losses 400 → S' = 600; reserve 60; D = 540; P = 324; C = 216.
    plan = plan_distribution(params("1000", prior_losses_fen=40000),
                             [member("TX-01-001", 10, capital=1)])
    assert (plan.base_fen, plan.reserve_fen, plan.distributable_fen, plan.patronage_fen,
            plan.capital_fen) == (60000, 6000, 54000, 32400, 21600)


@pytest.mark.parametrize("surplus, losses", [("-500", 0), ("0", 0), ("300", 50000)])
def test_a_loss_year_pays_nobody(surplus, losses):
    plan = plan_distribution(params(surplus, prior_losses_fen=losses),
                             [member("TX-01-001", 10, capital=1)])
    assert not plan.distributes
    assert by_code(plan) == {"TX-01-001": (0, 0, 0)}


def test_below_60_percent_is_refused_for_a_cooperative_and_reported_otherwise():
    with pytest.raises(DistributionError, match="60%"):
        plan_distribution(params("100", patronage_share=Decimal("0.59")),
                          [member("TX-01-001", 10, capital=1)])
    plan = plan_distribution(params("100", patronage_share=Decimal("0.50"),
                                    enforce_floor=False), [member("TX-01-001", 10, capital=1)])
    assert not plan.floor_met


def test_subsidies_are_shared_equally_by_the_members_at_the_years_end():
    # Subsidies 300.00 ÷ 3 members = 100.00 each of capital basis; the leaver has none and
    # is not counted. C = 100 − 10 reserve = 90 × 40% = 36.00 → 12.00 each.
    plan = plan_distribution(params("100", subsidies_fen=30000), [
        member("TX-01-001", 10), member("TX-01-002", 0), member("TX-01-003", 10),
        member("TX-01-004", 20, at_year_end=False)])
    assert plan.subsidy_per_member == 10000
    assert [r.capital_fen for r in plan.members] == [1200, 1200, 1200, 0]
    # The zero-volume household gets no patronage, but its capital return all the same.
    assert [r.patronage_fen for r in plan.members] == [1350, 0, 1350, 2700]


def test_ties_go_to_the_lower_household_code():
    # D = 0.05 after 0% reserve; P = 3 fen among equal volumes → 2 fen to the lower code.
    plan = plan_distribution(params("0.05", reserve_rate=Decimal("0")), [
        member("TX-01-002", 5, capital=1), member("TX-01-001", 5, capital=1)])
    assert by_code(plan) == {"TX-01-001": (2, 1, 0), "TX-01-002": (1, 1, 0)}


def test_all_zero_volumes_are_an_error_not_a_division_by_zero():
    with pytest.raises(DistributionError, match="transaction volume"):
        plan_distribution(params("100"), [member("TX-01-001", 0, capital=1)])


def test_no_capital_basis_anywhere_is_an_error_unless_all_goes_by_volume():
    with pytest.raises(DistributionError, match="capital"):
        plan_distribution(params("100"), [member("TX-01-001", 10)])
    plan = plan_distribution(params("100", patronage_share=Decimal("1")),
                             [member("TX-01-001", 10)])
    assert by_code(plan) == {"TX-01-001": (9000, 0, 1000)}


def test_reserve_may_be_quantified_equally():
    plan = plan_distribution(params("100", reserve_rule=ReserveRule.EQUAL), [
        member("TX-01-001", 90, capital=1), member("TX-01-002", 10, capital=1)])
    assert [r.reserve_fen for r in plan.members] == [500, 500]


members_strategy = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 10**5), st.integers(0, 10**5),
              st.booleans()),
    min_size=1, max_size=15,
).filter(lambda ms: any(v for v, *_ in ms) and any(c + r and end for _, c, r, end in ms))


@given(surplus=st.integers(1, 10**10), share=st.decimals("0.60", "1", places=4),
       rate=st.decimals("0", "1", places=4), members=members_strategy)
def test_every_plan_adds_up_and_keeps_the_floor(surplus, share, rate, members):
    plan = plan_distribution(
        Parameters(year=2025, surplus_fen=surplus, reserve_rate=rate, patronage_share=share),
        [MemberInput(household_id=i, code=f"TX-01-{i:03d}", volume_fen=v * 100,
                     capital_contribution_fen=c * 100, reserve_share_fen=r * 100,
                     member_at_year_end=end) for i, (v, c, r, end) in enumerate(members)])
    assert plan.reserve_fen + plan.distributable_fen == surplus
    assert plan.patronage_fen + plan.capital_fen == plan.distributable_fen
    assert plan.patronage_fen >= share * plan.distributable_fen
    assert sum(r.patronage_fen for r in plan.members) == plan.patronage_fen
    assert sum(r.capital_fen for r in plan.members) == plan.capital_fen
    assert sum(r.reserve_fen for r in plan.members) == plan.reserve_fen
    assert all(r.capital_fen == 0 for r in plan.members if not r.member.member_at_year_end)
