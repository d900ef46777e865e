"""The year-end surplus distribution as arithmetic, with no database: given the year's
surplus, the charter's rates and each member household's transaction volume and capital
basis, what goes to the reserve, what is returned by volume (at least 60%, rounded up to the
fen) and what by capital basis. A loss year's plan (弥补亏损) instead offsets the losses, or
a part of them, against the members' quantified reserve shares in proportion to each share
and carries the rest forward. Every split is `core.money.allocate`, in integer fen."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from core.money import allocate
from earnings.models import LEGAL_PATRONAGE_FLOOR, ReserveRule


class DistributionError(ValueError):
    """The plan cannot be made: the message says why, in the user's language."""


@dataclass(frozen=True)
class Parameters:
    year: int
    surplus_fen: int
    prior_losses_fen: int = 0
    subsidies_fen: int = 0
    reserve_rate: Decimal = Decimal("0.10")
    patronage_share: Decimal = LEGAL_PATRONAGE_FLOOR
    enforce_floor: bool = True
    reserve_rule: str = ReserveRule.VOLUME


@dataclass(frozen=True)
class MemberInput:
    household_id: int
    code: str
    volume_fen: int  # transaction volume while a member during the year
    capital_contribution_fen: int
    reserve_share_fen: int  # as it stood before this year's reserve draw
    member_at_year_end: bool = True


@dataclass
class MemberResult:
    member: MemberInput
    capital_basis: Fraction = Fraction(0)
    patronage_fen: int = 0
    capital_fen: int = 0
    reserve_fen: int = 0

    @property
    def total_fen(self) -> int:
        return self.patronage_fen + self.capital_fen


@dataclass
class Plan:
    parameters: Parameters
    base_fen: int = 0  # S' = surplus − prior losses
    reserve_fen: int = 0
    distributable_fen: int = 0  # D
    patronage_fen: int = 0  # P
    capital_fen: int = 0  # D − P
    subsidy_per_member: Fraction = Fraction(0)
    floor_met: bool = True
    members: list[MemberResult] = field(default_factory=list)
    # A loss plan: the losses to cover (the year's loss and the losses carried into it), the
    # part offset against reserve shares (each member's `reserve_fen` is its negative part)
    # and the part carried forward to the next year's prior losses.
    is_loss: bool = False
    losses_fen: int = 0
    offset_fen: int = 0
    carried_fen: int = 0
    reserve_total_fen: int = 0

    @property
    def distributes(self) -> bool:
        return not self.is_loss and (self.distributable_fen > 0 or self.reserve_fen > 0)

    @property
    def covers_prior_losses(self) -> bool:
        """A loss plan for a year with a surplus (S ≥ 0) that does not cover the losses
        carried into it (S′ ≤ 0): the surplus goes to those losses, the rest is carried."""
        return self.is_loss and self.parameters.surplus_fen >= 0

    @property
    def covered_by_surplus_fen(self) -> int:
        """The part of the prior losses that the year's own surplus covered."""
        return max(min(self.parameters.surplus_fen, self.parameters.prior_losses_fen), 0)


