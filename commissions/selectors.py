"""Reads that span relations: the client's tracking page, the committee's list (stage counts,
overdue flags and next payment in a fixed number of queries however many commissions there
are) and one commission's whole file for the desk."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from commissions.filters import CaseFilterSet
from commissions.models import (
    Commission,
    CommissionCaseIndexPage,
    CommissionCasePage,
    CommissionEvent,
    LabourEntry,
    Milestone,
    MilestoneStatus,
    ProgressPhoto,
    Quote,
    QuoteStatus,
    Stage,
    TeamMember,
)
from commissions.services.payments import PAYABLE_TYPE
from core.pages import Listing, build_listing
from payments.models import Payment, PaymentStatus


@CommissionCaseIndexPage.listed_by
def case_listing(*, page: CommissionCaseIndexPage, request) -> Listing:
    """The live cases under the showcase, newest first, filtered by kind of work."""
    cases = (CommissionCasePage.objects.live().child_of(page).defer_streamfields()
             .select_related("cover").order_by("-year", "-first_published_at"))
    filterset = CaseFilterSet(request.GET, queryset=cases, request=request)
    return build_listing(filterset=filterset, results=filterset.qs,
                         page_number=request.GET.get("page"), per_page=page.per_page)


def current_quote(commission: Commission) -> Quote | None:
    """The latest quote the client has seen (drafts are the committee's)."""
    return (commission.quotes.exclude(status=QuoteStatus.DRAFT).prefetch_related("lines")
            .order_by("-version").first())


def desk_list(queryset: QuerySet | None = None) -> QuerySet:
    """Commissions with what the list shows, annotated so no row costs a query."""
    today = timezone.localdate()
    due = Milestone.objects.filter(commission=OuterRef("pk"), status=MilestoneStatus.DUE)
    queryset = Commission.objects.all() if queryset is None else queryset
    return queryset.annotate(
        overdue=Exists(due.filter(due_on__lt=today)),
        next_due_on=Subquery(due.order_by("due_on").values("due_on")[:1]),
    )


def stage_counts() -> dict[str, int]:
    counts = dict(Commission.objects.values_list("stage").annotate(n=Count("pk")).order_by())
    return {stage: counts.get(stage, 0) for stage in Stage.values}


def overdue_count() -> int:
    return Commission.objects.filter(Exists(Milestone.objects.filter(
        commission=OuterRef("pk"), status=MilestoneStatus.DUE,
        due_on__lt=timezone.localdate()))).count()


def tracking(*, commission: Commission) -> dict:
    quote = current_quote(commission)
    milestones = list(commission.milestones.all())
    events = [event for event in commission.events.all() if event.kind in ("stage", "payment")]
    chain = [Stage.INQUIRY, Stage.SITE_SURVEY, Stage.QUOTED, Stage.CONTRACTED,
             Stage.IN_PRODUCTION, Stage.INSTALLED, Stage.ACCEPTED, Stage.CLOSED]
    reached = {event.to_stage: event.created_at for event in events if event.to_stage}
    current_index = chain.index(commission.stage) if commission.stage in chain else -1
    steps = [{"stage": stage, "label": Stage(stage).label, "when": reached.get(stage),
              "done": index <= current_index, "current": stage == commission.stage}
             for index, stage in enumerate(chain)]
    return {
        "commission": commission,
        "quote": quote,
        "milestones": milestones,
        "steps": steps,
        "ended": commission.stage in (Stage.DECLINED, Stage.CANCELLED),
        "photos": list(commission.progress_photos.select_related("image")),
        "paid_total": sum((m.amount_paid - m.amount_refunded for m in milestones), Decimal(0)),
        "confirming_ids": set(Payment.objects.filter(
            payable_type=PAYABLE_TYPE, payable_id__in=[m.pk for m in milestones
                                                       if m.status == MilestoneStatus.DUE],
            status=PaymentStatus.PENDING, submitted_at__isnull=False,
        ).values_list("payable_id", flat=True)) if milestones else set(),
    }


def commission_file(*, pk: int) -> Commission:
    """One commission with everything the desk's page shows, in a handful of queries."""
    return (
        Commission.objects.filter(pk=pk)
        .prefetch_related(
            Prefetch("events", queryset=CommissionEvent.objects.select_related("actor")),
            Prefetch("quotes", queryset=Quote.objects.prefetch_related("lines")
                     .order_by("-version")),
            "milestones", "costs", "reference_photos",
            Prefetch("progress_photos", queryset=ProgressPhoto.objects.select_related("image")),
            Prefetch("team", queryset=TeamMember.objects.select_related("artisan__household")
                     .order_by("artisan__code")),
        )
        .get()
    )


def labour_summary(*, commission: Commission) -> list[dict]:
    """Per team member: days, points and entries (a job can have thousands of entries)."""
    rows = (LabourEntry.objects.filter(commission=commission)
            .values("artisan_id", "days", "skill_coefficient"))
    totals: dict[int, dict] = defaultdict(lambda: {"days": Decimal(0), "points": Decimal(0),
                                                   "entries": 0})
    for row in rows:
        total = totals[row["artisan_id"]]
        total["days"] += row["days"]
        total["points"] += row["days"] * row["skill_coefficient"]
        total["entries"] += 1
    return [{"member": member, **totals.get(member.artisan_id, {"days": Decimal(0),
                                                                "points": Decimal(0),
                                                                "entries": 0})}
            for member in commission.team.all()]


def costs_total(*, commission: Commission) -> Decimal:
    return commission.costs.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def reminders_due(*, on=None, days_ahead: int = 3) -> QuerySet:
    """Unpaid milestones due within `days_ahead` days (or overdue) not reminded today."""
    on = on or timezone.localdate()
    return (Milestone.objects.filter(status=MilestoneStatus.DUE,
                                     due_on__lte=on + timedelta(days=days_ahead),
                                     commission__stage__in=[Stage.CONTRACTED,
                                                            Stage.IN_PRODUCTION,
                                                            Stage.INSTALLED, Stage.ACCEPTED])
            .filter(Q(reminded_at__isnull=True) | Q(reminded_at__date__lt=on))
            .select_related("commission"))
