"""Reads of the ledger: each household's earnings for a date range (one column per kind),
the summary figures, a household's entries with their sources, the member account statement,
the inputs of a year's distribution, and the home page's average household income."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from artisans.models import Household
from core.caching import HOUSEHOLD_INCOME, cached
from core.money import FEN, to_fen
from earnings.distribution import MemberInput
from earnings.models import (
    ZERO,
    DistributionLine,
    DistributionRun,
    EntryKind,
    HouseholdMonth,
    LedgerEntry,
    RunKind,
    RunStatus,
)
from earnings.sources import SOURCES

COLUMNS = ("sale", "labour", "patronage", "capital", "reversal", "total")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def fen_exact(value) -> Decimal:
    """A sum read back from the database, to the fen: SQLite keeps decimals as floating point,
    so a sum of many entries can come back as 87373.90000000010."""
    return (value or ZERO).quantize(FEN, rounding=ROUND_HALF_UP)


def _sum(condition: Q):
    return Coalesce(Sum("amount", filter=condition), Value(ZERO), output_field=MONEY)


# Reserve movements: quantified (positive), offset against a loss (negative), and reversals
# of either when a plan is superseded.
_RESERVE_KINDS = (EntryKind.RESERVE, EntryKind.OFFSET)
_RESERVE_REVERSAL = Q(kind=EntryKind.REVERSAL, reverses__kind__in=_RESERVE_KINDS)


COLUMN_NAMES = ("sale", "labour", "patronage", "capital", "reversal", "reserve",
                "sales_volume", "labour_volume")


@dataclass
class HouseholdEarnings:
    household_id: int
    code: str
    head_name: str
    village_group: int
    is_member: bool
    sale: Decimal = ZERO
    labour: Decimal = ZERO
    patronage: Decimal = ZERO
    capital: Decimal = ZERO
    reversal: Decimal = ZERO
    reserve: Decimal = ZERO
    sales_volume: Decimal = ZERO
    labour_volume: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.sale + self.labour + self.patronage + self.capital + self.reversal


def column_sums() -> dict:
    """Entries added up per report column (and the volumes), for `.annotate()`."""
    return {
        "sale": _sum(Q(kind=EntryKind.SALE)),
        "labour": _sum(Q(kind=EntryKind.LABOUR)),
        "patronage": _sum(Q(kind=EntryKind.PATRONAGE)),
        "capital": _sum(Q(kind=EntryKind.CAPITAL)),
        "reversal": _sum(Q(kind=EntryKind.REVERSAL) & ~_RESERVE_REVERSAL),
        "reserve": _sum(Q(kind__in=_RESERVE_KINDS) | _RESERVE_REVERSAL),
        "sales_volume": Coalesce(Sum("sales_volume"), Value(ZERO), output_field=MONEY),
        "labour_volume": Coalesce(Sum("labour_volume"), Value(ZERO), output_field=MONEY),
    }


def split_range(start: date, end: date) -> tuple[tuple[date, date] | None, list]:
    """(the whole months inside [start, end] as (first, last) day, or None; the leftover
    partial stretches at either end as (start, end) pairs)."""
    first_whole = start if start.day == 1 else (
        date(start.year + (start.month == 12), start.month % 12 + 1, 1))
    after_end = end + timedelta(days=1)
    last_whole = end if after_end.day == 1 else date(end.year, end.month, 1) - timedelta(days=1)
    if first_whole > last_whole:
        return None, [(start, end)]
    edges = []
    if start < first_whole:
        edges.append((start, first_whole - timedelta(days=1)))
    if last_whole < end:
        edges.append((last_whole + timedelta(days=1), end))
    return (first_whole, last_whole), edges


def _month_filter(first: date, last: date) -> Q:
    return ((Q(year__gt=first.year) | Q(year=first.year, month__gte=first.month))
            & (Q(year__lt=last.year) | Q(year=last.year, month__lte=last.month)))


HOUSEHOLD_FIELDS = ("household_id", "household__code", "household__head_name",
                    "household__village_group", "household__is_member")


def household_earnings(*, start: date, end: date, village_group: int | None = None,
                       members_only: bool | None = None,
                       household_id: int | None = None) -> list[HouseholdEarnings]:
    """Every household with an entry dated in [start, end], by code. Whole months are read
    from the monthly totals, the stretches before and after from the entries: one or two
    queries, whatever the number of entries."""
    household = Q()
    if village_group is not None:
        household &= Q(household__village_group=village_group)
    if members_only is not None:
        household &= Q(household__is_member=members_only)
    if household_id is not None:
        household &= Q(household_id=household_id)
    whole, edges = split_range(start, end)
    results = []
    if whole:
        results.append((
            HouseholdMonth.objects.filter(household, _month_filter(*whole))
            .values(*HOUSEHOLD_FIELDS)
            .annotate(**{name: Sum(name) for name in COLUMN_NAMES}), True))
    if edges:
        dates = Q()
        for first, last in edges:
            dates |= Q(entry_date__gte=first, entry_date__lte=last)
        results.append((LedgerEntry.objects.filter(household, dates)
                        .values(*HOUSEHOLD_FIELDS).annotate(**column_sums()), False))
    rows: dict[int, HouseholdEarnings] = {}
    for result, in_fen in results:
        for row in result.order_by().values_list(*HOUSEHOLD_FIELDS, *COLUMN_NAMES):
            earnings = rows.get(row[0])
            if earnings is None:
                earnings = rows[row[0]] = HouseholdEarnings(*row[:5])
            for name, value in zip(COLUMN_NAMES, row[5:], strict=True):
                amount = Decimal(value).scaleb(-2) if in_fen else fen_exact(value)
                setattr(earnings, name, getattr(earnings, name) + amount)
    return sorted(rows.values(), key=lambda row: row.code)


@dataclass(frozen=True)
class Summary:
    households: int
    total: Decimal
    average: Decimal | None
    median: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    columns: dict = field(default_factory=dict)


def summarise(rows: list[HouseholdEarnings]) -> Summary:
    totals = [row.total for row in rows]
    columns = {name: sum((getattr(row, name) for row in rows), ZERO) for name in COLUMNS}
    if not totals:
        return Summary(0, ZERO, None, None, None, None, columns)
    cent = Decimal("0.01")
    return Summary(
        households=len(totals), total=sum(totals, ZERO),
        average=(sum(totals, ZERO) / len(totals)).quantize(cent),
        median=Decimal(statistics.median(totals)).quantize(cent),
        minimum=min(totals), maximum=max(totals), columns=columns,
    )


def shift_year(day: date, years: int = -1) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class SourceRef:
    label: str
    url: str | None


def household_entries(*, household_id: int, start: date, end: date, kind: str | None = None,
                      user=None) -> list[tuple[LedgerEntry, SourceRef]]:
    """A household's entries in the range (optionally of one report column), each with what
    it came from and where to see that: one query for the entries, one per source type."""
    entries = (LedgerEntry.objects.filter(household_id=household_id, entry_date__gte=start,
                                          entry_date__lte=end)
               .select_related("artisan", "period", "corrects_period", "reverses"))
    if kind == "reversal":
        entries = entries.filter(Q(kind=kind) & ~_RESERVE_REVERSAL)
    elif kind in _RESERVE_KINDS:
        entries = entries.filter(Q(kind__in=_RESERVE_KINDS) | _RESERVE_REVERSAL)
    elif kind:
        entries = entries.filter(kind=kind)
    entries = list(entries.order_by("entry_date", "pk"))
    return list(zip(entries, source_refs(entries, user=user), strict=True))


def source_refs(entries: list[LedgerEntry], *, user=None) -> list[SourceRef]:
    by_type = defaultdict(set)
    for entry in entries:
        by_type[entry.source_type_id].add(entry.source_id)
    found: dict[tuple[int, int], SourceRef] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is DistributionLine:
            for line in DistributionLine.objects.filter(pk__in=ids).select_related("run"):
                found[(type_id, line.pk)] = SourceRef(
                    str(line.run), reverse("earnings_distribution:detail", args=[line.run_id]))
            continue
        if model is LedgerEntry:
            for entry_id in ids:
                found[(type_id, entry_id)] = SourceRef(f"#{entry_id}", None)
            continue
        adapter = next((a for a in SOURCES.values() if a.is_active() and a.model is model),
                       None)
        if adapter is None:
            continue
        for pk, (label, url) in adapter.links(ids, user=user).items():
            found[(type_id, pk)] = SourceRef(label, url)
    return [found.get((e.source_type_id, e.source_id), SourceRef(f"#{e.source_id}", None))
            for e in entries]


# Year-end distribution -------------------------------------------------------------------------


def reserve_quantified_before(*, year: int) -> dict[int, Decimal]:
    """Reserve quantified into each household's account by the approved runs of the years
    before `year`, less what loss plans offset against it (the register's reserve share is
    the balance before the ledger began)."""
    return {pk: fen_exact(total) for pk, total in
            DistributionLine.objects.filter(run__status=RunStatus.APPROVED, run__year__lt=year)
            .values_list("household_id").annotate(total=Sum("reserve_quantified"))}


def losses_carried_into(*, year: int) -> Decimal:
    """The losses the previous year's approved loss plan carried forward (the default prior
    losses of `year`'s plan)."""
    run = DistributionRun.objects.filter(year=year - 1, kind=RunKind.LOSS,
                                         status=RunStatus.APPROVED).first()
    return run.losses_carried_forward if run else ZERO