def _ceil(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def check_rates(parameters: Parameters) -> None:
    for name, rate in (("reserve_rate", parameters.reserve_rate),
                       ("patronage_share", parameters.patronage_share)):
        if not Decimal(0) <= rate <= Decimal(1):
            raise DistributionError(
                _("%(name)s must be between 0 and 1 (e.g. 0.60 for 60%%).") % {"name": name})
    if parameters.enforce_floor and parameters.patronage_share < LEGAL_PATRONAGE_FLOOR:
        raise DistributionError(_(
            "A farmers' specialised cooperative must return at least 60%% of the distributable "
            "surplus by transaction volume; %(share)s is below it.")
            % {"share": f"{parameters.patronage_share:.2%}"})


def plan_distribution(parameters: Parameters, members: list[MemberInput]) -> Plan:
    check_rates(parameters)
    if parameters.prior_losses_fen < 0 or parameters.subsidies_fen < 0:
        raise DistributionError(_("Prior losses and subsidies cannot be negative."))
    plan = Plan(parameters=parameters,
                members=[MemberResult(member=m) for m in sorted(members, key=lambda m: m.code)])
    plan.floor_met = parameters.patronage_share >= LEGAL_PATRONAGE_FLOOR
    at_year_end = [r for r in plan.members if r.member.member_at_year_end]
    if at_year_end:
        plan.subsidy_per_member = Fraction(parameters.subsidies_fen, len(at_year_end))
    for result in at_year_end:
        result.capital_basis = (result.member.capital_contribution_fen
                                + result.member.reserve_share_fen + plan.subsidy_per_member)

    plan.base_fen = parameters.surplus_fen - parameters.prior_losses_fen
    if parameters.surplus_fen <= 0 or plan.base_fen <= 0:
        plan.carried_fen = max(-plan.base_fen, 0)
        return plan  # a loss (or no surplus left after prior losses): nobody is paid
    if not plan.members:
        raise DistributionError(_("There are no member households to distribute to."))

    rate = Fraction(parameters.reserve_rate)
    plan.reserve_fen = allocate(plan.base_fen, {"reserve": rate, "distributable": 1 - rate})[
        "reserve"]
    plan.distributable_fen = plan.base_fen - plan.reserve_fen
    plan.patronage_fen = _ceil(Fraction(parameters.patronage_share) * plan.distributable_fen)
    plan.capital_fen = plan.distributable_fen - plan.patronage_fen

    volumes = {r.member.code: max(r.member.volume_fen, 0) for r in plan.members}
    by_code = {r.member.code: r for r in plan.members}
    by_volume = plan.patronage_fen or (plan.reserve_fen
                                       and parameters.reserve_rule == ReserveRule.VOLUME)
    if by_volume and not any(volumes.values()):
        raise DistributionError(_(
            "No member household has any transaction volume in %(year)s: nothing to "
            "return by volume.") % {"year": parameters.year})
    if plan.patronage_fen:
        for code, part in allocate(plan.patronage_fen, volumes).items():
            by_code[code].patronage_fen = part
    if plan.reserve_fen:
        if parameters.reserve_rule == ReserveRule.EQUAL:
            weights = {r.member.code: 1 for r in at_year_end}
            if not weights:
                raise DistributionError(_("No household is a member at the year's end."))
        else:
            weights = volumes
        for code, part in allocate(plan.reserve_fen, weights).items():
            by_code[code].reserve_fen = part
    if plan.capital_fen:
        bases = {r.member.code: r.capital_basis for r in at_year_end}
        if not any(bases.values()):
            raise DistributionError(_(
                "No member household has any capital contribution, reserve share or subsidy "
                "share: the %(amount)s to return by capital cannot be split. Enter the "
                "capital contributions, or return 100%% by transaction volume.")
                % {"amount": f"¥{Decimal(plan.capital_fen) / 100:,.2f}"})
        for code, part in allocate(plan.capital_fen, bases).items():
            by_code[code].capital_fen = part
    return plan


def _yuan(fen: int) -> str:
    return f"¥{Decimal(fen) / 100:,.2f}"


def plan_loss(parameters: Parameters, members: list[MemberInput],
              offset_fen: int | None = None) -> Plan:
    """A loss plan (弥补亏损): nobody is paid. The losses to cover are the losses carried
    into the year less the year's surplus (−S′: the year's loss plus the prior losses, or,
    in a year whose surplus S ≥ 0 does not cover the prior losses, what the surplus left of
    them). Up to `offset_fen` of them are offset against the quantified reserve shares of
    the households that are members at the year's end, each reduced in proportion to its
    balance (a negative allocation, the mirror of a positive one, so no share goes below
    zero); the rest is carried forward. `offset_fen` left out: in a loss year as much as the
    reserve allows, in a year with a surplus nothing (the accountant chooses to use the
    reserve). A year whose surplus covers the prior losses (S′ > 0) is a distribution."""
    if parameters.prior_losses_fen < 0:
        raise DistributionError(_("Prior losses and subsidies cannot be negative."))
    base_fen = parameters.surplus_fen - parameters.prior_losses_fen
    if base_fen > 0:
        raise DistributionError(_(
            "A loss plan is only for a year with a loss, or one whose surplus does not cover "
            "the losses carried from earlier years: %(year)s has %(base)s of surplus left "
            "after prior losses. Draft a surplus distribution instead.")
            % {"year": parameters.year, "base": _yuan(base_fen)})
    plan = Plan(parameters=parameters, is_loss=True,
                members=[MemberResult(member=m) for m in sorted(members, key=lambda m: m.code)])
    plan.base_fen = base_fen
    plan.losses_fen = -plan.base_fen
    balances = {r.member.code: max(r.member.reserve_share_fen, 0) for r in plan.members
                if r.member.member_at_year_end}
    plan.reserve_total_fen = sum(balances.values())
    if offset_fen is None:
        offset_fen = (0 if parameters.surplus_fen >= 0
                      else min(plan.losses_fen, plan.reserve_total_fen))
    if offset_fen < 0:
        raise DistributionError(_("The part of the loss to offset cannot be negative."))
    if offset_fen > plan.losses_fen:
        raise DistributionError(_(
            "%(offset)s is more than the losses to cover (%(losses)s): only a loss can be "
            "offset against the reserve.")
            % {"offset": _yuan(offset_fen), "losses": _yuan(plan.losses_fen)})
    if offset_fen > plan.reserve_total_fen:
        raise DistributionError(_(
            "%(offset)s is more than the members' quantified reserve shares (%(reserve)s in "
            "all): a reserve share never goes below zero; carry the rest forward.")
            % {"offset": _yuan(offset_fen), "reserve": _yuan(plan.reserve_total_fen)})
    plan.offset_fen = offset_fen
    plan.carried_fen = plan.losses_fen - offset_fen
    if offset_fen:
        by_code = {r.member.code: r for r in plan.members}
        for code, part in allocate(-offset_fen, balances).items():
            by_code[code].reserve_fen = part
    return plan
