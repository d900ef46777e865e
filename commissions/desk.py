"""The committee's commission desk in the Wagtail admin: the list (counts per stage, filters,
overdue payments standing out), one commission's file (timeline, quotes, milestones, team,
labour, costs, photos, settlement) and a class-based view for every action, each behind the
commission permission policy. Every change goes through commissions.services."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from artisans.imports import ImportFileError
from commissions import selectors, services
from commissions.forms import (
    CostForm,
    JobDatesForm,
    LabourForm,
    LabourImportForm,
    MilestoneFormSet,
    MoveForm,
    OfflinePaymentForm,
    ProgressPhotoForm,
    QuoteForm,
    QuoteLineFormSet,
    RefundForm,
    TeamForm,
)
from commissions.models import (
    Commission,
    CommissionCaseIndexPage,
    Milestone,
    Quote,
    QuoteLineKind,
    Stage,
    WorkKind,
)
from core.money import format_cny, to_fen


class CommissionPermissionPolicy(ModelPermissionPolicy):
    """Commissions come from clients' requests and are changed through the pipeline: never
    added or deleted in the admin. "settle" is its own permission (committee, accountants)."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


permission_policy = CommissionPermissionPolicy(Commission)


def _year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, this_year - 6, -1)]


class CommissionFilterSet(WagtailFilterSet):
    stage = django_filters.MultipleChoiceFilter(label=_("stage"), choices=Stage.choices)
    kind = django_filters.ChoiceFilter(label=_("kind of work"), choices=WorkKind.choices)
    year = django_filters.TypedChoiceFilter(label=_("year"), field_name="created_at__year",
                                            choices=_year_choices, coerce=int)
    overdue = django_filters.BooleanFilter(label=_("payment overdue"), method="filter_overdue")
    needs_attention = django_filters.BooleanFilter(label=_("needs attention"))

    class Meta:
        model = Commission
        fields = ["stage", "kind", "year", "overdue", "needs_attention"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue=value)


class NextPaymentColumn(Column):
    cell_template_name = "commissions/desk/next_payment_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(overdue=instance.overdue, due_on=instance.next_due_on)
        return context


class CommissionIndexView(IndexView):
    template_name = "commissions/desk/index.html"
    table_classname = "listing desk-cards"  # a card per commission on a phone

    def get_base_queryset(self):
        return selectors.desk_list(super().get_base_queryset())

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context.update(stage_counts=[(stage, Stage(stage).label, count) for stage, count
                                     in selectors.stage_counts().items()],
                       overdue_count=selectors.overdue_count())
        return context


class CommissionInspectView(InspectView):
    template_name = "commissions/desk/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        commission = selectors.commission_file(pk=self.object.pk)
        user = self.request.user
        can_change = permission_policy.user_has_permission(user, "change")
        quotes = list(commission.quotes.all())
        context.update(
            commission=commission,
            can_change=can_change,
            can_settle=permission_policy.user_has_permission(user, "settle"),
            moves=[(s, Stage(s).label) for s in services.commission_allowed_moves(commission)]
            if can_change else [],
            quotes=quotes,
            draft_quote=next((q for q in quotes if q.status == "draft"), None),
            milestones=list(commission.milestones.all()),
            labour=selectors.labour_summary(commission=commission),
            recent_labour=commission.labour_entries.select_related("artisan")
            .order_by("-date", "-pk")[:20],
            costs_total=selectors.costs_total(commission=commission),
            settlement=getattr(commission, "settlement", None),
            dates_form=JobDatesForm(initial={"title": commission.title,
                                             "starts_on": commission.starts_on,
                                             "ends_on": commission.ends_on}),
            team_form=TeamForm(), labour_form=LabourForm(initial={"skill_coefficient": "1.00"}),
            cost_form=CostForm(initial={"incurred_on": timezone.localdate()}),
            photo_form=ProgressPhotoForm(),
        )
        if context["settlement"] is not None:
            context["settlement_lines"] = context["settlement"].lines.select_related(
                "household", "artisan")
        return context


def desk_url(name: str, *args) -> str:
    return reverse(f"commission_desk:{name}", args=args)


# --- actions ----------------------------------------------------------------------------


class CommissionActionView(PermissionCheckedMixin, View):
    """POST one small form about one commission, call a service, say what happened and go
    back to the commission's page."""

    permission_policy = permission_policy
    permission_required = "change"
    form_class: type[forms.Form] | None = None
    success_message = _("Saved.")

    @cached_property
    def commission(self) -> Commission:
        return get_object_or_404(Commission, pk=self.kwargs["pk"])

    def post(self, request, pk):
        form = self.form_class(request.POST, request.FILES) if self.form_class else None
        if form is not None and not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}" if label else
                               " ".join(errors))
            return redirect(self.back())
        try:
            message = self.act(form.cleaned_data if form is not None else {})
        except services.CommissionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, message or self.success_message)
        return redirect(self.back())

    def back(self) -> str:
        return desk_url("inspect", self.commission.pk)

    def act(self, data: dict):
        raise NotImplementedError


