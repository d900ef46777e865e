"""Settling a finished job: margin = contract price − materials and direct costs;
retention = the charter's commission retention rate × margin; the labour pool (margin −
retention) is split first among households by their artisans' labour points (days × skill
coefficient), then within each household among its artisans, both exactly to the fen."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.models import ArtisanPage, Household
from commissions.models import (
    Commission,
    MilestoneStatus,
    Settlement,
    SettlementLine,
    Stage,
)
from commissions.services.base import CommissionError, lock
from commissions.services.pipeline import move
from commissions.signals import commission_settled
from core.money import allocate, from_fen, to_fen
from core.rates import charter_rate


def points_text(points: Decimal) -> str:
    """Points as the accountants read them: two decimals, three when a half day meets a
    two-decimal coefficient (0.5 × 1.25 = 0.625)."""
    two = points.quantize(Decimal("0.01"))
    return str(two if two == points else points.quantize(Decimal("0.001")))


@dataclass
class ArtisanShare:
    artisan: ArtisanPage
    points: Decimal
    amount_fen: int = 0


@dataclass
class HouseholdShare:
    household: Household
    points: Decimal
    amount_fen: int = 0
    artisans: list[ArtisanShare] = field(default_factory=list)


@dataclass
class SettlementPlan:
    commission: Commission
    contract_price_fen: int
    direct_costs_fen: int
    retention_rate: Decimal
    retention_fen: int
    households: list[HouseholdShare]
    warnings: list[str] = field(default_factory=list)

    @property
    def margin_fen(self) -> int:
        return self.contract_price_fen - self.direct_costs_fen

    @property
    def labour_pool_fen(self) -> int:
        return max(0, self.margin_fen - self.retention_fen)

    def as_dict(self) -> dict:
        """The JSON the command prints: yuan as decimal strings."""
        def yuan(fen):
            return str(from_fen(fen))

        return {
            "commission": self.commission.reference,
            "contract_price": yuan(self.contract_price_fen),
            "direct_costs": yuan(self.direct_costs_fen),
            "margin": yuan(self.margin_fen),
            "retention": yuan(self.retention_fen),
            "labour_pool": yuan(self.labour_pool_fen),
            "households": [
                {"household": share.household.code, "points": points_text(share.points),
                 "amount": yuan(share.amount_fen),
                 "artisans": [{"artisan": a.artisan.code, "points": points_text(a.points),
                               "amount": yuan(a.amount_fen)} for a in share.artisans]}
                for share in self.households
            ],
        }


def _points_by_artisan(commission: Commission) -> dict[int, Decimal]:
    points: dict[int, Decimal] = defaultdict(Decimal)
    for artisan_id, days, coefficient in commission.labour_entries.values_list(
            "artisan_id", "days", "skill_coefficient"):
        points[artisan_id] += days * coefficient
    for artisan_id in commission.team.values_list("artisan_id", flat=True):
        points.setdefault(artisan_id, Decimal("0"))
    return points


def split_pool(pool_fen: int, points_by_artisan: dict[ArtisanPage, Decimal]
               ) -> list[HouseholdShare]:
    """The labour pool among households by their points, then within each household among
    its artisans; ties go to the lower household code, then the lower artisan code."""
    households: dict[str, HouseholdShare] = {}
    for artisan, points in sorted(points_by_artisan.items(), key=lambda item: item[0].code):
        household = artisan.household
        share = households.setdefault(household.code, HouseholdShare(household, Decimal("0")))
        share.points += points
        share.artisans.append(ArtisanShare(artisan, points))
    ordered = [households[code] for code in sorted(households)]
    if pool_fen <= 0 or not any(share.points for share in ordered):
        return ordered
    parts = allocate(pool_fen, {share.household.code: Fraction(share.points)
                                for share in ordered})
    for share in ordered:
        share.amount_fen = parts[share.household.code]
        if share.amount_fen == 0 or not share.points:
            continue
        inner = allocate(share.amount_fen, {a.artisan.code: Fraction(a.points)
                                            for a in share.artisans})
        for artisan_share in share.artisans:
            artisan_share.amount_fen = inner[artisan_share.artisan.code]
    return ordered


def settlement_compute(*, commission: Commission, on=None) -> SettlementPlan:
    """The settlement as it would be recorded now (changes nothing)."""
    on = on or timezone.localdate()
    price_fen = to_fen(commission.contract_price or 0)
    costs_fen = to_fen(commission.costs.aggregate(total=Sum("amount"))["total"] or 0)
    margin_fen = price_fen - costs_fen
    rate = charter_rate("commission_retention", on=on)
    retention_fen = 0
    warnings = []
    if margin_fen <= 0:
        warnings.append(str(_("The margin is %(margin)s: there is nothing to share, and no one "
                              "is paid a negative amount.") % {"margin": from_fen(margin_fen)}))
    else:
        retention_fen = int((rate * margin_fen).to_integral_value(rounding=ROUND_HALF_UP))
    points = _points_by_artisan(commission)
    artisans = ArtisanPage.objects.filter(pk__in=list(points)).select_related("household")
    households = split_pool(max(0, margin_fen - retention_fen),
                            {artisan: points[artisan.pk] for artisan in artisans})
    return SettlementPlan(commission=commission, contract_price_fen=price_fen,
                          direct_costs_fen=costs_fen, retention_rate=rate,
                          retention_fen=retention_fen, households=households,
                          warnings=warnings)


def _refuse_unless_settleable(commission: Commission, plan: SettlementPlan) -> None:
    if hasattr(commission, "settlement") or Settlement.objects.filter(
            commission=commission).exists():
        raise CommissionError(_("Commission %(ref)s is already settled.")
                              % {"ref": commission.reference})
    if commission.stage != Stage.ACCEPTED:
        raise CommissionError(_("Only a commission the client has accepted can be settled "
                                "(this one is “%(stage)s”).")
                              % {"stage": Stage(commission.stage).label})
    milestones = list(commission.milestones.all())
    paid = sum(to_fen(m.amount_paid - m.amount_refunded) for m in milestones)
    if not milestones or any(m.status != MilestoneStatus.PAID for m in milestones) or (
            paid != plan.contract_price_fen):
        raise CommissionError(_("Not fully paid: %(paid)s of %(price)s received.")
                              % {"paid": from_fen(paid),
                                 "price": from_fen(plan.contract_price_fen)})
    if plan.labour_pool_fen > 0 and not any(share.points for share in plan.households):
        raise CommissionError(_("No labour is recorded: there is no one to share the labour "
                                "pool with."))


def commission_settle(*, commission: Commission | int, actor=None, dry_run: bool = False,
                      now=None) -> SettlementPlan:
    """Check, compute and (unless dry_run) record the settlement and close the commission.
    A settled commission is never settled again."""
    now = now or timezone.now()
    with transaction.atomic():
        commission = lock(commission)
        plan = settlement_compute(commission=commission, on=timezone.localdate(now))
        _refuse_unless_settleable(commission, plan)
        if dry_run:
            return plan
        settlement = Settlement.objects.create(
            commission=commission, settled_at=now, settled_by=actor,
            contract_price=from_fen(plan.contract_price_fen),
            direct_costs=from_fen(plan.direct_costs_fen), margin=from_fen(plan.margin_fen),
            retention_rate=plan.retention_rate, retention=from_fen(plan.retention_fen),
            labour_pool=from_fen(plan.labour_pool_fen),
        )
        SettlementLine.objects.bulk_create([
            SettlementLine(settlement=settlement, household=share.household,
                           artisan=artisan_share.artisan, points=artisan_share.points,
                           amount=from_fen(artisan_share.amount_fen))
            for share in plan.households for artisan_share in share.artisans
        ])
        move(commission, Stage.CLOSED, actor=actor, now=now,
             note=_("Settled: labour pool %(pool)s") % {"pool": from_fen(plan.labour_pool_fen)})
        commission.save()
        commission_settled.send(sender=Settlement, settlement=settlement)
    return plan
