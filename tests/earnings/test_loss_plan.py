"""A loss year's plan (弥补亏损, income-distribution.md: "If S ≤ 0 there is no distribution
(never a negative payout); a loss plan may reduce quantified reserve shares instead"): the
losses, or a chosen part of them, offset against the quantified reserve shares of the member
households in proportion to each balance, split to the fen by the largest remainder (the
mirror of a positive split); the rest carried forward as the next year's prior losses. The
plan is drafted, published, approved and posted like a distribution; worked on paper."""

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.money import allocate
from earnings import services
from earnings.distribution import DistributionError, MemberInput, Parameters, plan_loss
from earnings.models import (
    DistributionRun,
    EntryKind,
    HouseholdMonth,
    LedgerEntry,
    RunKind,
    RunStatus,
)
from earnings.selectors import distribution_members, household_earnings, member_statement
from tests.earnings.factories import household, paid_order

D = Decimal
TODAY = date(2026, 3, 1)


def member(code, reserve_fen, at_year_end=True):
    return MemberInput(household_id=hash(code), code=code, volume_fen=100,
                       capital_contribution_fen=0, reserve_share_fen=reserve_fen,
                       member_at_year_end=at_year_end)


def offsets(plan):
    return {r.member.code: r.reserve_fen for r in plan.members}


# The arithmetic ------------------------------------------------------------------------------


def test_a_small_loss_is_offset_by_the_largest_remainder_ties_to_the_lower_code():
    """S = −0.10 (10 fen); reserve shares 1.00 : 1.00 : 1.00 (300 fen in all).
    Quotas 10 × 100/300 = 3⅓ each → floors 3 + 3 + 3 = 9; the leftover fen goes to the tie's
    lowest code, TX-01-001: −0.04, −0.03, −0.03 (the mirror of splitting +10 fen).
    Nothing is carried forward."""
    plan = plan_loss(Parameters(year=2025, surplus_fen=-10),
                     [member("TX-01-003", 100), member("TX-01-001", 100),
                      member("TX-01-002", 100)])
    assert offsets(plan) == {"TX-01-001": -4, "TX-01-002": -3, "TX-01-003": -3}
    assert offsets(plan) == {code: -part for code, part in allocate(
        10, {"TX-01-001": 1, "TX-01-002": 1, "TX-01-003": 1}).items()}
    assert (plan.losses_fen, plan.offset_fen, plan.carried_fen) == (10, 10, 0)
    assert all(r.patronage_fen == r.capital_fen == 0 for r in plan.members)
    assert not plan.distributes


def test_a_chosen_part_is_offset_in_proportion_to_each_balance():
    """S = −1,000.00; offset chosen 333.33 (33,333 fen) against 300.00 : 500.00 (3 : 5).
    Quotas 33,333 × 3/8 = 12,499.875 and × 5/8 = 20,833.125 → floors 12,499 + 20,833 =
    33,332; the leftover fen to the larger remainder (.875, TX-01-001):
    −125.00 and −208.33. Carried forward 1,000.00 − 333.33 = 666.67. The zero share and
    the household that left during the year are not touched."""
    plan = plan_loss(Parameters(year=2025, surplus_fen=-100000),
                     [member("TX-01-001", 30000), member("TX-01-002", 50000),
                      member("TX-01-003", 0), member("TX-01-004", 7000, at_year_end=False)],
                     offset_fen=33333)
    assert offsets(plan) == {"TX-01-001": -12500, "TX-01-002": -20833, "TX-01-003": 0,
                             "TX-01-004": 0}
    assert (plan.reserve_total_fen, plan.offset_fen, plan.carried_fen) == (
        80000, 33333, 66667)


def test_by_default_the_whole_reserve_covers_what_it_can_and_the_rest_is_carried():
    """S = −1,000.00 with 200.00 of losses carried in: 1,200.00 to cover. The reserve shares
    (300.00 + 500.00 = 800.00) all go: −300.00, −500.00 (no share below zero); 400.00 is
    carried forward."""
    plan = plan_loss(Parameters(year=2025, surplus_fen=-100000, prior_losses_fen=20000),
                     [member("TX-01-001", 30000), member("TX-01-002", 50000)])
    assert offsets(plan) == {"TX-01-001": -30000, "TX-01-002": -50000}
    assert (plan.losses_fen, plan.offset_fen, plan.carried_fen) == (120000, 80000, 40000)


def test_an_empty_reserve_carries_the_whole_loss():
    plan = plan_loss(Parameters(year=2025, surplus_fen=-5000), [member("TX-01-001", 0)])
    assert (plan.offset_fen, plan.carried_fen) == (0, 5000)
    assert offsets(plan) == {"TX-01-001": 0}


