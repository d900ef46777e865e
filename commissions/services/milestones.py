"""Milestone payments: a plan of percentages and/or fixed amounts that always sums exactly to
the contract price (percentages share what the fixed amounts leave, by largest remainder),
and the payments and refunds recorded against each milestone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissions.models import (
    Commission,
    CommissionEvent,
    Milestone,
    MilestoneStatus,
    Stage,
)
from commissions.services.base import (
    CommissionError,
    flag,
    lock,
    mail_after_commit,
    record_event,
)
from core.money import AllocationError, allocate, from_fen, to_fen

PLANNABLE_STAGES = (Stage.CONTRACTED, Stage.IN_PRODUCTION, Stage.INSTALLED, Stage.ACCEPTED)
PAYABLE_STAGES = PLANNABLE_STAGES


@dataclass(frozen=True)
class MilestoneInput:
    label: str
    due_on: date
    percent: Fraction | Decimal | None = None
    amount: Decimal | None = None
    label_en: str = ""


class DefaultPlan:
    """Deposit 30% within a week, progress 40% halfway, final 30% at the wanted date."""

    parts = [("定金", "Deposit", 30), ("进度款", "Progress payment", 40),
             ("尾款", "Final payment", 30)]

    def for_contract(self, *, now, wanted_by: date | None) -> list[MilestoneInput]:
        today = timezone.localdate(now)
        end = wanted_by if wanted_by and wanted_by > today + timedelta(days=14) else (
            today + timedelta(days=60))
        dues = [today + timedelta(days=7), today + (end - today) / 2, end]
        return [MilestoneInput(label=zh, label_en=en, percent=Decimal(percent), due_on=due)
                for (zh, en, percent), due in zip(self.parts, dues, strict=True)]


DEFAULT_PLAN = DefaultPlan()


def plan_amounts(price_fen: int, plan: Sequence[MilestoneInput]) -> list[int]:
    """Each milestone's fen. Fixed amounts are taken first; the percentages (which must add
    up to 100) share the rest by largest remainder, ties to the earlier milestone. Without
    percentages the fixed amounts must add up to the price exactly."""
    if not plan:
        raise CommissionError(_("Plan at least one milestone."))
    fixed = {}
    weights = {}
    for index, item in enumerate(plan):
        if (item.amount is None) == (item.percent is None):
            raise CommissionError(_("Milestone %(n)d: give either a percentage or an amount.")
                                  % {"n": index + 1})
        if item.amount is not None:
            try:
                fixed[index] = to_fen(item.amount)
            except (TypeError, ValueError) as exc:
                raise CommissionError(_("Milestone %(n)d: the amount must be in yuan and fen.")
                                      % {"n": index + 1}) from exc
            if fixed[index] <= 0:
                raise CommissionError(_("Milestone %(n)d: the amount must be more than ¥0.00.")
                                      % {"n": index + 1})
        else:
            weights[index] = Fraction(item.percent)
            if weights[index] <= 0:
                raise CommissionError(_("Milestone %(n)d: the percentage must be more than 0.")
                                      % {"n": index + 1})
    rest = price_fen - sum(fixed.values())
    if weights:
        if sum(weights.values()) != 100:
            raise CommissionError(_("The percentages add up to %(sum)s%%, not 100%%.")
                                  % {"sum": f"{float(sum(weights.values())):g}"})
        if rest <= 0:
            raise CommissionError(_("The fixed amounts leave nothing for the percentages."))
        try:
            shares = allocate(rest, weights)
        except AllocationError as exc:
            raise CommissionError(_("The milestones cannot be split.")) from exc
    elif rest != 0:
        raise CommissionError(_("The milestones add up to %(sum)s, not the contract price "
                                "%(price)s.") % {"sum": from_fen(sum(fixed.values())),
                                                 "price": from_fen(price_fen)})
    else:
        shares = {}
    amounts = [fixed.get(index, shares.get(index)) for index in range(len(plan))]
    if any(amount <= 0 for amount in amounts):
        raise CommissionError(_("Every milestone must be at least ¥0.01."))
    return amounts


def plan_milestones(commission: Commission, plan: Sequence[MilestoneInput]) -> list[Milestone]:
    """Replace an unpaid plan (the caller holds the commission's lock)."""
    if commission.contract_price is None:
        raise CommissionError(_("The contract price is set when the client accepts a quote."))
    amounts = plan_amounts(to_fen(commission.contract_price), plan)
    for item in plan:
        if not (item.label or "").strip():
            raise CommissionError(_("Give every milestone a label."))
    commission.milestones.all().delete()
    return Milestone.objects.bulk_create([
        Milestone(commission=commission, sequence=index + 1, label=item.label.strip()[:60],
                  label_en=(item.label_en or "").strip()[:60], due_on=item.due_on,
                  percent=(Decimal(item.percent.numerator) / Decimal(item.percent.denominator)
                           if isinstance(item.percent, Fraction) else item.percent
                           ).quantize(Decimal("0.01")) if item.percent is not None else None,
                  amount=from_fen(amount))
        for index, (item, amount) in enumerate(zip(plan, amounts, strict=True))
    ])


def milestones_plan(*, commission: Commission | int, plan: Sequence[MilestoneInput],
                    actor=None) -> list[Milestone]:
    """Staff redraw the milestone plan; allowed until the first payment arrives."""
    with transaction.atomic():
        commission = lock(commission)
        if commission.stage not in PLANNABLE_STAGES:
            raise CommissionError(_("Milestones are planned once the contract is made."))
        if commission.milestones.exclude(status=MilestoneStatus.DUE).exists() or (
                commission.milestones.filter(amount_paid__gt=0).exists()):
            raise CommissionError(_("A milestone has been paid: the plan can no longer change."))
        milestones = plan_milestones(commission, plan)
        record_event(commission, kind=CommissionEvent.Kind.NOTE, actor=actor,
                     note=_("Milestones planned: %(plan)s") % {"plan": " / ".join(
                         f"{m.label} {m.amount}" for m in milestones)})
    return milestones


def milestone_check_payable(milestone: Milestone) -> None:
    """Raise unless the client may pay this milestone now."""
    if milestone.status != MilestoneStatus.DUE or milestone.amount_paid > 0:
        raise CommissionError(_("This milestone has already been paid."))
    if milestone.commission.stage not in PAYABLE_STAGES:
        raise CommissionError(_("This commission takes no payments at its current stage."))


def milestone_record_payment(*, milestone: Milestone | int, amount_fen: int, via: str,
                             reference: str = "", actor=None, now=None,
                             currency: str = "CNY") -> Milestone:
    """Money arrived for a milestone (the payments app's handler, or staff for a bank
    transfer). A second payment or a wrong amount is not applied: the commission is flagged
    for staff to refund or sort out."""
    now = now or timezone.now()
    pk = milestone.pk if isinstance(milestone, Milestone) else milestone
    with transaction.atomic():
        commission = lock(Milestone.objects.values_list("commission_id", flat=True).get(pk=pk))
        milestone = Milestone.objects.select_for_update().get(pk=pk)
        if milestone.status != MilestoneStatus.DUE or milestone.amount_paid > 0:
            flag(commission, _("A second payment of %(amount)s arrived for milestone "
                               "“%(label)s”, which was already paid: refund it.")
                 % {"amount": from_fen(amount_fen), "label": milestone.label})
            commission.save()
            return milestone
        if amount_fen != to_fen(milestone.amount) or currency.upper() != "CNY":
            flag(commission, _("A payment of %(paid)s arrived for milestone “%(label)s”, which "
                               "is %(due)s: the amounts do not match.")
                 % {"paid": f"{from_fen(amount_fen)} {currency.upper()}",
                    "label": milestone.label, "due": milestone.amount})
            commission.save()
            return milestone
        milestone.status, milestone.paid_at, milestone.paid_via = MilestoneStatus.PAID, now, via
        milestone.amount_paid = milestone.amount
        milestone.reference = (reference or "")[:100]
        milestone.save()
        record_event(commission, kind=CommissionEvent.Kind.PAYMENT, actor=actor, now=now,
                     note=_("%(label)s paid: %(amount)s (%(via)s %(reference)s)")
                     % {"label": milestone.label, "amount": milestone.amount, "via": via,
                        "reference": reference})
        mail_after_commit(commission, "paid", milestone_id=milestone.pk)
    return milestone


def milestone_record_refund(*, milestone: Milestone | int, amount_fen: int, reason: str = "",
                            actor=None, now=None) -> Milestone:
    """Part or all of a milestone's payment went back to the client."""
    now = now or timezone.now()
    pk = milestone.pk if isinstance(milestone, Milestone) else milestone
    with transaction.atomic():
        commission = lock(Milestone.objects.values_list("commission_id", flat=True).get(pk=pk))
        milestone = Milestone.objects.select_for_update().get(pk=pk)
        if amount_fen <= 0:
            raise CommissionError(_("A refund must be at least ¥0.01."))
        if amount_fen > to_fen(milestone.refundable):
            raise CommissionError(_("At most %(amount)s of this milestone can be refunded.")
                                  % {"amount": milestone.refundable})
        if hasattr(commission, "settlement"):
            # Money went back at the provider after the books were closed: staff must know.
            flag(commission, _("A refund of %(amount)s was made after the settlement.")
                 % {"amount": from_fen(amount_fen)})
            commission.save()
        milestone.amount_refunded += from_fen(amount_fen)
        milestone.status = (MilestoneStatus.REFUNDED
                            if milestone.amount_refunded >= milestone.amount_paid
                            else MilestoneStatus.PARTIALLY_REFUNDED)
        milestone.save()
        record_event(commission, kind=CommissionEvent.Kind.REFUND, actor=actor, now=now,
                     note=_("%(label)s: %(amount)s refunded %(reason)s")
                     % {"label": milestone.label, "amount": from_fen(amount_fen),
                        "reason": reason})
    return milestone

