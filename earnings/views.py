"""The accountants' earnings desk in the admin: the per-household report with its summary,
chart and drill-down, the member account statement (also an artisan's own), the periods, and
the year-end distribution plans. Views parse input, call a selector or service, render."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from artisans.models import Household
from core.money import format_cny
from earnings import exports, selectors, services
from earnings.charts import histogram_svg
from earnings.filters import EarningsReportFilterSet, last_full_year
from earnings.models import DistributionRun, EntryKind, LedgerEntry, Period, RunStatus
from earnings.permissions import (
    ReadOnlyPermissionPolicy,
    StatementPermissionPolicy,
    own_household_ids,
)

LEDGER_POLICY = ReadOnlyPermissionPolicy(LedgerEntry)
RUN_POLICY = ModelPermissionPolicy(DistributionRun)
PERIOD_POLICY = ModelPermissionPolicy(Period)
STATEMENT_POLICY = StatementPermissionPolicy()


def download(table: exports.Table, fmt: str, filename: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(exports.csv_bytes(table), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class BreadcrumbsMixin:
    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class ReportView(PermissionCheckedMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin,
                 TemplateView):
    """Each household's earnings for a date range, one column per kind, the summary with the
    previous year's, a chart, and CSV/XLSX export (?export=csv|xlsx)."""

    permission_policy = LEDGER_POLICY
    permission_required = "view"
    template_name = "earnings/admin/report.html"
    page_title = _("Household earnings")
    header_icon = "table"
    per_page = 50

    def get(self, request, *args, **kwargs):
        self.filterset = EarningsReportFilterSet(request.GET or None,
                                                 queryset=LedgerEntry.objects.none())
        if request.GET:
            self.choice = self.filterset.clean_range()
        else:
            start, end = last_full_year()
            self.choice = {"start": start, "end": end, "village_group": None,
                           "members_only": None}
        self.rows = selectors.household_earnings(**self.choice) if self.choice else []
        export = request.GET.get("export")
        if export in ("csv", "xlsx") and self.choice:
            title = f"{self.choice['start']}_{self.choice['end']}"
            return download(exports.earnings_table(self.rows, title=title), export,
                            f"household-earnings-{title}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filterset=self.filterset, choice=self.choice)
        if not self.choice:
            return context
        previous = dict(self.choice, start=selectors.shift_year(self.choice["start"]),
                        end=selectors.shift_year(self.choice["end"]))
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        page = Paginator(self.rows, self.per_page).get_page(self.request.GET.get("page"))
        context.update(rows=self.table_rows(page.object_list))
        context.update(
            summary=selectors.summarise(self.rows),
            previous_summary=selectors.summarise(selectors.household_earnings(**previous)),
            previous=previous, page_obj=page, query=query.urlencode(),
            chart=histogram_svg([row.total for row in self.rows]),
            kinds=[(key, EntryKind(key).label) for key in self.KINDS],
        )
        return context

    KINDS = ("sale", "labour", "patronage", "capital", "reversal")

    def table_rows(self, rows) -> list[dict]:
        """The page's rows with their links and formatted figures, worked out here: a page of
        a hundred rows would otherwise cost a thousand template lookups and url reversals."""
        entries = reverse("earnings_report:entries")
        start, end = self.choice["start"].isoformat(), self.choice["end"].isoformat()
        statement = reverse("earnings_report:statement", args=[0, self.choice["end"].year])
        table = []
        for row in rows:
            drill = f"{entries}?household={row.household_id}&start={start}&end={end}"
            table.append({
                "row": row,
                "cells": [(format_cny(value), f"{drill}&kind={key}" if value else "")
                          for key in self.KINDS for value in [getattr(row, key)]],
                "total": format_cny(row.total), "entries_url": drill,
                "statement_url": statement.replace("/0/", f"/{row.household_id}/", 1),
            })
        return table


class EntriesView(PermissionCheckedMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin,
                  TemplateView):
    """One household's entries behind a report figure, each linked to its source."""

    permission_policy = LEDGER_POLICY
    permission_required = "view"
    template_name = "earnings/admin/entries.html"
    header_icon = "list-ul"

    def get(self, request, *args, **kwargs):
        try:
            self.household = Household.objects.get(pk=int(request.GET.get("household", "")))
            self.start = date.fromisoformat(request.GET.get("start", ""))
            self.end = date.fromisoformat(request.GET.get("end", ""))
        except (ValueError, Household.DoesNotExist):
            raise Http404(_("Choose a household and a date range from the report.")) from None
        self.kind = request.GET.get("kind") or None
        if self.kind not in (None, *EntryKind.values):
            raise Http404(_("Unknown kind of entry."))
        self.entries = selectors.household_entries(
            household_id=self.household.pk, start=self.start, end=self.end, kind=self.kind,
            user=request.user)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            title = f"{self.household.code}_{self.start}_{self.end}"
            return download(exports.entries_table(self.entries, title=title), export,
                            f"entries-{title}")
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Entries of %(household)s") % {"household": self.household}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update(household=self.household, start=self.start, end=self.end,
                       kind=EntryKind(self.kind).label if self.kind else None,
                       entries=self.entries, query=query.urlencode(),
                       total=sum((e.amount for e, _s in self.entries), start=0))
        return context


