"""The exhibitions in the admin, under one "Exhibitions" menu: the desk (summary, check-in,
labels per exhibition), registrations (listed, filtered, exported as CSV/XLSX; never edited
here) and on-site sales (recorded one by one or imported; never edited or deleted: a
correction is a reversal). New exhibition sections get the committee's workflow."""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.dates import date_column
from exhibitions import admin_views, selectors, services
from exhibitions.models import ExhibitionIndexPage, OnsiteSale, Registration


class RecordOnlyPolicy(ModelPermissionPolicy):
    """Records that are added through services and never changed or deleted in a listing."""

    frozen_actions = {"change", "delete"}

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) - self.frozen_actions)


class ViewOnlyPolicy(RecordOnlyPolicy):
    frozen_actions = {"add", "change", "delete"}


# The listings' policies (the desk's views check plain model permissions: checking in is a
# "change" of a registration, done through a service).
register_permission_policy(Registration, ViewOnlyPolicy(Registration), exact_class=True)
register_permission_policy(OnsiteSale, RecordOnlyPolicy(OnsiteSale), exact_class=True)


class RegistrationFilterSet(WagtailFilterSet):
    exhibition = django_filters.ModelChoiceFilter(
        label=_("Exhibition"), field_name="session__page",
        queryset=lambda request: admin_views.chinese_exhibitions())
    checked_in = django_filters.BooleanFilter(label=_("checked in"), field_name="checked_in_at",
                                              lookup_expr="isnull", exclude=True)
    cancelled = django_filters.BooleanFilter(label=_("cancelled"), field_name="cancelled_at",
                                             lookup_expr="isnull", exclude=True)

    class Meta:
        model = Registration
        fields: list[str] = []


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Registrations")
    menu_order = 200
    list_display = ["name", "phone", "party_size", "session",
                    date_column(Registration, "created_at"),
                    date_column(Registration, "checked_in_at"),
                    date_column(Registration, "cancelled_at")]
    list_per_page = 50
    search_fields = ["name", "phone"]
    filterset_class = RegistrationFilterSet
    list_export = ["exhibition", "session", "name", "phone", "party_size",
                   "language", "created_at", "checked_in_at", "cancelled_at"]
    export_headings = {"exhibition": _("Exhibition")}
    export_filename = "registrations"
    form_fields = ["name", "phone", "party_size"]  # the policy refuses the edit view
    inspect_view_enabled = True
    # The token is the visitor's key to their own registration page: staff never need it.
    inspect_view_fields_exclude = ["token"]
    copy_view_enabled = False
    add_to_reference_index = False

    def get_queryset(self, request):
        return Registration.objects.select_related("session", "session__page")


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.registration_policy.user_has_permission(request.user, "view")


class SaleIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if (not instance.is_reversal
                and self.permission_policy.user_has_permission(self.request.user, "add")):
            buttons.append(ListingButton(_("Reverse"), reverse("exhibitions_sales:reverse",
                                                               args=[instance.pk]),
                                         icon_name="undo", priority=50))
        return buttons


class SaleFilterSet(WagtailFilterSet):
    exhibition = django_filters.ModelChoiceFilter(
        label=_("Exhibition"), queryset=lambda request: admin_views.chinese_exhibitions())
    sold_on = django_filters.DateFromToRangeFilter(label=_("date sold"),
                                                   widget=DateRangePickerWidget)

    class Meta:
        model = OnsiteSale
        fields = ["payment_means"]


class SaleViewSet(ModelViewSet):
    model = OnsiteSale
    icon = "tag"
    menu_label = _("On-site sales")
    menu_order = 300
    list_display = ["reference", date_column(OnsiteSale, "sold_on"), "amount", "payment_means",
                    "exhibition", "product", "description", "recorded_by"]
    list_per_page = 50
    search_fields = ["reference", "description"]
    filterset_class = SaleFilterSet
    list_export = ["reference", "sold_on", "amount", "payment_means", "exhibition", "product",
                   "description", "recorded_by", "recorded_at", "reversal_of"]
    export_filename = "onsite-sales"
    form_fields = ["description"]  # the policy refuses the edit view
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    inspect_view_fields = ["reference", "sold_on", "amount", "payment_means", "exhibition",
                           "product", "description", "recorded_by", "recorded_at",
                           "reversal_of"]

    def get_queryset(self, request):
        return OnsiteSale.objects.select_related("exhibition", "product", "recorded_by")

    index_view_class = SaleIndexView

    @cached_property
    def add_view(self):
        return admin_views.SaleCreateView.as_view()

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", admin_views.SaleImportView.as_view(), name="import"),
            path("reverse/<int:pk>/", admin_views.SaleReverseView.as_view(), name="reverse"),
        ]


class DeskViewSet(ViewSet):
    name = "exhibitions_desk"
    menu_label = _("Exhibition desk")
    icon = "date"
    menu_order = 100

    def get_urlpatterns(self):
        return [
            path("", admin_views.DeskIndexView.as_view(), name="index"),
            path("<int:pk>/summary/", admin_views.SummaryView.as_view(), name="summary"),
            path("<int:pk>/check-in/", admin_views.CheckInView.as_view(), name="check_in"),
            path("<int:pk>/labels/", admin_views.LabelSheetView.as_view(), name="labels"),
        ]

    menu_item_class = DeskMenuItem


class ExhibitionsViewSetGroup(ViewSetGroup):
    menu_label = _("Exhibitions")
    menu_icon = "date"
    menu_order = 260
    items = (
        DeskViewSet,
        RegistrationViewSet(name="exhibitions_registrations"),
        SaleViewSet(name="exhibitions_sales"),
    )


@hooks.register("register_admin_viewset")
def register_exhibitions_viewsets():
    return ExhibitionsViewSetGroup()


@hooks.register("after_create_page")
def make_new_exhibitions_index_a_section(request, page):
    if isinstance(page.specific, ExhibitionIndexPage):
        services.exhibitions_section_setup(index_page=page.specific)


def refuse_deleting_records(request, pages, back_to: str):
    """An exhibition with registrations or on-site sales is never deleted (the records would
    go with it; the database refuses): the committee is told, in its language, to unpublish
    it instead, and nothing is deleted."""
    kept = selectors.exhibitions_with_records(pages)
    if not kept:
        return None
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    titles = separator.join(f"“{page.title}”" for page in kept[:5])
    if len(kept) > 5:
        titles += "…"
    messages.error(request, ngettext(
        "%(titles)s has registrations or on-site sales and cannot be deleted: they belong to "
        "the records of visitors and of the households' earnings. Unpublish it instead.",
        "%(titles)s have registrations or on-site sales and cannot be deleted: they belong "
        "to the records of visitors and of the households' earnings. Unpublish them "
        "instead.", len(kept)) % {"titles": titles})
    return redirect(back_to)


@hooks.register("before_delete_page")
def keep_exhibitions_with_records(request, page):
    return refuse_deleting_records(
        request, [page], reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("before_bulk_action")
def keep_exhibitions_with_records_in_bulk(request, action_type, objects, action_class_instance):
    pages = [page for page in objects if isinstance(page, Page)]
    if action_type != "delete" or not pages:
        return None
    return refuse_deleting_records(
        request, pages,
        get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore_root"))