class MoveView(CommissionActionView):
    form_class = MoveForm

    def act(self, data):
        services.commission_move(commission=self.commission, to_stage=data["to_stage"],
                                 actor=self.request.user, note=data["note"])
        return _("Commission %(ref)s is now “%(stage)s”.") % {
            "ref": self.commission.reference, "stage": Stage(data["to_stage"]).label}


class DatesView(CommissionActionView):
    form_class = JobDatesForm

    def act(self, data):
        services.commission_set_details(commission=self.commission, actor=self.request.user,
                                        **data)


class IssueQuoteView(CommissionActionView):
    def act(self, data):
        quote = get_object_or_404(Quote, pk=self.request.POST.get("quote"),
                                  commission=self.commission)
        services.quote_issue(quote=quote, actor=self.request.user)
        return _("Quote v%(version)d sent to the client.") % {"version": quote.version}


class OfflinePaymentView(CommissionActionView):
    form_class = OfflinePaymentForm

    def act(self, data):
        milestone = get_object_or_404(Milestone, pk=data["milestone"],
                                      commission=self.commission)
        services.milestone_record_offline_payment(milestone=milestone,
                                                  reference=data["reference"],
                                                  actor=self.request.user)
        return _("Bank transfer recorded for “%(label)s”.") % {"label": milestone.label}


class RefundView(CommissionActionView):
    form_class = RefundForm

    def act(self, data):
        milestone = get_object_or_404(Milestone, pk=data["milestone"],
                                      commission=self.commission)
        services.milestone_refund(milestone=milestone, amount_fen=to_fen(data["amount"]),
                                  reason=data["reason"], actor=self.request.user)
        return _("Refunded %(amount)s.") % {"amount": format_cny(data["amount"])}


def _artisan(code: str):
    artisan = services.artisans_by_code([code.strip().upper()]).get(code.strip().upper())
    if artisan is None:
        raise services.CommissionError(_("No artisan has the code %(code)s.") % {"code": code})
    return artisan


class TeamAddView(CommissionActionView):
    form_class = TeamForm

    def act(self, data):
        artisan = _artisan(data["artisan_code"])
        services.team_add(commission=self.commission, artisan=artisan, role=data["role"],
                          actor=self.request.user)
        return _("%(name)s joined the team.") % {"name": artisan.title}


class TeamRemoveView(CommissionActionView):
    form_class = TeamForm

    def act(self, data):
        artisan = _artisan(data["artisan_code"])
        services.team_remove(commission=self.commission, artisan=artisan,
                             actor=self.request.user)
        return _("%(name)s left the team.") % {"name": artisan.title}


class LabourAddView(CommissionActionView):
    form_class = LabourForm

    def act(self, data):
        services.labour_add(commission=self.commission, artisan=_artisan(data["artisan_code"]),
                            date=data["date"], days=data["days"],
                            skill_coefficient=data["skill_coefficient"], task=data["task"],
                            actor=self.request.user)
        return _("Labour recorded.")


class CostAddView(CommissionActionView):
    form_class = CostForm

    def act(self, data):
        services.cost_add(commission=self.commission, actor=self.request.user, **data)
        return _("Cost recorded.")


class PhotoAddView(CommissionActionView):
    form_class = ProgressPhotoForm

    def act(self, data):
        services.progress_photo_add(commission=self.commission, image_file=data["image"],
                                    caption=data["caption"], actor=self.request.user)
        return _("Photo posted: the client sees it on the tracking page.")


class CheckedView(CommissionActionView):
    def act(self, data):
        services.commission_clear_flag(commission=self.commission, actor=self.request.user)
        return _("Marked as checked.")


class PublishCaseView(CommissionActionView):
    def act(self, data):
        index = CommissionCaseIndexPage.objects.filter(locale=Locale.get_default()).first()
        if index is None:
            raise services.CommissionError(_("Create the commission showcase page first."))
        page = services.case_page_create(commission=self.commission, index_page=index,
                                         actor=self.request.user)
        self.case_page = page
        return _("A draft case page was made: check it and publish it.")

    def back(self):
        page = getattr(self, "case_page", None)
        if page is not None:
            return reverse("wagtailadmin_pages:edit", args=[page.pk])
        return super().back()


# --- pages with forms -------------------------------------------------------------------