def distribution_members(*, year: int, labour_counts: bool) -> list[MemberInput]:
    """Each household that was a member at some time in `year`, with its transaction volume
    while a member (a leaver keeps the return for what it traded before leaving; a refund
    counts with the sale it reverses) and its capital basis parts. Non-members never
    appear."""
    first, last, next_first = date(year, 1, 1), date(year, 12, 31), date(year + 1, 1, 1)
    households = list(
        Household.objects.filter(Q(is_member=True) | Q(left_on__isnull=False))
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=last))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=first))
        .order_by("code")
    )
    whole_year = {pk: (sales, labour) for pk, sales, labour in
                  HouseholdMonth.objects.filter(year=year).values_list("household_id")
                  .annotate(Sum("sales_volume"), Sum("labour_volume")).order_by()}
    part_year = {h.pk for h in households
                 if (h.joined_on and h.joined_on > first) or (h.left_on and h.left_on <= last)}
    # A reversal belongs to the transaction it reverses: a sale made while a member and
    # refunded after leaving (or made before joining and refunded after) nets out with it.
    while_member = {pk: (sales, labour) for pk, sales, labour in
                    LedgerEntry.objects.filter(entry_date__gte=first, entry_date__lte=last,
                                               household__in=part_year)
                    .annotate(traded_on=Coalesce("reverses__entry_date", "entry_date"))
                    .filter(Q(household__joined_on__isnull=True)
                            | Q(traded_on__gte=F("household__joined_on")))
                    .filter(Q(household__left_on__isnull=True)
                            | Q(traded_on__lt=F("household__left_on")))
                    .values_list("household_id")
                    .annotate(Sum("sales_volume"), Sum("labour_volume")).order_by()}
    volume = {}
    for h in households:
        if h.pk in part_year:
            sales, labour = (fen_exact(v) for v in while_member.get(h.pk, (ZERO, ZERO)))
        else:
            sales, labour = (Decimal(v).scaleb(-2) for v in whole_year.get(h.pk, (0, 0)))
        volume[h.pk] = sales + (labour if labour_counts else ZERO)
    reserve_before = reserve_quantified_before(year=year)
    return [
        MemberInput(
            household_id=h.pk, code=h.code, volume_fen=to_fen(volume.get(h.pk, ZERO)),
            capital_contribution_fen=to_fen(h.capital_contribution),
            reserve_share_fen=to_fen(h.reserve_share + reserve_before.get(h.pk, ZERO)),
            member_at_year_end=h.left_on is None or h.left_on >= next_first,
        )
        for h in households
    ]


