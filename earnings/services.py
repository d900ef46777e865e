"""Everything that changes the books: posting entries (from any source, idempotently),
closing periods, amending the charter, and drafting, publishing and approving a year-end
distribution. Plain functions, keyword-only arguments, one transaction each."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from core.caching import HOUSEHOLD_INCOME, invalidate
from core.money import format_cny, from_fen, to_fen
from earnings.charter import CharterBook, charter_in_force
from earnings.distribution import (
    DistributionError,
    Parameters,
    Plan,
    plan_distribution,
    plan_loss,
)
from earnings.models import (
    Charter,
    DistributionLine,
    DistributionRun,
    EntryKind,
    HouseholdMonth,
    LedgerEntry,
    Period,
    RunKind,
    RunStatus,
)
from earnings.selectors import (
    COLUMN_NAMES,
    column_sums,
    distribution_members,
    fen_exact,
    losses_carried_into,
)
from earnings.sources import EntryDraft, SourceAdapter, active_sources

logger = logging.getLogger(__name__)



class EarningsError(Exception):
    """Refused: the message says why, in the user's language; nothing was changed."""


class PeriodClosedError(EarningsError):
    pass


def parse_amount(value, *, label: str) -> Decimal:
    """A yuan amount typed by a person: a clear message for anything else."""
    if isinstance(value, Decimal):
        amount = value
    else:
        try:
            amount = Decimal(str(value).strip().replace(",", "").replace("¥", ""))
        except (InvalidOperation, ValueError):
            raise EarningsError(_("%(label)s is not an amount: %(value)s")
                                % {"label": label, "value": value}) from None
    try:
        exact = amount.is_finite() and amount == amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        exact = False
    if not exact:
        raise EarningsError(_("%(label)s is not an amount in yuan and fen: %(value)s")
                            % {"label": label, "value": value})
    return amount


def parse_rate(value, *, label: str) -> Decimal:
    try:
        rate = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise EarningsError(_("%(label)s is not a number: %(value)s")
                            % {"label": label, "value": value}) from None
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(1):
        raise EarningsError(_("%(label)s must be between 0 and 1 (0.60 for 60%%): %(value)s")
                            % {"label": label, "value": value})
    return rate


# Periods -------------------------------------------------------------------------------------


def _periods_for(days: Iterable[date], *, lock: bool = False) -> dict[tuple[int, int], Period]:
    months = {(day.year, day.month) for day in days}
    for year, month in months:
        Period.objects.get_or_create(year=year, month=month)
    periods = Period.objects.filter(year__in={y for y, _m in months})
    if lock:
        periods = periods.select_for_update()
    return {(p.year, p.month): p for p in periods if (p.year, p.month) in months}


def period_close(*, year: int, month: int, user=None, today: date | None = None) -> Period:
    """Close a month that has ended: nothing more is dated in it."""
    today = today or timezone.localdate()
    if not 1 <= month <= 12:
        raise EarningsError(_("There is no month %(month)s.") % {"month": month})
    with transaction.atomic():
        period = _periods_for([date(year, month, 1)], lock=True)[(year, month)]
        if period.is_closed:
            raise EarningsError(_("%(period)s is already closed.") % {"period": period})
        if period.last_day >= today:
            raise EarningsError(_("%(period)s has not ended yet.") % {"period": period})
        period.closed_at = timezone.now()
        period.closed_by = user if user is not None and user.is_authenticated else None
        period.save(update_fields=["closed_at", "closed_by"])
    return period


# Posting -------------------------------------------------------------------------------------


