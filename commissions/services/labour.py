"""The job's team, its labour (entered one by one or imported from CSV/XLSX, all or
nothing), its direct costs with receipts and the progress photos the client sees."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Locale

from artisans.imports import DATE_FORMATS, read_table, row_errors
from artisans.models import ArtisanPage
from commissions.models import (
    Commission,
    CommissionEvent,
    CostEntry,
    CostKind,
    LabourEntry,
    ProgressPhoto,
    Stage,
    TeamMember,
)
from commissions.services.base import CommissionError, lock, record_event
from core.dates import format_date
from core.money import from_fen, to_fen

LABOUR_COLUMNS = ["commission_ref", "artisan_code", "date", "days", "skill_coefficient", "task"]
WORKING_STAGES = (Stage.CONTRACTED, Stage.IN_PRODUCTION, Stage.INSTALLED, Stage.ACCEPTED)
MAX_COEFFICIENT = Decimal("3")
HALF = Decimal("0.5")


def artisans_by_code(codes) -> dict[str, ArtisanPage]:
    """Artisans by code, in the default (Chinese) tree: the English tree holds aliases with
    the same codes."""
    return {
        artisan.code.upper(): artisan
        for artisan in ArtisanPage.objects.filter(
            code__in=list(codes), locale=Locale.get_default()
        ).select_related("household")
    }


def team_add(*, commission: Commission | int, artisan: ArtisanPage, role: str = "",
             actor=None) -> TeamMember:
    with transaction.atomic():
        commission = lock(commission)
        if not commission.is_open:
            raise CommissionError(_("The team of a finished commission cannot change."))
        if commission.team.filter(artisan=artisan).exists():
            raise CommissionError(_("%(name)s is already on the team.") % {"name": artisan.title})
        member = TeamMember.objects.create(commission=commission, artisan=artisan, role=role[:60])
        record_event(commission, kind=CommissionEvent.Kind.NOTE, actor=actor,
                     note=_("%(name)s joined the team") % {"name": artisan.title})
    return member


def team_remove(*, commission: Commission | int, artisan: ArtisanPage, actor=None) -> None:
    with transaction.atomic():
        commission = lock(commission)
        if commission.labour_entries.filter(artisan=artisan).exists():
            raise CommissionError(_("%(name)s has labour on this job: they stay on the team.")
                                  % {"name": artisan.title})
        commission.team.filter(artisan=artisan).delete()
        record_event(commission, kind=CommissionEvent.Kind.NOTE, actor=actor,
                     note=_("%(name)s left the team") % {"name": artisan.title})


def _check_entry(commission: Commission, *, artisan_id: int, team_ids: set[int], day: date,
                 days: Decimal, coefficient: Decimal, already: Decimal, today: date) -> list:
    """Every rule one labour entry must keep, as messages (empty when it is fine)."""
    errors = []
    if commission.stage not in WORKING_STAGES:
        errors.append(_("Labour is recorded between the contract and the settlement."))
    if artisan_id not in team_ids:
        errors.append(_("The artisan is not on this commission's team."))
    if days <= 0 or days > 1 or (days / HALF) != (days / HALF).to_integral_value():
        errors.append(_("Days must be 0.5 or 1 (half-day steps)."))
    elif already + days > 1:
        errors.append(_("More than one day of work for this artisan on %(date)s "
                        "(%(already)s already recorded).")
                      % {"date": format_date(day), "already": already})
    if not Decimal("0") < coefficient <= MAX_COEFFICIENT or coefficient != coefficient.quantize(
            Decimal("0.01")):
        errors.append(_("The skill coefficient must be more than 0 and at most 3 (e.g. 1.2)."))
    if commission.starts_on is None:
        errors.append(_("Set the job's start date first."))
    elif day < commission.starts_on or day > (commission.ends_on or today):
        errors.append(_("%(date)s is outside the job (%(start)s to %(end)s).")
                      % {"date": format_date(day), "start": format_date(commission.starts_on),
                         "end": format_date(commission.ends_on or today)})
    return errors


def _days_already(artisan_dates) -> dict[tuple[int, date], Decimal]:
    """Days already recorded (on any job) for these (artisan, date) pairs."""
    artisan_ids = {artisan_id for artisan_id, _day in artisan_dates}
    dates = {day for _artisan, day in artisan_dates}
    if not artisan_ids:
        return {}
    rows = (LabourEntry.objects.filter(artisan_id__in=artisan_ids, date__in=dates)
            .values("artisan_id", "date").annotate(total=Sum("days")))
    return {(row["artisan_id"], row["date"]): Decimal(row["total"]) for row in rows}


def labour_add(*, commission: Commission | int, artisan: ArtisanPage, date: date,
               days: Decimal, skill_coefficient: Decimal = Decimal("1.00"), task: str = "",
               actor=None) -> LabourEntry:
    try:
        days, coefficient = Decimal(days), Decimal(skill_coefficient)
    except (InvalidOperation, TypeError) as exc:
        raise CommissionError(_("Enter the days and the skill coefficient as numbers.")) from exc
    with transaction.atomic():
        commission = lock(commission)
        team_ids = set(commission.team.values_list("artisan_id", flat=True))
        already = _days_already({(artisan.pk, date)}).get((artisan.pk, date), Decimal(0))
        errors = _check_entry(commission, artisan_id=artisan.pk, team_ids=team_ids, day=date,
                              days=days, coefficient=coefficient, already=already,
                              today=timezone.localdate())
        if errors:
            raise CommissionError(" ".join(str(error) for error in errors))
        return LabourEntry.objects.create(commission=commission, artisan=artisan, date=date,
                                          days=days, skill_coefficient=coefficient,
                                          task=task[:120], created_by=actor)


class LabourRowForm(forms.Form):
    commission_ref = forms.CharField(max_length=20)
    artisan_code = forms.CharField(max_length=20)
    date = forms.DateField(input_formats=DATE_FORMATS)
    days = forms.DecimalField(max_digits=4, decimal_places=1)
    skill_coefficient = forms.DecimalField(max_digits=4, decimal_places=2, required=False)
    task = forms.CharField(max_length=120, required=False)


@dataclass
class LabourImportReport:
    rows: int = 0
    saved: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    points_by_commission: dict[str, Decimal] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def labour_import(*, content: bytes, filename: str, dry_run: bool = False,
                  actor=None) -> LabourImportReport:
    """Labour from the accountants' file (columns commission_ref, artisan_code, date, days,
    skill_coefficient, task). Every bad row is reported; one bad row saves nothing."""
    table = read_table(content, filename, LABOUR_COLUMNS[:4])
    report = LabourImportReport(rows=len(table.rows))
    parsed = []
    for number, values in table.rows:
        form = LabourRowForm(values)
        if not form.is_valid():
            report.errors.append((number, row_errors(form)))
            continue
        data = form.cleaned_data
        parsed.append((number, data["commission_ref"].strip().upper(),
                       data["artisan_code"].strip().upper(), data["date"], data["days"],
                       data["skill_coefficient"] or Decimal("1.00"), data["task"]))
    commissions = {c.reference.upper(): c for c in Commission.objects.filter(
        reference__in={row[1] for row in parsed})}
    artisans = artisans_by_code({row[2] for row in parsed})
    teams = defaultdict(set)
    for commission_id, artisan_id in TeamMember.objects.filter(
            commission__in=commissions.values()).values_list("commission_id", "artisan_id"):
        teams[commission_id].add(artisan_id)
    already = _days_already({(artisans[row[2]].pk, row[3]) for row in parsed
                             if row[2] in artisans})
    today = timezone.localdate()
    entries = []
    for number, ref, code, day, days, coefficient, task in parsed:
        commission, artisan = commissions.get(ref), artisans.get(code)
        if commission is None or artisan is None:
            report.errors.append((number, "; ".join(
                str(message) for message in (
                    _("Unknown commission %(ref)s.") % {"ref": ref} if commission is None else "",
                    _("Unknown artisan %(code)s.") % {"code": code} if artisan is None else "",
                ) if message)))
            continue
        key = (artisan.pk, day)
        errors = _check_entry(commission, artisan_id=artisan.pk, team_ids=teams[commission.pk],
                              day=day, days=days, coefficient=coefficient,
                              already=already.get(key, Decimal(0)), today=today)
        if errors:
            report.errors.append((number, " ".join(str(error) for error in errors)))
            continue
        already[key] = already.get(key, Decimal(0)) + days
        entries.append(LabourEntry(commission=commission, artisan=artisan, date=day, days=days,
                                   skill_coefficient=coefficient, task=task[:120],
                                   created_by=actor))
        report.points_by_commission[ref] = (report.points_by_commission.get(ref, Decimal(0))
                                            + days * coefficient)
    report.errors.sort(key=lambda error: error[0])
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        LabourEntry.objects.bulk_create(entries, batch_size=1000)
        for commission in commissions.values():
            record_event(commission, kind=CommissionEvent.Kind.NOTE, actor=actor,
                         note=_("Labour imported from %(file)s") % {"file": filename[:100]})
    report.saved = len(entries)
    return report


def cost_add(*, commission: Commission | int, kind: str, description: str, amount: Decimal,
             incurred_on: date, receipt=None, actor=None) -> CostEntry:
    if kind not in CostKind.values:
        raise CommissionError(_("Choose what kind of cost this is."))
    try:
        fen = to_fen(amount)
    except (TypeError, ValueError) as exc:
        raise CommissionError(_("Enter the amount in yuan, e.g. 1280.50.")) from exc
    if fen <= 0:
        raise CommissionError(_("A cost must be more than ¥0.00."))
    with transaction.atomic():
        commission = lock(commission)
        if hasattr(commission, "settlement"):
            raise CommissionError(_("This commission is settled: its costs can no longer "
                                    "change."))
        cost = CostEntry(commission=commission, kind=kind, description=description[:200],
                         amount=from_fen(fen), incurred_on=incurred_on, created_by=actor)
        if receipt is not None:
            cost.receipt = receipt
        cost.save()
    return cost


def progress_photo_add(*, commission: Commission | int, image_file, caption: str = "",
                       actor=None) -> ProgressPhoto:
    """A photo from the site, kept as a Wagtail image so a case page can use it later."""
    with transaction.atomic():
        commission = lock(commission)
        Image = get_image_model()
        image = Image(title=f"{commission.reference} · {caption or _('progress')}"[:255],
                      file=image_file, uploaded_by_user=actor)
        image.save()
        photo = ProgressPhoto.objects.create(commission=commission, image=image,
                                             caption=caption[:200])
        record_event(commission, kind=CommissionEvent.Kind.NOTE, actor=actor,
                     note=_("Progress photo posted"))
    return photo
