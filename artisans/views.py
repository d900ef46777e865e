"""The accountants' import page in the admin: the same imports as the management commands."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from artisans import services
from artisans.imports import ARTISAN_COLUMNS, HOUSEHOLD_COLUMNS, ImportFileError
from artisans.models import ArtisanIndexPage, Household

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to import"),
        choices=[("households", _("Households")), ("artisans", _("Artisans"))],
        widget=forms.RadioSelect,
        initial="households",
    )
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8 or GBK) or XLSX, with the columns named in the "
                                     "first row.")
    )
    dry_run = forms.BooleanField(
        label=_("Check only, save nothing"), required=False, initial=True
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


class ImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    permission_policy = ModelPermissionPolicy(Household)
    permission_required = "add"
    form_class = ImportForm
    template_name = "artisans/admin/import.html"
    page_title = _("Import households and artisans")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(household_columns=",".join(HOUSEHOLD_COLUMNS),
                       artisan_columns=",".join(ARTISAN_COLUMNS),
                       action_url=reverse("artisans_import:index"))
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        options = dict(content=upload.read(), filename=upload.name,
                       dry_run=form.cleaned_data["dry_run"],
                       skip_invalid=form.cleaned_data["skip_invalid"])
        try:
            if form.cleaned_data["kind"] == "households":
                report = services.household_import(**options)
            else:
                index_page = ArtisanIndexPage.objects.filter(
                    locale=Locale.get_default()
                ).first()
                if index_page is None:
                    form.add_error(None, _("Create the artisan directory page first."))
                    return self.form_invalid(form)
                report = services.artisan_import(index_page=index_page,
                                                 user=self.request.user, **options)
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return self.render_to_response(
            self.get_context_data(form=form, report=report, dry_run=options["dry_run"])
        )
