"""The declared pipeline: every legal move works and is recorded; illegal ones are refused
with a message and change nothing."""

import pytest

from commissions import services
from commissions.models import Commission, CommissionEvent, Stage
from tests.commissions.factories import make_accepted, make_contracted, make_request

S = Stage
pytestmark = pytest.mark.django_db

MANUAL_LEGAL = [(frm, to) for frm, targets in services.ALLOWED_MOVES.items() for to in targets
                if to not in services.SYSTEM_ONLY_TARGETS]


def at_stage(stage) -> Commission:
    commission = make_request()
    Commission.objects.filter(pk=commission.pk).update(stage=stage)
    commission.refresh_from_db()
    return commission


def test_the_map_is_the_issue_s_chain_plus_declined_and_cancelled_from_open_stages():
    chain = ["inquiry", "site_survey", "quoted", "contracted", "in_production", "installed",
             "accepted", "closed"]
    for frm, to in zip(chain, chain[1:], strict=False):
        assert to in services.ALLOWED_MOVES[frm]
    for stage in chain[:-1]:
        assert {S.DECLINED, S.CANCELLED} <= services.ALLOWED_MOVES[stage]
    for stage in (S.CLOSED, S.DECLINED, S.CANCELLED):
        assert services.ALLOWED_MOVES[stage] == frozenset()
    assert len(MANUAL_LEGAL) == 7 * 2 + 4  # declined/cancelled ×7, plus 4 button steps


@pytest.mark.parametrize(("frm", "to"), MANUAL_LEGAL)
def test_every_manual_legal_move_is_recorded_with_who_and_note(frm, to, committee_user):
    commission = at_stage(frm)
    if to == S.IN_PRODUCTION:
        commission = make_contracted()
    services.commission_move(commission=commission, to_stage=to, actor=committee_user,
                             note="电话确认")
    commission.refresh_from_db()
    assert commission.stage == to
    event = commission.events.filter(kind=CommissionEvent.Kind.STAGE).last()
    assert (event.from_stage, event.to_stage, event.actor, event.note) == (
        frm, to, committee_user, "电话确认")


def test_system_moves_happen_through_quotes_and_settlement():
    commission = make_accepted()
    stages = list(commission.events.filter(kind="stage").values_list("to_stage", flat=True))
    assert stages == ["inquiry", "site_survey", "quoted", "contracted", "in_production",
                      "installed", "accepted"]


@pytest.mark.parametrize(("frm", "to"), [
    (S.INQUIRY, S.IN_PRODUCTION), (S.INQUIRY, S.ACCEPTED), (S.SITE_SURVEY, S.INSTALLED),
    (S.INSTALLED, S.IN_PRODUCTION), (S.CLOSED, S.CANCELLED), (S.DECLINED, S.INQUIRY),
    (S.CANCELLED, S.SITE_SURVEY), (S.ACCEPTED, S.INQUIRY),
])
def test_illegal_moves_are_refused_and_change_nothing(frm, to):
    commission = at_stage(frm)
    events = commission.events.count()
    with pytest.raises(services.IllegalMove) as error:
        services.commission_move(commission=commission, to_stage=to)
    assert "cannot move" in str(error.value)
    commission.refresh_from_db()
    assert commission.stage == frm and commission.events.count() == events


@pytest.mark.parametrize("to", [S.QUOTED, S.CONTRACTED, S.CLOSED, "nonsense"])
def test_system_only_and_unknown_targets_are_refused_for_buttons(to):
    commission = at_stage(S.SITE_SURVEY if to != S.CLOSED else S.ACCEPTED)
    with pytest.raises(services.IllegalMove):
        services.commission_move(commission=commission, to_stage=to)


def test_production_needs_a_milestone_plan_and_sets_the_start_date():
    commission = at_stage(S.CONTRACTED)
    with pytest.raises(services.IllegalMove, match="milestone"):
        services.commission_move(commission=commission, to_stage=S.IN_PRODUCTION)
    commission = make_contracted()
    services.commission_move(commission=commission, to_stage=S.IN_PRODUCTION)
    commission.refresh_from_db()
    assert commission.starts_on is not None