def approved_run(year: int) -> DistributionRun | None:
    return DistributionRun.objects.filter(year=year, status=RunStatus.APPROVED).first()


def run_totals(run: DistributionRun) -> dict[str, Decimal]:
    return {name: fen_exact(value) for name, value in run.lines.aggregate(
        transaction_volume=Coalesce(Sum("transaction_volume"), Value(ZERO), output_field=MONEY),
        patronage_return=Coalesce(Sum("patronage_return"), Value(ZERO), output_field=MONEY),
        capital_return=Coalesce(Sum("capital_return"), Value(ZERO), output_field=MONEY),
        reserve_quantified=Coalesce(Sum("reserve_quantified"), Value(ZERO), output_field=MONEY),
    ).items()}


# Member account statement ----------------------------------------------------------------------


@dataclass
class Statement:
    household: Household
    year: int
    earnings: HouseholdEarnings
    sales_volume: Decimal
    labour_volume: Decimal
    reserve_opening: Decimal
    reserve_quantified: Decimal
    distribution: DistributionLine | None
    entries: list

    @property
    def reserve_closing(self) -> Decimal:
        return self.reserve_opening + self.reserve_quantified

    @property
    def is_loss_year(self) -> bool:
        """The year's approved plan is a loss plan: its reserve movement is an offset."""
        return self.distribution is not None and self.distribution.run.is_loss

    @property
    def covers_prior_losses(self) -> bool:
        """The year had a surplus, all of it gone to the losses carried into the year."""
        return self.is_loss_year and self.distribution.run.covers_prior_losses

    @property
    def loss_offset(self) -> Decimal:
        """How much of the loss this household's reserve share took (a positive amount)."""
        return -self.reserve_quantified if self.is_loss_year else ZERO


