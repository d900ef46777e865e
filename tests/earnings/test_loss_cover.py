"""A profit year whose surplus does not cover the losses carried into it (S > 0 but
S′ = S − prior losses ≤ 0) is recorded as a loss plan (弥补亏损方案) with S ≥ 0: the year's
surplus all goes to the prior losses (以本年盈余弥补以前年度亏损), nothing is drawn for the
reserve and nobody is paid (never a negative payout); what is still not covered (−S′) is
carried forward as the next year's default prior losses; the accountant may also offset part
of it against the members' quantified reserve shares, by the loss plan's own arithmetic.
Drafted, published, approved and superseded like every plan; worked on paper."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from earnings import services
from earnings.distribution import (
    DistributionError,
    MemberInput,
    Parameters,
    plan_distribution,
    plan_loss,
)
from earnings.models import DistributionRun, EntryKind, LedgerEntry, RunKind, RunStatus
from earnings.selectors import losses_carried_into, member_statement
from tests.earnings.factories import household, paid_order

D = Decimal
TODAY = date(2026, 3, 1)
NEXT_YEAR = date(2027, 3, 1)
PAYOUT_KINDS = [EntryKind.PATRONAGE, EntryKind.CAPITAL, EntryKind.RESERVE, EntryKind.OFFSET]


def member(code, reserve_fen):
    return MemberInput(household_id=hash(code), code=code, volume_fen=10000,
                       capital_contribution_fen=100000, reserve_share_fen=reserve_fen)


MEMBERS = [member("TX-01-001", 30000), member("TX-01-002", 50000)]


# The arithmetic ------------------------------------------------------------------------------


def test_a_surplus_short_of_the_prior_losses_pays_nothing_and_carries_the_rest():
    """S = 100.00, prior losses 300.00: S′ = 100.00 − 300.00 = −200.00. The surplus covers
    100.00 of the old losses; 200.00 is carried forward. No reserve is drawn, nothing is
    paid, and (no offset asked for) no reserve share is touched."""
    plan = plan_loss(Parameters(year=2025, surplus_fen=10000, prior_losses_fen=30000), MEMBERS)
    assert plan.is_loss and plan.covers_prior_losses and not plan.distributes
    assert (plan.base_fen, plan.covered_by_surplus_fen, plan.losses_fen, plan.offset_fen,
            plan.carried_fen) == (-20000, 10000, 20000, 0, 20000)
    assert (plan.reserve_fen, plan.distributable_fen, plan.patronage_fen,
            plan.capital_fen) == (0, 0, 0, 0)
    assert all(r.patronage_fen == r.capital_fen == r.reserve_fen == r.total_fen == 0
               for r in plan.members)
    # The distribution's own dry run agrees: nothing to distribute, 200.00 carried.
    dry = plan_distribution(Parameters(year=2025, surplus_fen=10000, prior_losses_fen=30000),
                            MEMBERS)
    assert (dry.distributes, dry.carried_fen) == (False, 20000)


def test_a_surplus_exactly_covering_the_prior_losses_carries_nothing():
    """S = 300.00, prior losses 300.00: S′ = 0. Nothing carried, nothing paid, nothing
    offset (there is no loss left to offset: even 0.01 is refused)."""
    plan = plan_loss(Parameters(year=2025, surplus_fen=30000, prior_losses_fen=30000), MEMBERS)
    assert (plan.covered_by_surplus_fen, plan.losses_fen, plan.offset_fen,
            plan.carried_fen) == (30000, 0, 0, 0)
    assert all(r.total_fen == r.reserve_fen == 0 for r in plan.members)
    with pytest.raises(DistributionError, match="more than the losses to cover"):
        plan_loss(Parameters(year=2025, surplus_fen=30000, prior_losses_fen=30000), MEMBERS, 1)


def test_part_of_the_remaining_loss_is_offset_against_the_reserve_shares():
    """S = 100.00, prior 300.00 → 200.00 still to cover; offset 150.01 (15,001 fen) against
    reserve shares 300.00 : 500.00 (3 : 5). Quotas 15,001 × 3/8 = 5,625.375 and × 5/8 =
    9,375.625 → floors 5,625 + 9,375 = 15,000; the leftover fen to the larger remainder
    (.625, TX-01-002): −56.25 and −93.76. Carried forward 200.00 − 150.01 = 49.99."""
    plan = plan_loss(Parameters(year=2025, surplus_fen=10000, prior_losses_fen=30000),
                     MEMBERS, offset_fen=15001)
    assert {r.member.code: r.reserve_fen for r in plan.members} == {
        "TX-01-001": -5625, "TX-01-002": -9376}
    assert (plan.offset_fen, plan.carried_fen) == (15001, 4999)
    assert all(r.total_fen == 0 for r in plan.members)


@pytest.mark.parametrize("surplus, prior, offset, message", [
    (10000, 30000, 20001, "more than the losses to cover"),  # 200.01 > 200.00 left
    (10000, 130000, 80001, "more than the members' quantified reserve shares"),  # > 800.00
    (10000, 30000, -1, "cannot be negative"),
    (30001, 30000, None, "only for a year with a loss"),  # S′ = 0.01 > 0: distribute it
])
def test_bad_offsets_are_refused(surplus, prior, offset, message):
    with pytest.raises(DistributionError, match=message):
        plan_loss(Parameters(year=2025, surplus_fen=surplus, prior_losses_fen=prior),
                  MEMBERS, offset)


# Against the database ------------------------------------------------------------------------


@pytest.fixture
def village(db):
    """Members a (reserve 300.00) and b (reserve 500.00); a 100.00 sale each in 2025 and
    2026, so both years have ledger entries."""
    a = household("TX-01-001", capital_contribution=D("1000"), reserve_share=D("300"))
    b = household("TX-01-002", capital_contribution=D("1000"), reserve_share=D("500"))
    for day in (date(2025, 3, 1), date(2026, 3, 1)):
        for h in (a, b):
            paid_order(day=day, lines=[("100.00", "0", 1, [(h, 100)])])
    services.ledger_backfill()
    return {"a": a, "b": b}


def approve(run, user=None, today=TODAY):
    services.distribution_publish(run=run, user=user)
    return services.distribution_approve(run=run, user=user, today=today)


def payouts():
    return LedgerEntry.objects.filter(kind__in=PAYOUT_KINDS).count()


@pytest.mark.django_db
def test_the_year_is_recorded_and_next_year_defaults_to_what_it_carried(village):
    """S = 100.00, prior losses 300.00 typed in: the plan is saved, approved and posted
    with nothing paid; 2026's plan then starts from 200.00 of prior losses: a 2026 surplus
    of 500.00 leaves S′ = 300.00 to distribute."""
    entries = LedgerEntry.objects.count()
    run = services.loss_draft(year=2025, surplus="100", prior_losses="300", today=TODAY)
    assert (run.kind, run.status, run.covers_prior_losses) == (RunKind.LOSS, RunStatus.DRAFT,
                                                                True)
    assert (run.covered_by_surplus, run.losses_to_cover, run.reserve_offset,
            run.losses_carried_forward) == (D("100.00"), D("200.00"), D("0.00"), D("200.00"))
    assert (run.reserve, run.distributable, run.patronage_pool, run.capital_pool) == (
        D("0.00"),) * 4
    assert {(line.household_code, line.total, line.reserve_quantified)
            for line in run.lines.all()} == {("TX-01-001", D("0.00"), D("0.00")),
                                             ("TX-01-002", D("0.00"), D("0.00"))}
    approve(run)
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED
    assert LedgerEntry.objects.count() == entries and payouts() == 0

    assert losses_carried_into(year=2026) == D("200.00")
    nxt = services.distribution_plan(year=2026, surplus="500", today=NEXT_YEAR)
    assert (nxt.parameters.prior_losses_fen, nxt.base_fen) == (20000, 30000)
    # Typed prior losses still win over the default.
    assert services.distribution_plan(year=2026, surplus="500", prior_losses="0",
                                      today=NEXT_YEAR).base_fen == 50000

    statement = member_statement(household=village["a"], year=2025)
    assert statement.is_loss_year and statement.covers_prior_losses
    assert (statement.reserve_opening, statement.reserve_closing) == (D("300.00"),
                                                                     D("300.00"))


@pytest.mark.django_db
def test_an_exact_cover_carries_nothing_into_next_year(village):
    """S = 300.00, prior 300.00: S′ = 0, nothing carried, nothing paid; 2026's default prior
    losses are 0.00 (a 2026 surplus of 500.00 is distributed whole)."""
    run = approve(services.loss_draft(year=2025, surplus="300", prior_losses="300",
                                      today=TODAY))
    assert (run.losses_to_cover, run.losses_carried_forward) == (D("0.00"), D("0.00"))
    assert payouts() == 0
    assert services.distribution_plan(year=2026, surplus="500",
                                      today=NEXT_YEAR).base_fen == 50000


@pytest.mark.django_db
def test_with_a_reserve_offset_the_shares_go_down_and_less_is_carried(village):
    """The paper case above through the database: offset 150.01 → a −56.25, b −93.76
    posted as reserve offsets; 49.99 carried into 2026; closing reserve a 243.75."""
    run = approve(services.loss_draft(year=2025, surplus="100", prior_losses="300",
                                      reserve_offset="150.01", today=TODAY))
    assert run.losses_carried_forward == D("49.99")
    assert {e.household.code: e.amount for e in LedgerEntry.objects.filter(
        kind=EntryKind.OFFSET).select_related("household")} == {
        "TX-01-001": D("-56.25"), "TX-01-002": D("-93.76")}
    assert not LedgerEntry.objects.filter(
        kind__in=[EntryKind.PATRONAGE, EntryKind.CAPITAL, EntryKind.RESERVE]).exists()
    assert losses_carried_into(year=2026) == D("49.99")
    assert member_statement(household=village["a"], year=2025).reserve_closing == D("243.75")


@pytest.mark.django_db
@pytest.mark.parametrize("values, message", [
    ({"reserve_offset": "200.01"}, "more than the losses to cover"),
    ({"prior_losses": "1300", "reserve_offset": "800.01"},
     "more than the members' quantified reserve shares"),
    ({"reserve_offset": "-1"}, "cannot be negative"),
    ({"prior_losses": "99.99"}, "only for a year with a loss"),
])
def test_bad_input_is_refused_and_nothing_saved_or_posted(village, values, message):
    values = {"surplus": "100", "prior_losses": "300", **values}
    with pytest.raises(services.EarningsError, match=message):
        services.loss_draft(year=2025, today=TODAY, **values)
    assert not DistributionRun.objects.exists() and payouts() == 0


@pytest.mark.django_db
def test_a_distribution_for_that_year_is_refused_and_names_the_loss_plan(village):
    with pytest.raises(services.EarningsError,
                       match=r"does not cover .*\(¥300.00\).*loss plan .*¥200.00"):
        services.distribution_draft(year=2025, surplus="100", prior_losses="300", today=TODAY)
    assert not DistributionRun.objects.exists()


@pytest.mark.django_db
def test_a_second_plan_for_the_year_is_refused_and_nothing_posted(village):
    """Two drafts for 2025; once the first is approved, the second cannot be approved nor a
    third drafted without superseding; the ledger does not move."""
    first = services.loss_draft(year=2025, surplus="100", prior_losses="300", today=TODAY)
    second = services.loss_draft(year=2025, surplus="100", prior_losses="300",
                                 reserve_offset="10", today=TODAY)
    approve(first)
    entries = LedgerEntry.objects.count()
    services.distribution_publish(run=second)
    with pytest.raises(services.EarningsError, match="already has an approved"):
        services.distribution_approve(run=second, today=TODAY)
    with pytest.raises(services.EarningsError, match="already has an approved"):
        services.loss_draft(year=2025, surplus="100", prior_losses="300", today=TODAY)
    assert LedgerEntry.objects.count() == entries and payouts() == 0
    second.refresh_from_db()
    assert second.status == RunStatus.REVIEWED


@pytest.mark.django_db
def test_it_supersedes_a_distribution_that_forgot_the_prior_losses(village):
    """2025 was distributed as if S′ = 100.00 (prior losses left out); the superseding plan
    with the 300.00 of prior losses reverses every fen paid, pays nothing and carries
    200.00. Superseded in turn by a plan with a 50.00 offset, carrying 150.00."""
    wrong = approve(services.distribution_draft(year=2025, surplus="100", prior_losses="0",
                                                today=TODAY))
    paid = sum(e.amount for e in LedgerEntry.objects.filter(kind__in=PAYOUT_KINDS))
    assert paid == D("100.00")
    right = approve(services.loss_draft(year=2025, surplus="100", prior_losses="300",
                                        supersede=True, today=TODAY))
    wrong.refresh_from_db()
    assert (wrong.status, right.supersedes_id) == (RunStatus.SUPERSEDED, wrong.pk)
    reversed_ = sum(e.amount for e in LedgerEntry.objects.filter(
        kind=EntryKind.REVERSAL, reverses__kind__in=PAYOUT_KINDS))
    assert reversed_ == -paid
    assert losses_carried_into(year=2026) == D("200.00")
    third = approve(services.loss_draft(year=2025, surplus="100", prior_losses="300",
                                        reserve_offset="50", supersede=True, today=TODAY))
    right.refresh_from_db()
    assert (right.status, third.losses_carried_forward) == (RunStatus.SUPERSEDED,
                                                            D("150.00"))
    assert losses_carried_into(year=2026) == D("150.00")


def command(*args):
    out, err = StringIO(), StringIO()
    call_command("distribute_surplus", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_shows_and_records_the_year(village):
    args = ("--year", "2025", "--surplus", "100", "--prior-losses", "300")
    _out, err = command(*args, "--dry-run")
    assert "--loss-plan" in err and "¥200.00" in err
    out, err = command(*args, "--loss-plan", "--dry-run", "--format", "json")
    data = json.loads(out)
    assert (data["kind"], data["covers_prior_losses"], data["covered_by_surplus"],
            data["losses"], data["reserve_offset"], data["losses_carried_forward"]) == (
        "loss", True, "100.00", "200.00", "0.00", "200.00")
    assert {(h["total"], h["reserve_quantified"]) for h in data["households"]} == {
        ("0.00", "0.00")}
    assert "¥100.00" in err and "¥200.00" in err and not DistributionRun.objects.exists()
    out, _err = command(*args, "--loss-plan", "--dry-run", "--format", "csv")
    assert out.splitlines()[1:] == ["TX-01-001,100.00,0.00,0.00,0.00,0.00,0.00",
                                    "TX-01-002,100.00,0.00,0.00,0.00,0.00,0.00"]
    with pytest.raises(CommandError, match="more than the losses"):
        command(*args, "--loss-plan", "--reserve-offset", "200.01")
    assert not DistributionRun.objects.exists()
    out, err = command(*args, "--loss-plan")
    assert "covered_by_surplus" in out and "losses_carried_forward" in out
    assert "Approved and posted" in err
    run = DistributionRun.objects.get()
    assert (run.status, run.losses_carried_forward) == (RunStatus.APPROVED, D("200.00"))
    with pytest.raises(CommandError, match="already has an approved"):
        command(*args, "--loss-plan")
    assert DistributionRun.objects.count() == 1 and payouts() == 0


@pytest.mark.django_db
def test_the_admin_drafts_shows_and_approves_it_in_chinese(client, accountant_user, village):
    client.force_login(accountant_user)
    add = reverse("earnings_distribution:add")
    base = {"year": "2025", "surplus": "100", "prior_losses": "300", "subsidies": "0"}
    response = client.post(add, base)  # a distribution: refused, the loss plan named
    assert response.status_code == 200
    assert "弥补亏损方案" in response.content.decode() and "¥200.00" in \
        response.content.decode()
    response = client.post(add, {**base, "loss_plan": "on", "reserve_offset": "200.01"})
    assert response.status_code == 200 and not DistributionRun.objects.exists()
    response = client.post(add, {**base, "loss_plan": "on"})
    run = DistributionRun.objects.get()
    detail = reverse("earnings_distribution:detail", args=[run.pk])
    assert response["Location"] == detail
    html = client.get(detail).content.decode()
    assert "data-covers-prior-losses" in html and "以本年盈余弥补" in html
    for figure, amount in (("covered", "¥100.00"), ("losses", "¥200.00"),
                           ("offset", "¥0.00"), ("carried", "¥200.00")):
        assert f'data-figure="{figure}">{amount}<' in html
    client.post(detail, {"action": "publish"})
    client.post(detail, {"action": "approve"})
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED and payouts() == 0
    index = client.get(reverse("earnings_distribution:index")).content.decode()
    assert "¥200.00" in index and "结转" in index
    statement = client.get(reverse("earnings_report:statement",
                                   args=[village["a"].pk, 2025])).content.decode()
    assert "data-covers-prior-losses" in statement and "¥200.00" in statement
    csv_text = client.get(reverse("earnings_report:statement", args=[village["a"].pk, 2025]),
                          {"export": "csv"}).content.decode("utf-8-sig")
    assert "200.00" in csv_text