def ledger_post(*, drafts: list[EntryDraft], posted_by: str, late_corrections: bool = True,
                today: date | None = None) -> int:
    """Post entries; a source already posted is skipped (so replays are safe). An entry dated
    in a closed period is refused, or, when `late_corrections`, posted today with a note of
    the period it corrects. Returns how many entries were created."""
    today = today or timezone.localdate()
    with transaction.atomic():
        keys = {(d.source_type_id, d.source_id, d.kind) for d in drafts}
        existing = set()
        for source_type_id in {k[0] for k in keys}:
            existing |= set(LedgerEntry.objects.filter(
                source_type_id=source_type_id,
                source_id__in=[k[1] for k in keys if k[0] == source_type_id],
            ).values_list("source_type_id", "source_id", "kind"))
        fresh = [d for d in drafts if (d.source_type_id, d.source_id, d.kind) not in existing]
        if not fresh:
            return 0
        periods = _periods_for([d.entry_date for d in fresh] + [today], lock=True)
        entries = []
        for draft in fresh:
            if draft.amount_fen < 0 and draft.kind not in (EntryKind.REVERSAL,
                                                           EntryKind.OFFSET):
                raise EarningsError(_("Only a reversal may be negative."))
            if draft.amount_fen > 0 and draft.kind == EntryKind.OFFSET:
                raise EarningsError(_("A reserve offset against a loss is never positive."))
            period = periods[(draft.entry_date.year, draft.entry_date.month)]
            corrects, entry_date, note = None, draft.entry_date, draft.note
            if period.is_closed:
                if not late_corrections:
                    raise PeriodClosedError(
                        _("%(period)s is closed: nothing more can be dated in it.")
                        % {"period": period})
                corrects, entry_date = period, today
                period = periods[(today.year, today.month)]
                if period.is_closed:
                    raise PeriodClosedError(_("%(period)s is closed.") % {"period": period})
                note = (_("Late correction of %(period)s (dated %(date)s)")
                        % {"period": corrects, "date": draft.entry_date} + " · " + note)[:300]
            entries.append(LedgerEntry(
                household_id=draft.household_id, artisan_id=draft.artisan_id, kind=draft.kind,
                amount=from_fen(draft.amount_fen),
                sales_volume=from_fen(draft.sales_volume_fen),
                labour_volume=from_fen(draft.labour_volume_fen),
                entry_date=entry_date, period=period, corrects_period=corrects,
                source_type_id=draft.source_type_id, source_id=draft.source_id,
                reverses_id=draft.reverses_id, posted_by=posted_by[:100], note=note,
            ))
        try:
            with transaction.atomic():
                LedgerEntry.objects.bulk_create(entries)
        except IntegrityError:
            raise EarningsError(_("These records were being posted at the same time by "
                                  "another process: nothing was posted; run it again.")) \
                from None
        _add_to_months(entries)
        if any(entry.entry_date.year < today.year for entry in entries):
            invalidate(HOUSEHOLD_INCOME)
    return len(entries)


def month_column(kind: str, reversed_kind: str | None) -> str:
    """The report column (and HouseholdMonth field) an entry adds to: a loss plan's reserve
    offset, and a reversal of a reserve entry or of an offset, are reserve movements; any
    other reversal is a reversal."""
    if kind == EntryKind.REVERSAL:
        return "reserve" if reversed_kind in RESERVE_KINDS else "reversal"
    if kind == EntryKind.OFFSET:
        return "reserve"
    return kind


RESERVE_KINDS = (EntryKind.RESERVE, EntryKind.OFFSET)