class StatementView(PermissionCheckedMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin,
                    TemplateView):
    """The member account (成员账户) statement of one household for one year, printable."""

    permission_policy = STATEMENT_POLICY
    permission_required = "view_statement"
    template_name = "earnings/admin/statement.html"
    header_icon = "doc-full"

    def get(self, request, *args, household: int, year: int, **kwargs):
        self.household = get_object_or_404(Household, pk=household)
        if not self.user_has_permission_for_instance("view_statement", self.household):
            raise PermissionDenied
        if not 2000 <= year <= timezone.localdate().year:
            raise Http404(_("No statement for that year."))
        self.statement = selectors.member_statement(household=self.household, year=year,
                                                    user=request.user)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return download(exports.statement_table(self.statement), export,
                            f"member-account-{self.household.code}-{year}")
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Member account of %(household)s, %(year)s") % {
            "household": self.household, "year": self.statement.year}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        context.update(statement=self.statement, years=range(this_year, this_year - 6, -1),
                       bookkeeper=LEDGER_POLICY.user_has_permission(self.request.user, "view"))
        return context


class MyStatementView(PermissionCheckedMixin, View):
    """An artisan's way in: their own household's statement for the last full year."""

    permission_policy = STATEMENT_POLICY
    permission_required = "view_statement"

    def get(self, request):
        households = sorted(own_household_ids(request.user))
        if not households:
            raise PermissionDenied
        return redirect("earnings_report:statement", household=households[0],
                        year=timezone.localdate().year - 1)


class PeriodsView(PermissionCheckedMixin, BreadcrumbsMixin, WagtailAdminTemplateMixin,
                  TemplateView):
    """The last two years' months, open or closed, with a button to close an ended month."""

    permission_policy = PERIOD_POLICY
    permission_required = "view"
    template_name = "earnings/admin/periods.html"
    page_title = _("Accounting periods")
    header_icon = "date"

    def post(self, request):
        if not self.user_has_permission("change"):
            raise PermissionDenied
        try:
            year, month = (int(part) for part in request.POST.get("period", "").split("-"))
            period = services.period_close(year=year, month=month, user=request.user)
        except ValueError:
            messages.error(request, _("Choose a month to close."))
        except services.EarningsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(period)s closed.") % {"period": period})
        return redirect("earnings_report:periods")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        stored = {(p.year, p.month): p for p in
                  Period.objects.filter(year__gte=today.year - 2).select_related("closed_by")}
        months = []
        year, month = today.year, today.month
        for _i in range(24):
            months.append({"key": f"{year}-{month:02d}", "period": stored.get((year, month)),
                           "ended": (year, month) < (today.year, today.month)})
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        context.update(months=months, can_close=self.user_has_permission("change"))
        return context


# Year-end distribution ------------------------------------------------------------------------


class DistributionIndexView(PermissionCheckedMixin, BreadcrumbsMixin,
                            WagtailAdminTemplateMixin, TemplateView):
    permission_policy = RUN_POLICY
    permission_required = "view"
    template_name = "earnings/admin/distribution_index.html"
    page_title = _("Surplus distribution plans")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(runs=DistributionRun.objects.select_related("approved_by")[:50],
                       can_add=self.user_has_permission("add"))
        return context


class DistributionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    surplus = forms.CharField(label=_("The year's surplus (盈余), yuan"), max_length=20)
    prior_losses = forms.CharField(
        label=_("Losses carried from earlier years, yuan"), max_length=20, required=False,
        help_text=_("Empty: what the previous year's loss plan carried forward."))
    subsidies = forms.CharField(label=_("State subsidies and donations (quantified equally "
                                        "per member household), yuan"),
                                max_length=20, initial="0")
    reserve_rate = forms.CharField(label=_("Reserve rate"), max_length=10, required=False,
                                   help_text=_("Empty: the charter's."))
    patronage_share = forms.CharField(label=_("Share returned by transaction volume"),
                                      max_length=10, required=False,
                                      help_text=_("Empty: the charter's (at least 0.60)."))
    loss_plan = forms.BooleanField(
        label=_("Loss plan (弥补亏损方案)"), required=False,
        help_text=_("For a year with a loss, or whose surplus does not cover the losses "
                    "carried from earlier years: nobody is paid; the losses may be offset "
                    "against the members' quantified reserve shares, in proportion to each "
                    "share, and the rest is carried forward to next year's plan."))
    reserve_offset = forms.CharField(
        label=_("Part of the losses to offset against the reserve shares, yuan"),
        max_length=20, required=False,
        help_text=_("Loss plan only. Empty: as much as the reserve shares allow in a year "
                    "with a loss; nothing in a year with a surplus."))
    supersede = forms.BooleanField(label=_("Supersede the year's approved plan"),
                                   required=False)

    def clean(self):
        data = super().clean()
        if not data.get("loss_plan") and (data.get("reserve_offset") or "").strip():
            self.add_error("reserve_offset", _("Only a loss plan offsets a loss against the "
                                               "reserve shares: tick “Loss plan”."))
        return data


class DistributionCreateView(PermissionCheckedMixin, BreadcrumbsMixin,
                             WagtailAdminTemplateMixin, FormView):
    permission_policy = RUN_POLICY
    permission_required = "add"
    template_name = "earnings/admin/distribution_form.html"
    page_title = _("New surplus distribution plan")
    header_icon = "plus"
    form_class = DistributionForm

    def get_initial(self):
        return {"year": timezone.localdate().year - 1}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        common = {key: data.pop(key) for key in ("year", "surplus", "prior_losses",
                                                 "supersede")}
        try:
            if data["loss_plan"]:
                run = services.loss_draft(user=self.request.user,
                                          reserve_offset=data["reserve_offset"], **common)
            else:
                run = services.distribution_draft(
                    user=self.request.user, subsidies=data["subsidies"],
                    reserve_rate=data["reserve_rate"],
                    patronage_share=data["patronage_share"], **common)
        except services.EarningsError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Plan drafted: review it, then publish it to the "
                                         "members."))
        return redirect("earnings_distribution:detail", pk=run.pk)


class DistributionDetailView(PermissionCheckedMixin, BreadcrumbsMixin,
                             WagtailAdminTemplateMixin, TemplateView):
    """The 盈余分配表 of a plan, before and after approval, with the next step's button."""

    permission_policy = RUN_POLICY
    permission_required = "view"
    template_name = "earnings/admin/distribution_detail.html"
    header_icon = "table"
    actions = {
        "publish": ("change", services.distribution_publish, _("Published to the members.")),
        "approve": ("approve", services.distribution_approve,
                    _("Approved and posted to the ledger.")),
    }

    def dispatch(self, request, *args, pk, **kwargs):
        self.run = get_object_or_404(DistributionRun.objects.select_related(
            "created_by", "reviewed_by", "approved_by", "supersedes"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return download(exports.run_table(self.run), export,
                            f"surplus-distribution-{self.run.year}-{self.run.pk}")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "discard":
            if not self.user_has_permission("delete"):
                raise PermissionDenied
            try:
                services.distribution_discard(run=self.run)
            except services.EarningsError as exc:
                messages.error(request, str(exc))
                return redirect("earnings_distribution:detail", pk=self.run.pk)
            messages.success(request, _("Plan discarded."))
            return redirect("earnings_distribution:index")
        if action not in self.actions:
            messages.error(request, _("Unknown action."))
            return redirect("earnings_distribution:detail", pk=self.run.pk)
        permission, service, done = self.actions[action]
        if not self.user_has_permission(permission):
            raise PermissionDenied
        try:
            service(run=self.run, user=request.user)
        except services.EarningsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect("earnings_distribution:detail", pk=self.run.pk)

    def get_page_title(self):
        return _("盈余分配表 · Surplus distribution %(year)s") % {"year": self.run.year}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        context.update(
            run=run, lines=run.lines.all(), totals=selectors.run_totals(run),
            can_publish=run.status == RunStatus.DRAFT and self.user_has_permission("change"),
            can_approve=(run.status == RunStatus.REVIEWED
                         and self.user_has_permission("approve")),
            can_discard=(run.status in (RunStatus.DRAFT, RunStatus.REVIEWED)
                         and self.user_has_permission("delete")),
        )
        return context