@pytest.mark.parametrize("surplus, offset, message", [
    (-100000, 80001, "more than the members' quantified reserve shares"),
    (-100000, 100001, "more than the losses"),
    (-100000, -1, "cannot be negative"),
    (100, None, "only for a year with a loss"),
    (1, None, "only for a year with a loss"),  # S = 0.01, no prior losses: S′ > 0
])
def test_bad_loss_plans_are_refused(surplus, offset, message):
    with pytest.raises(DistributionError, match=message):
        plan_loss(Parameters(year=2025, surplus_fen=surplus),
                  [member("TX-01-001", 30000), member("TX-01-002", 50000)], offset)


@given(loss=st.integers(1, 10**9), prior=st.integers(0, 10**7),
       balances=st.lists(st.integers(0, 10**7), min_size=1, max_size=12),
       share=st.fractions(0, 1))
def test_every_loss_plan_adds_up_and_leaves_no_share_below_zero(loss, prior, balances, share):
    members = [member(f"TX-01-{n:03d}", b) for n, b in enumerate(balances)]
    most = min(loss + prior, sum(balances))
    offset = int(most * share)
    plan = plan_loss(Parameters(year=2025, surplus_fen=-loss, prior_losses_fen=prior),
                     members, offset)
    assert -sum(r.reserve_fen for r in plan.members) == plan.offset_fen == offset
    assert plan.offset_fen + plan.carried_fen == loss + prior
    for r in plan.members:
        assert 0 <= r.member.reserve_share_fen + r.reserve_fen <= r.member.reserve_share_fen
        if offset:
            quota = Fraction(offset * r.member.reserve_share_fen, sum(balances))
            assert abs(-r.reserve_fen - quota) < 1
        assert r.patronage_fen == r.capital_fen == 0
    default = plan_loss(Parameters(year=2025, surplus_fen=-loss, prior_losses_fen=prior),
                        members)
    assert default.offset_fen == most


# Against the database ------------------------------------------------------------------------


@pytest.fixture
def village(db):
    """Members a (reserve 300.00) and b (reserve 500.00), c who left on 1 July (reserve
    50.00), a non-member with sales; a sale each in 2025 (the year of the loss) and 2026."""
    a = household("TX-01-001", capital_contribution=D("1000"), reserve_share=D("300"))
    b = household("TX-01-002", capital_contribution=D("1000"), reserve_share=D("500"))
    c = household("TX-01-003", is_member=False, joined_on=date(2020, 1, 1),
                  left_on=date(2025, 7, 1), reserve_share=D("50"))
    outsider = household("TX-02-001", is_member=False)
    for day in (date(2025, 3, 1), date(2026, 3, 1)):
        for h in (a, b, c, outsider):
            paid_order(day=day, lines=[("100.00", "0", 1, [(h, 100)])])
    services.ledger_backfill()
    return {"a": a, "b": b, "c": c, "outsider": outsider}


def offset_entries():
    return {e.household.code: e.amount for e in
            LedgerEntry.objects.filter(kind=EntryKind.OFFSET).select_related("household")}


def approve(run, user=None, today=TODAY):
    services.distribution_publish(run=run, user=user)
    return services.distribution_approve(run=run, user=user, today=today)