def _add_to_months(entries: list[LedgerEntry]) -> None:
    reversed_kinds = dict(LedgerEntry.objects.filter(
        pk__in={e.reverses_id for e in entries if e.reverses_id}).values_list("pk", "kind"))
    deltas: dict[tuple[int, int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for entry in entries:
        delta = deltas[(entry.household_id, entry.entry_date.year, entry.entry_date.month)]
        delta[month_column(entry.kind, reversed_kinds.get(entry.reverses_id))] += to_fen(
            entry.amount)
        delta["sales_volume"] += to_fen(entry.sales_volume)
        delta["labour_volume"] += to_fen(entry.labour_volume)
    if not deltas:
        return
    existing = {
        (row.household_id, row.year, row.month): row.pk
        for row in HouseholdMonth.objects.filter(
            household_id__in={key[0] for key in deltas}, year__in={key[1] for key in deltas},
            month__in={key[2] for key in deltas}).only("pk", "household_id", "year", "month")
    }
    HouseholdMonth.objects.bulk_create([
        HouseholdMonth(household_id=household_id, year=year, month=month, **delta)
        for (household_id, year, month), delta in deltas.items()
        if (household_id, year, month) not in existing
    ])
    # The months already there are added to in one UPDATE (F + delta, never a read value).
    changed = [(pk, deltas[key]) for key, pk in existing.items() if key in deltas]
    names = sorted({name for _pk, delta in changed for name, value in delta.items() if value})
    if names:
        HouseholdMonth.objects.bulk_update([
            HouseholdMonth(pk=pk, **{name: F(name) + delta.get(name, 0) for name in names})
            for pk, delta in changed], names, batch_size=500)


def ledger_rebuild_months() -> int:
    """Add up every entry into HouseholdMonth again (after a bulk load that bypassed
    `ledger_post`). Returns the number of month rows."""
    with transaction.atomic():
        HouseholdMonth.objects.all().delete()
        rows = (LedgerEntry.objects
                .values("household_id", year=ExtractYear("entry_date"),
                        month=ExtractMonth("entry_date"))
                .annotate(**column_sums()).order_by())
        HouseholdMonth.objects.bulk_create(
            [HouseholdMonth(**{name: to_fen(fen_exact(value)) if name in COLUMN_NAMES else value
                               for name, value in row.items()}) for row in rows],
            batch_size=2000)
    return HouseholdMonth.objects.count()


def ledger_post_records(*, adapter: SourceAdapter, records: Iterable, posted_by: str) -> int:
    """Post what a batch of one source's records earned."""
    return ledger_post(drafts=adapter.drafts(list(records), charters=CharterBook()),
                       posted_by=posted_by)


def ledger_post_batches(*, adapter: SourceAdapter, batches: Iterable[Iterable],
                        posted_by: str) -> int:
    """Post many records of one source in one transaction (an imported file of on-site
    sales): each batch is drafted and posted with bulk inserts, the charters read once, so
    the queries grow with the number of batches, not of records. The same rules as
    `ledger_post`: a source already posted is skipped, closed periods take nothing."""
    charters = CharterBook()
    with transaction.atomic():
        return sum(ledger_post(drafts=adapter.drafts(list(batch), charters=charters),
                               posted_by=posted_by) for batch in batches)


def ledger_post_batches_quietly(*, adapter: SourceAdapter, batches: Iterable[Iterable],
                                posted_by: str) -> int:
    """`ledger_post_batches` for a signal receiver: a failure leaves the sender's records
    saved and is logged (all the batches posted or none); `post_ledger` posts them later."""
    try:
        with transaction.atomic():
            return ledger_post_batches(adapter=adapter, batches=batches, posted_by=posted_by)
    except Exception:
        logger.exception("Could not post %s to the ledger; post_ledger will retry.", adapter.name)
        return 0


def ledger_post_quietly(*, adapter: SourceAdapter, records: Iterable, posted_by: str) -> int:
    """For signal receivers inside another app's transaction (a payment, a refund): a posting
    that fails must not undo the payment, so it runs in a savepoint and is logged; the next
    `post_ledger` run posts it."""
    try:
        with transaction.atomic():
            return ledger_post_records(adapter=adapter, records=records, posted_by=posted_by)
    except Exception:
        logger.exception("Could not post %s to the ledger; post_ledger will retry.", adapter.name)
        return 0


def ledger_backfill(*, since: date | None = None, posted_by: str = "post_ledger",
                    batch_size: int = 500,
                    progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Post every active source's records not yet posted (dated on or after `since`), in
    batches, originals before reversals. Safe to run again: it posts only what is missing."""
    created = {}
    for adapter in active_sources():
        pending = list(adapter.postable(since).values_list("pk", flat=True))
        created[adapter.name] = 0
        for start in range(0, len(pending), batch_size):
            ids = pending[start:start + batch_size]
            created[adapter.name] += ledger_post_records(
                adapter=adapter, records=adapter.model.objects.filter(pk__in=ids),
                posted_by=posted_by)
            if progress:
                progress(adapter.name, min(start + batch_size, len(pending)), len(pending))
    return created


# Charter -------------------------------------------------------------------------------------


def charter_amend(*, user=None, **values) -> Charter:
    """A new charter version (the old ones stay as they were)."""
    with transaction.atomic():
        charter = Charter(created_by=user if user is not None and user.is_authenticated
                          else None, **values)
        try:
            charter.full_clean()
        except ValidationError as exc:
            raise EarningsError(" ".join(exc.messages)) from exc
        charter.save()
    return charter


# Year-end distribution -------------------------------------------------------------------------


def _check_year(year: int, today: date) -> None:
    if year >= today.year:
        raise EarningsError(_("%(year)s is not over yet: only a past year can be distributed.")
                            % {"year": year})
    if not LedgerEntry.objects.filter(entry_date__year=year).exists():
        raise EarningsError(_("The ledger has no entries for %(year)s.") % {"year": year})


def _year(year, today: date) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise EarningsError(_("Not a year: %(year)s") % {"year": year}) from None
    _check_year(year, today)
    return year


def _prior_losses_fen(prior_losses, year: int) -> int:
    """Typed prior losses, or (when left empty) what the previous year's approved loss plan
    carried forward."""
    if prior_losses is None or str(prior_losses).strip() == "":
        return to_fen(losses_carried_into(year=year))
    return to_fen(parse_amount(prior_losses, label=_("Prior losses")))


def distribution_plan(*, year: int, surplus, prior_losses=None, subsidies="0",
                      reserve_rate=None, patronage_share=None,
                      today: date | None = None) -> Plan:
    """The plan for a year, computed and not saved (the dry run). Prior losses left empty
    are the losses the previous year's loss plan carried forward."""
    today = today or timezone.localdate()
    year = _year(year, today)
    charter = charter_in_force(date(year, 12, 31))
    parameters = Parameters(
        year=year,
        surplus_fen=to_fen(parse_amount(surplus, label=_("Surplus"))),
        prior_losses_fen=_prior_losses_fen(prior_losses, year),
        subsidies_fen=to_fen(parse_amount(subsidies or "0", label=_("Subsidies"))),
        reserve_rate=(charter.reserve_rate if reserve_rate in (None, "")
                      else parse_rate(reserve_rate, label=_("Reserve rate"))),
        patronage_share=(charter.patronage_share if patronage_share in (None, "")
                         else parse_rate(patronage_share, label=_("Patronage share"))),
        enforce_floor=charter.enforces_floor,
        reserve_rule=charter.reserve_rule,
    )
    members = distribution_members(year=year,
                                   labour_counts=charter.labour_counts_as_volume)
    try:
        return plan_distribution(parameters, members)
    except DistributionError as exc:
        raise EarningsError(str(exc)) from exc


def loss_plan(*, year: int, surplus, prior_losses=None, reserve_offset=None,
              today: date | None = None) -> Plan:
    """A loss plan (弥补亏损), computed and not saved: no payout. For a year with a loss, the
    year's loss and the prior losses offset against the members' quantified reserve shares,
    the whole of them (as far as the reserve goes) or `reserve_offset` of them; for a year
    whose surplus does not cover the prior losses, the surplus covers what it can and
    `reserve_offset` (default nothing) of the rest is offset. The rest is carried forward,
    the next year's default prior losses."""
    today = today or timezone.localdate()
    year = _year(year, today)
    charter = charter_in_force(date(year, 12, 31))
    surplus_fen = to_fen(parse_amount(surplus, label=_("Surplus")))
    prior_losses_fen = _prior_losses_fen(prior_losses, year)
    offset_fen = None
    if reserve_offset is not None and str(reserve_offset).strip() != "":
        offset_fen = to_fen(parse_amount(reserve_offset, label=_("Offset against the reserve")))
    parameters = Parameters(
        year=year, surplus_fen=surplus_fen, prior_losses_fen=prior_losses_fen,
        reserve_rate=charter.reserve_rate, patronage_share=charter.patronage_share,
        enforce_floor=charter.enforces_floor, reserve_rule=charter.reserve_rule)
    members = distribution_members(year=year, labour_counts=charter.labour_counts_as_volume)
    try:
        return plan_loss(parameters, members, offset_fen)
    except DistributionError as exc:
        raise EarningsError(str(exc)) from exc


def loss_draft(*, year: int, surplus, prior_losses=None, reserve_offset=None,
               supersede: bool = False, user=None, today: date | None = None
               ) -> DistributionRun:
    """Save a loss plan as a draft run (a loss year, or a year whose surplus does not cover
    the prior losses); it is published, approved and posted (as reserve offsets, if any)
    exactly like a distribution plan, and superseded like one."""
    plan = loss_plan(year=year, surplus=surplus, prior_losses=prior_losses,
                     reserve_offset=reserve_offset, today=today)
    return _save_run(plan, supersede=supersede, user=user)


def distribution_draft(*, year: int, surplus, prior_losses=None, subsidies="0",
                       reserve_rate=None, patronage_share=None, supersede: bool = False,
                       user=None, today: date | None = None) -> DistributionRun:
    """Save a plan as a draft run (盈余分配方案), with its inputs and outputs."""
    plan = distribution_plan(year=year, surplus=surplus, prior_losses=prior_losses,
                             subsidies=subsidies, reserve_rate=reserve_rate,
                             patronage_share=patronage_share, today=today)
    if not plan.distributes:
        p = plan.parameters
        if p.surplus_fen >= 0 and plan.base_fen <= 0:
            raise EarningsError(_(
                "No distribution for %(year)s: its surplus (%(surplus)s) does not cover the "
                "losses carried from earlier years (%(prior)s), so nothing is paid. Draft a "
                "loss plan (弥补亏损方案) to record the %(carried)s still carried forward.")
                % {"year": p.year, "surplus": format_cny(from_fen(p.surplus_fen)),
                   "prior": format_cny(from_fen(p.prior_losses_fen)),
                   "carried": format_cny(from_fen(plan.carried_fen))})
        raise EarningsError(_(
            "No distribution for %(year)s: the surplus after prior losses is not positive "
            "(never a negative payout). For a year with a loss, draft a loss plan.")
            % {"year": plan.parameters.year})
    return _save_run(plan, supersede=supersede, user=user)


def _save_run(plan: Plan, *, supersede: bool, user) -> DistributionRun:
    charter = charter_in_force(date(plan.parameters.year, 12, 31))
    with transaction.atomic():
        approved = (DistributionRun.objects.select_for_update()
                    .filter(year=plan.parameters.year, status=RunStatus.APPROVED).first())
        if approved is not None and not supersede:
            raise EarningsError(_(
                "%(year)s already has an approved distribution; draft a superseding plan "
                "instead.") % {"year": plan.parameters.year})
        p = plan.parameters
        run = DistributionRun.objects.create(
            year=p.year, kind=RunKind.LOSS if plan.is_loss else RunKind.DISTRIBUTION,
            reserve_offset=from_fen(plan.offset_fen),
            losses_carried_forward=from_fen(plan.carried_fen),
            surplus=from_fen(p.surplus_fen),
            prior_losses=from_fen(p.prior_losses_fen), subsidies=from_fen(p.subsidies_fen),
            entity_type=charter.entity_type, reserve_rate=p.reserve_rate,
            patronage_share=p.patronage_share,
            labour_counts_as_volume=charter.labour_counts_as_volume,
            reserve_rule=p.reserve_rule, distributable_base=from_fen(plan.base_fen),
            reserve=from_fen(plan.reserve_fen), distributable=from_fen(plan.distributable_fen),
            patronage_pool=from_fen(plan.patronage_fen),
            capital_pool=from_fen(plan.capital_fen),
            member_households=len(plan.members),
            subsidy_per_member=(Decimal(plan.subsidy_per_member.numerator)
                                / plan.subsidy_per_member.denominator / 100
                                ).quantize(Decimal("0.0001")),
            floor_met=plan.floor_met, supersedes=approved,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        DistributionLine.objects.bulk_create([
            DistributionLine(
                run=run, household_id=r.member.household_id, household_code=r.member.code,
                transaction_volume=from_fen(r.member.volume_fen),
                capital_contribution=from_fen(r.member.capital_contribution_fen),
                reserve_share_before=from_fen(r.member.reserve_share_fen),
                capital_basis=(Decimal(r.capital_basis.numerator) / r.capital_basis.denominator
                               / 100).quantize(Decimal("0.0001")),
                patronage_return=from_fen(r.patronage_fen),
                capital_return=from_fen(r.capital_fen),
                reserve_quantified=from_fen(r.reserve_fen),
            )
            for r in plan.members
        ])
    return run


def _locked_run(run: DistributionRun | int) -> DistributionRun:
    return DistributionRun.objects.select_for_update().get(
        pk=run.pk if isinstance(run, DistributionRun) else run)


def distribution_publish(*, run: DistributionRun | int, user=None) -> DistributionRun:
    """Publish the draft to the members for review (art. 40: 15 days before the meeting)."""
    with transaction.atomic():
        run = _locked_run(run)
        if run.status != RunStatus.DRAFT:
            raise EarningsError(_("Only a draft can be published for review."))
        run.status = RunStatus.REVIEWED
        run.reviewed_at = timezone.now()
        run.reviewed_by = user if user is not None and user.is_authenticated else None
        run.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    return run


def distribution_approve(*, run: DistributionRun | int, user=None,
                         today: date | None = None) -> DistributionRun:
    """The general meeting approved the plan: post it to the ledger (dated today), and
    reverse the run it supersedes."""
    today = today or timezone.localdate()
    with transaction.atomic():
        run = _locked_run(run)
        if run.status != RunStatus.REVIEWED:
            raise EarningsError(_("Only a plan published to the members can be approved."))
        others = DistributionRun.objects.select_for_update().filter(
            year=run.year, status=RunStatus.APPROVED).exclude(pk=run.pk)
        if others.exclude(pk=run.supersedes_id).exists() or (
                others.exists() and run.supersedes_id is None):
            raise EarningsError(_("%(year)s already has an approved distribution.")
                                % {"year": run.year})
        posted_by = f"user:{user.get_username()}" if user is not None else "distribute_surplus"
        if run.supersedes_id:
            old = run.supersedes
            _reverse_run(old, posted_by=posted_by, today=today)
            old.status = RunStatus.SUPERSEDED
            old.save(update_fields=["status"])
        line_type = ContentType.objects.get_for_model(DistributionLine).pk
        note = (_("Loss offset %(year)s") if run.is_loss
                else _("Surplus distribution %(year)s")) % {"year": run.year}
        drafts = []
        for line in run.lines.all():
            reserve_kind = EntryKind.OFFSET if line.reserve_quantified < 0 else EntryKind.RESERVE
            for kind, amount in ((EntryKind.PATRONAGE, line.patronage_return),
                                 (EntryKind.CAPITAL, line.capital_return),
                                 (reserve_kind, line.reserve_quantified)):
                if amount:
                    drafts.append(EntryDraft(
                        household_id=line.household_id, kind=kind, amount_fen=to_fen(amount),
                        entry_date=today, source_type_id=line_type, source_id=line.pk,
                        note=note))
        ledger_post(drafts=drafts, posted_by=posted_by, late_corrections=False, today=today)
        run.status = RunStatus.APPROVED
        run.approved_at = timezone.now()
        run.approved_by = user if user is not None and user.is_authenticated else None
        run.save(update_fields=["status", "approved_at", "approved_by"])
    return run


def _reverse_run(run: DistributionRun, *, posted_by: str, today: date) -> None:
    entry_type = ContentType.objects.get_for_model(LedgerEntry).pk
    originals = LedgerEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(DistributionLine),
        source_id__in=run.lines.values("pk"))
    note = (_("Superseded loss plan %(year)s") if run.is_loss
            else _("Superseded distribution %(year)s")) % {"year": run.year}
    ledger_post(drafts=[
        EntryDraft(household_id=entry.household_id, kind=EntryKind.REVERSAL,
                   amount_fen=-to_fen(entry.amount), entry_date=today,
                   source_type_id=entry_type, source_id=entry.pk, reverses_id=entry.pk,
                   note=note)
        for entry in originals
    ], posted_by=posted_by, late_corrections=False, today=today)


def distribution_discard(*, run: DistributionRun | int) -> None:
    """Throw away a plan that was never approved."""
    with transaction.atomic():
        run = _locked_run(run)
        if run.status not in (RunStatus.DRAFT, RunStatus.REVIEWED):
            raise EarningsError(_("An approved plan is never deleted, only superseded."))
        run.delete()