def member_statement(*, household: Household, year: int, user=None) -> Statement:
    """成员账户: capital contribution, quantified reserve share, the year's transaction volume
    and income, and the returns of the year's approved distribution."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = household_earnings(start=first, end=last, household_id=household.pk)
    earnings = rows[0] if rows else HouseholdEarnings(
        household.pk, household.code, household.head_name, household.village_group,
        household.is_member)
    line = (DistributionLine.objects.filter(run__year=year, run__status=RunStatus.APPROVED,
                                            household=household).select_related("run").first())
    opening = household.reserve_share + reserve_quantified_before(year=year).get(
        household.pk, ZERO)
    return Statement(
        household=household, year=year, earnings=earnings,
        sales_volume=earnings.sales_volume, labour_volume=earnings.labour_volume,
        reserve_opening=opening,
        reserve_quantified=line.reserve_quantified if line else ZERO, distribution=line,
        entries=household_entries(household_id=household.pk, start=first, end=last,
                                  user=user),
    )


# Home page -------------------------------------------------------------------------------------


def average_member_household_income(*, year: int) -> Decimal | None:
    """Average income from the cooperative per member household that earned any in `year`
    (户均), from the ledger; cached until an entry is posted into a year that is over."""

    def build():
        # The year's monthly totals added up in the database (one aggregate; it was a row
        # per household in Python, the slowest part of a home page rendered from scratch):
        # the same figure as summarise(household_earnings(...)).average.
        figures = HouseholdMonth.objects.filter(household__is_member=True, year=year).aggregate(
            households=Count("household", distinct=True),
            total=Sum(F("sale") + F("labour") + F("patronage") + F("capital") + F("reversal")))
        if not figures["households"]:
            return ""
        total = Decimal(figures["total"] or 0).scaleb(-2)
        return str((total / figures["households"]).quantize(Decimal("0.01")))

    value = cached(HOUSEHOLD_INCOME, f"average-household-income:{year}", build)
    return Decimal(value) if value else None
