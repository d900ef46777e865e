"""The commission pipeline: a declared map of allowed stage moves, each recorded with who,
when and a note. Moves into quoted, contracted and closed are made by issuing a quote,
accepting it and settling the job, never by a button."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissions.models import OPEN_STAGES, Commission, Stage
from commissions.services.base import CommissionError, lock, mail_after_commit, record_event

S = Stage
_CHAIN = [S.INQUIRY, S.SITE_SURVEY, S.QUOTED, S.CONTRACTED, S.IN_PRODUCTION, S.INSTALLED,
          S.ACCEPTED, S.CLOSED]

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    stage: frozenset({_CHAIN[i + 1]} | ({S.DECLINED, S.CANCELLED} if stage in OPEN_STAGES
                                        else set()))
    for i, stage in enumerate(_CHAIN[:-1])
}
ALLOWED_MOVES.update({S.CLOSED: frozenset(), S.DECLINED: frozenset(), S.CANCELLED: frozenset()})
SYSTEM_ONLY_TARGETS = frozenset({S.QUOTED, S.CONTRACTED, S.CLOSED})


class IllegalMove(CommissionError):
    pass


def move(commission: Commission, to_stage: str, *, actor=None, note="", now=None) -> None:
    """Apply one move of the declared map (the caller holds the commission's row lock and
    saves it)."""
    if to_stage not in ALLOWED_MOVES.get(commission.stage, ()):
        raise IllegalMove(
            _("A commission at “%(from)s” cannot move to “%(to)s”.")
            % {"from": S(commission.stage).label, "to": S(to_stage).label}
        )
    from_stage = commission.stage
    commission.stage = to_stage
    record_event(commission, actor=actor, from_stage=from_stage, to_stage=to_stage, note=note,
                 now=now)
    if to_stage == S.ACCEPTED:
        mail_after_commit(commission, "accepted")


def commission_allowed_moves(commission: Commission) -> list[str]:
    """The moves staff may make with a button, in pipeline order."""
    targets = ALLOWED_MOVES.get(commission.stage, frozenset()) - SYSTEM_ONLY_TARGETS
    return [stage for stage in S.values if stage in targets]


def commission_move(*, commission: Commission | int, to_stage: str, actor=None, note: str = "",
                    now=None) -> Commission:
    """A staff button: move the commission one step (or decline / cancel it)."""
    if to_stage not in S.values:
        raise IllegalMove(_("Unknown stage."))
    if to_stage in SYSTEM_ONLY_TARGETS:
        raise IllegalMove({
            S.QUOTED: _("Issue a quote to move the commission to “quoted”."),
            S.CONTRACTED: _("The client's acceptance of the quote makes the contract."),
            S.CLOSED: _("Settle the commission to close it."),
        }[to_stage])
    with transaction.atomic():
        commission = lock(commission)
        if to_stage == S.IN_PRODUCTION and to_stage in ALLOWED_MOVES[commission.stage] and (
                not commission.milestones.exists()):
            raise IllegalMove(_("Plan the milestone payments before production starts."))
        now = now or timezone.now()
        if to_stage == S.IN_PRODUCTION and commission.starts_on is None:
            commission.starts_on = timezone.localdate(now)
        move(commission, to_stage, actor=actor, note=note, now=now)
        commission.save()
    return commission
