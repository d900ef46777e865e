"""The earnings desk in the admin, under one "Household earnings" menu for accountants and
administrators: the report, the distribution plans, the ledger (read only), the charter
(append-only versions) and the periods; and, on an artisan's dashboard, a link to their own
household's statement."""

from django.forms import Media
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from earnings import views
from earnings.charter import charter_in_force
from earnings.filters import LedgerEntryFilterSet
from earnings.models import Charter, LedgerEntry
from earnings.permissions import (
    AppendOnlyPermissionPolicy,
    own_household_ids,
)

register_permission_policy(LedgerEntry, views.LEDGER_POLICY)
register_permission_policy(Charter, AppendOnlyPermissionPolicy(Charter))


class PolicyMenuItem(MenuItem):
    def __init__(self, *args, policy, action="view", **kwargs):
        super().__init__(*args, **kwargs)
        self.policy, self.action = policy, action

    def is_shown(self, request):
        return self.policy.user_has_permission(request.user, self.action)


class ReportViewSet(ViewSet):
    name = "earnings_report"
    menu_label = _("Household earnings")
    icon = "table"
    menu_order = 100

    def get_menu_item(self, order=None):
        return PolicyMenuItem(self.menu_label, self.menu_url, name=self.menu_name,
                              icon_name=self.menu_icon, order=order or self.menu_order,
                              policy=views.LEDGER_POLICY)

    def get_urlpatterns(self):
        return [
            path("", views.ReportView.as_view(), name="index"),
            path("entries/", views.EntriesView.as_view(), name="entries"),
            path("statement/mine/", views.MyStatementView.as_view(), name="my_statement"),
            path("statement/<int:household>/<int:year>/", views.StatementView.as_view(),
                 name="statement"),
            path("periods/", views.PeriodsView.as_view(), name="periods"),
        ]


class DistributionViewSet(ViewSet):
    name = "earnings_distribution"
    menu_label = _("Surplus distribution")
    icon = "table"
    menu_order = 200

    def get_menu_item(self, order=None):
        return PolicyMenuItem(self.menu_label, self.menu_url, name=self.menu_name,
                              icon_name=self.menu_icon, order=order or self.menu_order,
                              policy=views.RUN_POLICY)

    def get_urlpatterns(self):
        return [
            path("", views.DistributionIndexView.as_view(), name="index"),
            path("new/", views.DistributionCreateView.as_view(), name="add"),
            path("<int:pk>/", views.DistributionDetailView.as_view(), name="detail"),
        ]


class PeriodMenuViewSet(ViewSet):
    name = "earnings_periods"
    menu_label = _("Accounting periods")
    icon = "date"
    menu_order = 500

    @property
    def menu_url(self):
        return reverse("earnings_report:periods")

    def get_menu_item(self, order=None):
        return PolicyMenuItem(self.menu_label, self.menu_url, name=self.menu_name,
                              icon_name=self.menu_icon, order=order or self.menu_order,
                              policy=views.PERIOD_POLICY)

    def get_urlpatterns(self):
        return []


class LedgerEntryViewSet(ModelViewSet):
    """The ledger, read only: no add, change or delete for anyone."""

    model = LedgerEntry
    name = "earnings_ledger"
    icon = "list-ul"
    menu_label = _("Ledger")
    menu_order = 300
    list_display = [
        DateColumn("entry_date", label=_("date")), "household", "kind", "amount",
        Column("sales_volume", label=_("sales volume")),
        Column("source_type", label=_("source type")), "posted_by",
    ]
    filterset_class = LedgerEntryFilterSet
    inspect_view_enabled = True
    inspect_view_fields = ["household", "artisan", "kind", "amount", "sales_volume",
                           "labour_volume", "entry_date", "period", "corrects_period",
                           "source_type", "source_id", "reverses", "posted_at", "posted_by",
                           "note"]
    copy_view_enabled = False
    list_per_page = 50
    form_fields = ["note"]

    def get_queryset(self, request):
        return LedgerEntry.objects.select_related("household", "source_type")


class CharterCreateView(CreateView):
    """A new version starts from the one in force."""

    def get_initial_form_instance(self):
        current = charter_in_force()
        current.pk = None
        current.note = ""
        return current

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class CharterViewSet(ModelViewSet):
    """Charter versions: added, never edited (a change is a new version)."""

    model = Charter
    name = "earnings_charter"
    icon = "doc-full"
    menu_label = _("Charter")
    menu_order = 400
    add_view_class = CharterCreateView
    form_fields = ["effective_from", "entity_type", "product_retention",
                   "commission_retention", "reserve_rate", "patronage_share",
                   "labour_counts_as_volume", "deduct_material_cost", "reserve_rule", "note"]
    list_display = ["effective_from", "entity_type", "product_retention",
                    "commission_retention", "reserve_rate", "patronage_share", "created_by",
                    DateColumn("created_at", label=_("recorded at"))]
    inspect_view_enabled = True
    copy_view_enabled = False


class EarningsViewSetGroup(ViewSetGroup):
    menu_label = _("Household earnings")
    menu_icon = "table"
    menu_order = 260
    items = (ReportViewSet, DistributionViewSet, LedgerEntryViewSet, CharterViewSet,
             PeriodMenuViewSet)


@hooks.register("register_admin_viewset")
def register_earnings_viewsets():
    return EarningsViewSetGroup()


class OwnStatementPanel(Component):
    name = "earnings_statement"
    order = 80
    template_name = "earnings/admin/home_panel.html"

    @property
    def media(self):
        return Media(css={"all": ["css/earnings-panel.css"]})

    def get_context_data(self, parent_context=None):
        return {"url": reverse("earnings_report:my_statement")}


@hooks.register("construct_homepage_panels")
def own_statement_panel(request, panels):
    """Artisans see their household's statement (and only that) from their dashboard."""
    if own_household_ids(request.user):
        panels.append(OwnStatementPanel())