@pytest.mark.django_db
def test_a_loss_plan_is_drafted_approved_posted_and_shown(village, accountant_user):
    """S = −1,000.00, offset 333.33 against a 300.00 and b 500.00 (c left: untouched):
    a −125.00, b −208.33 (worked above); 666.67 carried forward; nobody paid."""
    income_before = {r.code: r.total for r in household_earnings(
        start=date(2025, 1, 1), end=date(2026, 12, 31))}
    run = services.loss_draft(year=2025, surplus="-1000", reserve_offset="333.33",
                              user=accountant_user, today=TODAY)
    assert (run.kind, run.status) == (RunKind.LOSS, RunStatus.DRAFT)
    assert (run.reserve_offset, run.losses_carried_forward, run.losses_to_cover) == (
        D("333.33"), D("666.67"), D("1000.00"))
    assert {line.household_code: (line.reserve_share_before, line.reserve_quantified,
                                  line.reserve_share_after, line.total)
            for line in run.lines.all()} == {
        "TX-01-001": (D("300.00"), D("-125.00"), D("175.00"), D("0.00")),
        "TX-01-002": (D("500.00"), D("-208.33"), D("291.67"), D("0.00")),
        "TX-01-003": (D("50.00"), D("0.00"), D("50.00"), D("0.00")),
    }
    assert not offset_entries()  # nothing posted before the meeting approves it

    approve(run, accountant_user)
    assert offset_entries() == {"TX-01-001": D("-125.00"), "TX-01-002": D("-208.33")}
    assert not LedgerEntry.objects.filter(
        kind__in=[EntryKind.PATRONAGE, EntryKind.CAPITAL, EntryKind.RESERVE]).exists()
    # The reserve column moves; income (the payout) does not.
    rows = {r.code: r for r in household_earnings(start=date(2025, 1, 1),
                                                  end=date(2026, 12, 31))}
    assert rows["TX-01-001"].reserve == D("-125.00")
    assert {code: row.total for code, row in rows.items()} == income_before
    assert HouseholdMonth.objects.get(household=village["b"], year=2026, month=3).reserve \
        == -20833

    statement = member_statement(household=village["a"], year=2025)
    assert statement.is_loss_year
    assert (statement.reserve_opening, statement.reserve_quantified,
            statement.reserve_closing) == (D("300.00"), D("-125.00"), D("175.00"))

    # Next year: the reserve shares stand reduced and the prior losses default to 666.67.
    # S = 1,000.00 → S′ = 333.33; reserve 10% = 33.33; D = 300.00.
    members = {m.code: m for m in distribution_members(year=2026, labour_counts=True)}
    assert members["TX-01-001"].reserve_share_fen == 17500
    assert members["TX-01-002"].reserve_share_fen == 29167
    plan = services.distribution_plan(year=2026, surplus="1000", today=date(2027, 3, 1))
    assert (plan.parameters.prior_losses_fen, plan.base_fen, plan.reserve_fen,
            plan.distributable_fen) == (66667, 33333, 3333, 30000)
    typed = services.distribution_plan(year=2026, surplus="1000", prior_losses="0",
                                       today=date(2027, 3, 1))
    assert typed.parameters.prior_losses_fen == 0


@pytest.mark.django_db
def test_a_superseding_loss_plan_reverses_the_old_offsets_exactly(village):
    first = services.loss_draft(year=2025, surplus="-1000", reserve_offset="333.33",
                                today=TODAY)
    approve(first)
    second = services.loss_draft(year=2025, surplus="-1000", supersede=True, today=TODAY)
    assert (second.reserve_offset, second.losses_carried_forward) == (D("800.00"),
                                                                      D("200.00"))
    approve(second)
    first.refresh_from_db()
    assert first.status == RunStatus.SUPERSEDED
    reversals = LedgerEntry.objects.filter(kind=EntryKind.REVERSAL,
                                           reverses__kind=EntryKind.OFFSET)
    assert sorted(e.amount for e in reversals) == [D("125.00"), D("208.33")]
    rows = {r.code: r.reserve for r in household_earnings(start=date(2026, 1, 1),
                                                          end=date(2026, 12, 31))}
    assert (rows["TX-01-001"], rows["TX-01-002"]) == (D("-300.00"), D("-500.00"))
    statement = member_statement(household=village["b"], year=2025)
    assert statement.reserve_closing == D("0.00")


@pytest.mark.django_db
@pytest.mark.parametrize("values, message", [
    ({"surplus": "-1000", "reserve_offset": "800.01"},
     "more than the members' quantified reserve shares"),
    ({"surplus": "-100", "reserve_offset": "100.01"}, "more than the losses"),
    ({"surplus": "-1000", "reserve_offset": "-1"}, "cannot be negative"),
    ({"surplus": "-1000", "reserve_offset": "lots"}, "not an amount"),
    ({"surplus": "500"}, "only for a year with a loss"),
    ({"surplus": "-1000", "prior_losses": "-5"}, "cannot be negative"),
])
def test_bad_input_is_refused_and_nothing_saved(village, values, message):
    with pytest.raises(services.EarningsError, match=message):
        services.loss_draft(year=2025, today=TODAY, **values)
    assert not DistributionRun.objects.exists()
    assert not LedgerEntry.objects.filter(kind=EntryKind.OFFSET).exists()


@pytest.mark.django_db
def test_a_year_gets_one_loss_plan_unless_superseded(village):
    approve(services.loss_draft(year=2025, surplus="-1000", today=TODAY))
    posted = LedgerEntry.objects.count()
    with pytest.raises(services.EarningsError, match="already has an approved"):
        services.loss_draft(year=2025, surplus="-1000", today=TODAY)
    assert DistributionRun.objects.count() == 1 and LedgerEntry.objects.count() == posted


@pytest.mark.django_db
def test_a_distribution_for_a_loss_year_points_to_the_loss_plan(village):
    with pytest.raises(services.EarningsError, match="draft a loss plan"):
        services.distribution_draft(year=2025, surplus="-1000", today=TODAY)


