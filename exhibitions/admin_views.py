"""The committee's and accountants' exhibition desk in the admin: recording a sale at the
stand (phone-sized form), reversing one, importing a file of sales, the per-exhibition
summary, the check-in screen at the door and the printable label sheet. Class-based views
behind model permission policies (as artisans.views does)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from artisans.imports import ImportFileError
from artisans.models import ArtisanPage
from artisans.views import MAX_IMPORT_BYTES
from catalogue.models import ProductPage
from exhibitions import selectors, services
from exhibitions.imports import OPTIONAL_SALE_COLUMNS, SALE_COLUMNS
from exhibitions.models import (
    ExhibitionPage,
    ExhibitionSession,
    OnsiteSale,
    PaymentMeans,
    Registration,
    shanghai_today,
)

sale_policy = ModelPermissionPolicy(OnsiteSale)
registration_policy = ModelPermissionPolicy(Registration)


def chinese_exhibitions():
    return (ExhibitionPage.objects.filter(locale=Locale.get_default())
            .defer_streamfields().order_by("-starts_on", "-pk"))


class DeskMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


# Sales ---------------------------------------------------------------------------------------

class SaleForm(forms.Form):
    exhibition = forms.ModelChoiceField(label=_("Exhibition"), required=False,
                                        queryset=ExhibitionPage.objects.none(),
                                        empty_label=_("Sold at the village base"))
    product = forms.ModelChoiceField(
        label=_("Work from the shop"), required=False, queryset=ProductPage.objects.all(),
        widget=AdminPageChooser(target_models=[ProductPage]),
        help_text=_("Its makers share the amount and its stock goes down by one."))
    artisan = forms.ModelChoiceField(
        label=_("Artisan"), required=False, queryset=ArtisanPage.objects.all(),
        widget=AdminPageChooser(target_models=[ArtisanPage]),
        help_text=_("For a piece not in the shop: the artisan who made it."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    amount = forms.CharField(label=_("Amount (CNY)"), max_length=30,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    payment_means = forms.ChoiceField(label=_("Means of payment"), choices=PaymentMeans.choices,
                                      initial=PaymentMeans.CASH, widget=forms.RadioSelect)
    reference = forms.CharField(label=_("Receipt reference"), max_length=60)
    sold_on = forms.DateField(label=_("Date sold"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibition"].queryset = chinese_exhibitions()
        self.fields["sold_on"].initial = shanghai_today()


class SaleCreateView(DeskMixin, FormView):
    permission_policy = sale_policy
    permission_required = "add"
    form_class = SaleForm
    template_name = "exhibitions/admin/form.html"
    page_title = _("Record a sale")
    header_icon = "tag"

    def get_initial(self):
        exhibition = self.request.GET.get("exhibition")
        return {"exhibition": exhibition} if exhibition and exhibition.isdigit() else {}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            sale = services.onsite_sale_record(
                sold_on=data["sold_on"], amount=data["amount"], reference=data["reference"],
                payment_means=data["payment_means"], product=data["product"],
                artisan=data["artisan"], exhibition=data["exhibition"],
                description=data["description"], user=self.request.user,
            )
        except services.SaleError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Sale %(reference)s recorded: %(shares)s.") % {
            "reference": sale.reference,
            "shares": "; ".join(f"{share.household.code} ¥{share.amount}"
                                for share in sale.shares.select_related("household")),
        })
        url = reverse("exhibitions_sales:add")
        if sale.exhibition_id:
            url += f"?exhibition={sale.exhibition_id}"
        return redirect(url)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class SaleReverseView(DeskMixin, FormView):
    permission_policy = sale_policy
    permission_required = "add"
    form_class = ReverseForm
    template_name = "exhibitions/admin/form.html"
    page_title = _("Reverse a sale")
    header_icon = "undo"

    def dispatch(self, request, *args, **kwargs):
        self.sale = get_object_or_404(OnsiteSale, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("The sale %(reference)s of ¥%(amount)s is kept; a reversal with "
                             "the opposite amount is added.") % {
            "reference": self.sale.reference, "amount": self.sale.amount}
        return context

    def form_valid(self, form):
        try:
            reversal = services.onsite_sale_reverse(
                sale=self.sale, user=self.request.user, reason=form.cleaned_data["reason"])
        except services.SaleError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Reversal %(reference)s recorded.")
                         % {"reference": reversal.reference})
        return redirect("exhibitions_sales:index")


class SaleImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("CSV (UTF-8 or GBK) or XLSX, with the "
                                                        "columns named in the first row."))
    dry_run = forms.BooleanField(label=_("Check only, save nothing"), required=False,
                                 initial=True)
    skip_invalid = forms.BooleanField(label=_("Save the good rows even if some rows fail"),
                                      required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class SaleImportView(DeskMixin, FormView):
    permission_policy = sale_policy
    permission_required = "add"
    form_class = SaleImportForm
    template_name = "exhibitions/admin/import.html"
    page_title = _("Import on-site sales")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(columns=",".join(SALE_COLUMNS),
                       optional_columns=",".join(OPTIONAL_SALE_COLUMNS))
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            report = services.onsite_sales_import(
                content=upload.read(), filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
                skip_invalid=form.cleaned_data["skip_invalid"], user=self.request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(
            form=form, report=report, dry_run=form.cleaned_data["dry_run"]))


# The desk: exhibitions, summary, check-in, labels --------------------------------------------

class DeskIndexView(DeskMixin, TemplateView):
    permission_policy = registration_policy
    permission_required = "view"
    template_name = "exhibitions/admin/desk.html"
    page_title = _("Exhibition desk")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = shanghai_today()
        exhibitions = chinese_exhibitions()
        context["upcoming"] = list(exhibitions.filter(ends_on__gte=today).order_by("starts_on"))
        context["past"] = list(exhibitions.filter(ends_on__lt=today)[:20])
        context["can_record_sales"] = sale_policy.user_has_permission(self.request.user, "add")
        return context


class ExhibitionMixin:
    def dispatch(self, request, *args, **kwargs):
        self.exhibition = get_object_or_404(chinese_exhibitions(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.page_title} · {self.exhibition.title}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(exhibition=self.exhibition, **kwargs)


class SummaryView(ExhibitionMixin, DeskMixin, TemplateView):
    permission_policy = registration_policy
    permission_required = "view"
    template_name = "exhibitions/admin/summary.html"
    page_title = _("Summary")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = selectors.exhibition_summary(exhibition=self.exhibition)
        return context


class CheckInView(ExhibitionMixin, DeskMixin, TemplateView):
    """At the door on a phone: choose the session, find the visitor by phone (last digits)
    or name, tap "check in"."""

    permission_policy = registration_policy
    permission_required = "change"
    template_name = "exhibitions/admin/check_in.html"
    page_title = _("Check-in")
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = list(ExhibitionSession.objects.filter(page=self.exhibition)
                        .order_by("starts_at"))
        chosen = self.request.GET.get("session", "")
        session = next((s for s in sessions if str(s.pk) == chosen), None)
        if session is None and sessions:
            upcoming = [s for s in sessions if s.ends_at >= timezone.now()]
            session = upcoming[0] if upcoming else sessions[-1]
        query = self.request.GET.get("q", "").strip()[:40]
        registrations = Registration.objects.none()
        if session is not None:
            registrations = Registration.objects.filter(session=session,
                                                        cancelled_at__isnull=True)
            if query:
                registrations = registrations.filter(Q(phone__endswith=query)
                                                     | Q(name__icontains=query))
            registrations = registrations.order_by("checked_in_at", "name")[:50]
        context.update(sessions=sessions, session=session, query=query,
                       registrations=registrations)
        return context

    def post(self, request, *args, **kwargs):
        registration_id = request.POST.get("registration", "")
        if not registration_id.isdigit() or not Registration.objects.filter(
                pk=registration_id, session__page=self.exhibition).exists():
            raise Http404
        try:
            registration = services.registration_check_in(
                registration_id=int(registration_id), user=request.user)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s checked in (%(n)d people).")
                             % {"name": registration.name, "n": registration.party_size})
        url = reverse("exhibitions_desk:check_in", args=[self.exhibition.pk])
        return redirect(f"{url}?session={request.POST.get('session', '')}")


class LabelSheetView(ExhibitionMixin, DeskMixin, TemplateView):
    """An A4 sheet of labels for the works on show (the exhibition's featured works): name in
    Chinese and English, makers, price and a QR code to the work's page."""

    permission_policy = registration_policy
    permission_required = "view"
    template_name = "exhibitions/admin/labels.html"
    page_title = _("Labels")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["labels"] = selectors.work_labels(exhibition=self.exhibition,
                                                  request=self.request)
        return context

