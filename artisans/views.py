"""The accountants' import page in the admin (the same imports as the management commands),
its sample files, and the progress page of an import running in the background; the artisan
page's editor (autosave kept out of reviews)."""

from django import forms
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from artisans import services, tasks
from artisans.imports import (
    ARTISAN_COLUMNS,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLD_EXPORT_COLUMNS,
    MAX_ROWS,
    ImportFileError,
)
from artisans.models import Household, ImportJob
from core.csv import safe_cell

MAX_IMPORT_BYTES = 5 * 1024 * 1024

# What each sample file holds: the header the import reads and two rows that pass it.
SAMPLES = {
    "households": (HOUSEHOLD_EXPORT_COLUMNS, [
        ["TX-03-017", "张建华", "3", "4", "是", "2021-03-01", "", "2000.00", "350.00",
         "13800000000", ""],
        ["TX-03-018", "刘淑芬", "3", "2", "否", "2022/5/1", "2024年1月1日", "0.00", "0.00", "",
         "已退社"],
    ]),
    "artisans": (ARTISAN_COLUMNS, [
        ["A0501", "张小梅", "TX-03-017", "草编、竹编", "12"],
        ["A0502", "刘玉兰", "TX-03-018", "活体绿雕", "5"],
    ]),
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to import"),
        choices=[("households", _("Households")), ("artisans", _("Artisans"))],
        widget=forms.RadioSelect,
        initial="households",
    )
    file = forms.FileField(
        label=_("File to import"),
        help_text=_("A .csv (UTF-8 or GBK) or .xlsx file of at most 5 MB, with the column "
                    "names below in its first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    skip_invalid = forms.BooleanField(
        label=_("Save the good rows even if some rows fail"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ImportPermissionMixin(PermissionCheckedMixin):
    permission_policy = ModelPermissionPolicy(Household)
    permission_required = "add"


class ImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    form_class = ImportForm
    template_name = "artisans/admin/import.html"
    page_title = _("Import households and artisans")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            household_columns=HOUSEHOLD_COLUMNS, household_optional=["phone", "notes"],
            artisan_columns=ARTISAN_COLUMNS, max_rows=MAX_ROWS,
            background_rows=services.BACKGROUND_IMPORT_ROWS,
            action_url=reverse("artisans_import:index"),
            sample_urls={kind: reverse("artisans_import:sample", args=[kind])
                         for kind in SAMPLES},
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        dry_run = self.request.POST.get("action") != "import"
        options = dict(kind=kind, content=upload.read(), filename=upload.name, dry_run=dry_run,
                       skip_invalid=form.cleaned_data["skip_invalid"])
        try:
            rows = services.import_row_count(content=options["content"],
                                             filename=upload.name, kind=kind)
            if rows > services.BACKGROUND_IMPORT_ROWS:
                return self.run_in_background(rows, options)
            report = services.run_import(user=self.request.user, **options)
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        report.errors.sort()
        return self.render_to_response(
            self.get_context_data(form=form, report=report, dry_run=dry_run)
        )

    def run_in_background(self, rows, options):
        job = services.import_job_create(user=self.request.user, total_rows=rows, **options)
        transaction.on_commit(lambda: tasks.import_job_run.enqueue(job_id=job.pk))
        return redirect("artisans_import:job", job.pk)


class ImportJobView(ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """An import running in the background: its progress (the page reloads itself every two
    seconds until the job ends), then its report."""

    template_name = "artisans/admin/import_job.html"
    page_title = _("Import in progress")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("artisans_import:index"), "label": ImportView.page_title},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = get_object_or_404(ImportJob, pk=self.kwargs["pk"])
        report = services.ImportReport.from_dict(job.report) if job.report else None
        if report:
            report.errors.sort()
        progress = services.import_job_progress(job)
        percent = int(100 * progress["done"] / progress["total"]) if progress["total"] else 0
        context.update(job=job, report=report, dry_run=job.dry_run, progress=progress,
                       percent=percent)
        return context


class SampleFileView(ImportPermissionMixin, View):
    """A small CSV (UTF-8 with BOM, so Excel shows the Chinese) the import accepts as it is."""

    def get(self, request, kind):
        if kind not in SAMPLES:
            raise Http404
        columns, rows = SAMPLES[kind]
        lines = [",".join(columns)] + [",".join(str(safe_cell(cell)) for cell in row)
                                       for row in rows]
        response = HttpResponse("\ufeff" + "\r\n".join(lines) + "\r\n",
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{kind}-sample.csv"'
        return response