@pytest.mark.django_db
def test_the_ledger_refuses_a_positive_offset_and_a_negative_reserve(village):
    entry = LedgerEntry.objects.first()
    for kind, amount in ((EntryKind.OFFSET, D("1.00")), (EntryKind.RESERVE, D("-1.00"))):
        with pytest.raises(IntegrityError), transaction.atomic():
            LedgerEntry.objects.create(
                household_id=entry.household_id, kind=kind, amount=amount,
                entry_date=entry.entry_date, period=entry.period,
                source_type=entry.source_type, source_id=entry.source_id, posted_by="test")


def command(*args):
    out, err = StringIO(), StringIO()
    call_command("distribute_surplus", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_drafts_approves_and_posts_a_loss_plan(village):
    out, err = command("--year", "2025", "--surplus", "-1000", "--loss-plan",
                       "--reserve-offset", "333.33", "--dry-run", "--format", "json")
    data = json.loads(out)
    assert (data["kind"], data["losses"], data["reserve_offset"],
            data["losses_carried_forward"]) == ("loss", "1000.00", "333.33", "666.67")
    assert [(h["household"], h["reserve_quantified"], h["total"]) for h in
            data["households"]] == [("TX-01-001", "-125.00", "0.00"),
                                    ("TX-01-002", "-208.33", "0.00"),
                                    ("TX-01-003", "0.00", "0.00")]
    assert "666.67" in err and not DistributionRun.objects.exists()

    out, _ = command("--year", "2025", "--surplus", "-1000", "--loss-plan",
                     "--reserve-offset", "333.33")
    assert "losses_carried_forward" in out and "666.67" in out
    run = DistributionRun.objects.get()
    assert (run.kind, run.status) == (RunKind.LOSS, RunStatus.APPROVED)
    assert offset_entries() == {"TX-01-001": D("-125.00"), "TX-01-002": D("-208.33")}

    with pytest.raises(CommandError, match="already has an approved"):
        command("--year", "2025", "--surplus", "-1000", "--loss-plan")
    with pytest.raises(CommandError, match="only for a loss plan"):
        command("--year", "2025", "--surplus", "-1000", "--reserve-offset", "5")
    with pytest.raises(CommandError, match="only for a year with a loss"):
        command("--year", "2025", "--surplus", "10", "--loss-plan", "--supersede")
    with pytest.raises(CommandError, match="--loss-plan|loss plan"):
        command("--year", "2025", "--surplus", "-10", "--supersede")
    assert DistributionRun.objects.count() == 1


@pytest.mark.django_db
def test_the_admin_drafts_shows_approves_a_loss_plan_and_the_statement_shows_it(
        client, accountant_user, village):
    """The same figures as above through the admin (pages answer in Chinese)."""
    client.force_login(accountant_user)
    add = reverse("earnings_distribution:add")
    base = {"year": "2025", "surplus": "-1000", "prior_losses": "", "subsidies": "0",
            "loss_plan": "on"}
    response = client.post(add, {**base, "reserve_offset": "900"})
    assert response.status_code == 200
    assert "超过了成员量化的公积金份额合计（¥800.00）" in response.content.decode()
    response = client.post(add, {**base, "loss_plan": "", "reserve_offset": "300"})
    assert response.status_code == 200 and "请勾选“弥补亏损方案”" in response.content.decode()
    assert not DistributionRun.objects.exists()
    response = client.post(add, {**base, "reserve_offset": "333.33"})
    run = DistributionRun.objects.get()
    detail = reverse("earnings_distribution:detail", args=[run.pk])
    assert response["Location"] == detail
    html = client.get(detail).content.decode()
    for figure, amount in (("losses", "¥1,000.00"), ("offset", "¥333.33"),
                           ("carried", "¥666.67")):
        assert f'data-figure="{figure}">{amount}<' in html
    assert "-¥125.00" in html and "¥175.00" in html
    client.post(detail, {"action": "publish"})
    client.post(detail, {"action": "approve"})
    assert offset_entries() == {"TX-01-001": D("-125.00"), "TX-01-002": D("-208.33")}
    sheet = load_workbook(BytesIO(client.get(detail, {"export": "xlsx"}).content)).active
    assert [D(str(row[2].value)) for row in sheet.iter_rows(min_row=2)] == [
        D("-125.00"), D("-208.33"), D("0.00")]
    statement = client.get(reverse("earnings_report:statement",
                                   args=[village["a"].pk, 2025])).content.decode()
    assert 'data-figure="reserve-movement">-¥125.00<' in statement
    assert 'data-figure="reserve">¥175.00<' in statement
    assert "data-loss-plan" in statement and "弥补亏损 ¥125.00" in statement
    index = client.get(reverse("earnings_distribution:index")).content.decode()
    assert "¥333.33" in index
