"""The cooperative's records in the admin: the household register and the vocabularies under
one "Cooperative" menu, the accountants' import page, and the permissions a new artisan
directory page needs."""

import django_filters
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import LogFormatter
from wagtail.snippets.views.snippets import IndexView, SnippetViewSetGroup

from artisans import services
from artisans.dashboard import ARTISANS_GROUP, ArtisanDashboardPanel, artisan_pages_for
from artisans.imports import HOUSEHOLD_EXPORT_COLUMNS, household_cell
from artisans.models import ArtisanIndexPage, ArtisanPage, Household, Specialty, Technique
from artisans.selectors import SUBMISSION_NOTE_ACTION
from artisans.views import ImportJobView, ImportView, SampleFileView
from core.csv import safe_cell
from core.viewsets import (
    BilingualNameViewSet,
    ReviewAwarePageViewSet,
    SnippetViewSet,
    YesNoColumn,
)


class HouseholdFilterSet(WagtailFilterSet):
    is_member = django_filters.BooleanFilter(label=_("cooperative member"))
    joined_after = django_filters.DateFilter(
        field_name="joined_on", lookup_expr="gte", label=_("joined on or after")
    )

    class Meta:
        model = Household
        fields = ["village_group", "is_member"]


class HouseholdIndexView(IndexView):
    """The register's listing, whose CSV/XLSX export is exactly what the import reads: the
    import's column names, 是/否 for membership, plain dates and amounts, and UTF-8 with a
    byte-order mark so that Chinese Excel opens the CSV without garbling it."""

    def get_heading(self, queryset, field):
        return field

    def to_row_dict(self, item):
        return {column: household_cell(item, column) for column in self.list_export}

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({field: safe_cell(value) for field, value in row_dict.items()})

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class HouseholdViewSet(SnippetViewSet):
    model = Household
    icon = "home"
    menu_order = 100
    list_display = ["code", "head_name", "village_group", "members",
                    YesNoColumn("is_member", label=_("cooperative member"), sort_key="is_member"),
                    "capital_contribution", "reserve_share"]
    list_per_page = 50
    filterset_class = HouseholdFilterSet
    search_fields = ["code", "head_name"]
    index_view_class = HouseholdIndexView
    list_export = HOUSEHOLD_EXPORT_COLUMNS
    export_filename = "households"
    inspect_view_enabled = True
    copy_view_enabled = False


class TechniqueViewSet(BilingualNameViewSet):
    model = Technique
    icon = "tag"
    menu_order = 200


class SpecialtyViewSet(BilingualNameViewSet):
    model = Specialty
    icon = "pick"
    menu_order = 300


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return ImportView.permission_policy.user_has_permission(request.user, "add")


class ImportViewSet(ViewSet):
    name = "artisans_import"
    menu_label = _("Import households and artisans")
    icon = "upload"
    menu_order = 400
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", ImportView.as_view(), name="index"),
            path("sample/<str:kind>.csv", SampleFileView.as_view(), name="sample"),
            path("job/<int:pk>/", ImportJobView.as_view(), name="job"),
        ]


class CooperativeViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Cooperative")
    menu_icon = "group"
    menu_order = 250
    items = (HouseholdViewSet, TechniqueViewSet, SpecialtyViewSet, ImportViewSet)


@hooks.register("register_admin_viewset")
def register_cooperative_viewsets():
    return CooperativeViewSetGroup()


@hooks.register("register_admin_viewset")
def register_artisan_page_viewset():
    return ReviewAwarePageViewSet("artisan_pages", model=ArtisanPage)


@hooks.register("after_create_page")
def make_new_artisan_directory_a_section(request, page):
    if isinstance(page.specific, ArtisanIndexPage):
        services.grant_section_permissions(page)


@hooks.register("register_log_actions")
def register_submission_note(actions):
    @actions.register_action(SUBMISSION_NOTE_ACTION)
    class SubmissionNote(LogFormatter):
        label = _("Note to the committee")

        def format_message(self, log_entry):
            return _("Note to the committee: %(note)s") % {"note": log_entry.data.get("note")}


@hooks.register("after_edit_page")
def log_submission_note(request, page):
    note = request.POST.get("submission_note", "").strip()
    if note and request.POST.get("action-submit") and page.current_workflow_state:
        services.page_log_submission_note(page=page, user=request.user, note=note)


@hooks.register("construct_homepage_panels")
def add_artisan_panel(request, panels):
    """Artisans find their page and works first thing on the dashboard."""
    if not request.user.groups.filter(name=ARTISANS_GROUP).exists():
        return
    pages = artisan_pages_for(request.user)
    if pages:
        panels.insert(0, ArtisanDashboardPanel(request, pages))


@hooks.register("insert_editor_js")
def autosave_never_races_a_submission():
    return format_html('<script src="{}"></script>', static("js/artisans-admin-autosave.js"))