class CommissionFormView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    permission_policy = permission_policy
    permission_required = "change"
    header_icon = "clipboard-list"

    @cached_property
    def commission(self) -> Commission:
        return get_object_or_404(Commission, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.commission)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": desk_url("index"), "label": _("Commissions")},
            {"url": desk_url("inspect", self.commission.pk), "label": self.commission.reference},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(commission=self.commission, **kwargs)


class QuoteCreateView(CommissionFormView):
    template_name = "commissions/desk/quote_form.html"
    form_class = QuoteForm
    page_title = _("New quote version")

    def get_initial(self):
        return {"valid_until": timezone.localdate() + timedelta(days=30)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("lines", self.lines_formset())
        return context

    def lines_formset(self, data=None):
        previous = self.commission.quotes.order_by("-version").prefetch_related("lines").first()
        initial = [{"kind": line.kind, "description": line.description,
                    "quantity": line.quantity, "unit": line.unit, "unit_price": line.unit_price}
                   for line in previous.lines.all()] if previous else [
            {"kind": kind, "description": label, "quantity": 1, "unit": "", "unit_price": ""}
            for kind, label in QuoteLineKind.choices]
        return QuoteLineFormSet(data, initial=initial, prefix="lines")

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        lines = self.lines_formset(request.POST)
        if form.is_valid() and lines.is_valid():
            rows = [row for row in lines.cleaned_data if row and not row.get("DELETE")]
            try:
                quote = services.quote_create(
                    commission=self.commission, valid_until=form.cleaned_data["valid_until"],
                    note=form.cleaned_data["note"], actor=request.user,
                    lines=[services.QuoteLineInput(kind=row["kind"],
                                                   description=row["description"],
                                                   quantity=row["quantity"], unit=row["unit"],
                                                   unit_price=row["unit_price"])
                           for row in rows],
                )
            except services.CommissionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Quote v%(version)d saved as a draft: %(total)s.")
                                 % {"version": quote.version, "total": format_cny(quote.total)})
                return redirect(desk_url("inspect", self.commission.pk))
        return self.render_to_response(self.get_context_data(form=form, lines=lines),
                                       status=400)


class MilestonePlanView(CommissionFormView):
    template_name = "commissions/desk/milestones_form.html"
    form_class = forms.Form
    page_title = _("Milestone plan")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "milestones" not in context:
            existing = list(self.commission.milestones.all())
            initial = [{"label": m.label, "label_en": m.label_en, "percent": m.percent,
                        "amount": None if m.percent is not None else m.amount,
                        "due_on": m.due_on} for m in existing]
            context["milestones"] = MilestoneFormSet(initial=initial, prefix="ms")
        return context

    def post(self, request, *args, **kwargs):
        formset = MilestoneFormSet(request.POST, prefix="ms")
        error = _("Correct the milestones below.")
        if formset.is_valid():
            plan = [services.MilestoneInput(label=row["label"], label_en=row["label_en"],
                                            percent=row["percent"], amount=row["amount"],
                                            due_on=row["due_on"])
                    for row in formset.cleaned_data if row]
            try:
                services.milestones_plan(commission=self.commission, plan=plan,
                                         actor=request.user)
            except services.CommissionError as exc:
                error = exc.message
            else:
                messages.success(request, _("Milestone plan saved."))
                return redirect(desk_url("inspect", self.commission.pk))
        messages.error(request, error)
        return self.render_to_response(self.get_context_data(milestones=formset), status=400)


class LabourImportView(CommissionFormView):
    template_name = "commissions/desk/labour_import.html"
    form_class = LabourImportForm
    page_title = _("Import labour")

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=",".join(services.LABOUR_COLUMNS), **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            report = services.labour_import(content=upload.read(), filename=upload.name,
                                            dry_run=form.cleaned_data["dry_run"],
                                            actor=self.request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(
            form=form, report=report, dry_run=form.cleaned_data["dry_run"]))


class SettleView(CommissionFormView):
    template_name = "commissions/desk/settle.html"
    form_class = forms.Form
    permission_required = "settle"
    page_title = _("Settle the commission")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["plan"] = services.commission_settle(commission=self.commission,
                                                         dry_run=True)
        except services.CommissionError as exc:
            context["refusal"] = exc.message
            context["plan"] = services.settlement_compute(commission=self.commission)
        context["summary"] = context["plan"].as_dict()
        return context

    def form_valid(self, form):
        try:
            services.commission_settle(commission=self.commission, actor=self.request.user)
        except services.CommissionError as exc:
            messages.error(self.request, exc.message)
            return redirect(desk_url("settle", self.commission.pk))
        messages.success(self.request, _("Commission %(ref)s is settled and closed.")
                         % {"ref": self.commission.reference})
        return redirect(desk_url("inspect", self.commission.pk))
