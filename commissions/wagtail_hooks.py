"""The commission desk in the admin menu: the committee's list and each commission's file,
with the action views of commissions.desk under the same viewset."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from commissions import desk, selectors
from commissions.models import Commission
from core.dates import date_column
from core.money import format_cny

register_permission_policy(Commission, desk.permission_policy)


class CommissionViewSet(ModelViewSet):
    model = Commission
    name = "commission_desk"
    url_prefix = "commissions"
    icon = "clipboard-list"
    menu_label = _("Commissions")
    menu_order = 160
    add_to_admin_menu = True
    add_to_reference_index = False
    index_view_class = desk.CommissionIndexView
    inspect_view_enabled = True
    inspect_view_class = desk.CommissionInspectView
    copy_view_enabled = False
    list_display = [
        TitleColumn("reference", label=_("commission number"), url_name="commission_desk:inspect",
                    classname="desk-cards__lead"),
        Column("display_title", label=_("title"), classname="desk-cards__wide"),
        Column("stage", label=_("stage"), accessor="get_stage_display"),
        Column("kind", label=_("kind of work"), accessor="get_kind_display",
               classname="desk-cards__hide"),
        Column("contract_price", label=_("contract price"),
               accessor=lambda c: format_cny(c.contract_price), classname="desk-cards__end"),
        desk.NextPaymentColumn("next_due_on", label=_("next payment"),
                               classname="desk-cards__wide"),
        date_column(Commission, "created_at", classname="commission-date desk-cards__hide"),
        # Only the commissions that need attention carry a mark (a ✗ on every other row read
        # as an error); the order desk does the same.
        Column("needs_attention", label=_("needs attention"),
               accessor=lambda c: _("Needs attention") if c.needs_attention else "",
               classname="desk-cards__flag"),
    ]
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    filterset_class = desk.CommissionFilterSet
    search_fields = ["reference", "title", "organisation", "contact_name", "phone"]
    search_backend_name = None
    list_export = ["reference", "created_at", "stage", "title", "client_type", "organisation",
                   "contact_name", "phone", "email", "district", "address", "kind", "size",
                   "budget", "wanted_by", "contract_price", "starts_on", "ends_on"]
    export_filename = "commissions"
    form_fields = ["title", "contact_name", "phone", "email", "organisation", "district",
                   "address", "size", "description"]

    def get_urlpatterns(self):
        actions = [
            ("move", desk.MoveView), ("details", desk.DatesView),
            ("issue-quote", desk.IssueQuoteView), ("offline-payment", desk.OfflinePaymentView),
            ("refund", desk.RefundView), ("team-add", desk.TeamAddView),
            ("team-remove", desk.TeamRemoveView), ("labour-add", desk.LabourAddView),
            ("cost-add", desk.CostAddView), ("photo-add", desk.PhotoAddView),
            ("publish-case", desk.PublishCaseView), ("quote-new", desk.QuoteCreateView),
            ("milestones", desk.MilestonePlanView), ("labour-import", desk.LabourImportView),
            ("settle", desk.SettleView), ("checked", desk.CheckedView),
        ]
        return super().get_urlpatterns() + [
            path(f"inspect/<int:pk>/{slug}/", view.as_view(), name=slug.replace("-", "_"))
            for slug, view in actions
        ]


commission_viewset = CommissionViewSet()


@hooks.register("register_admin_viewset")
def register_commission_desk():
    return commission_viewset


class CommissionsPanel(Component):
    name = "commissions"
    order = 95
    template_name = "commissions/desk/home_panel.html"

    def __init__(self, counts, overdue):
        self.counts, self.overdue = counts, overdue

    def get_context_data(self, parent_context=None):
        return {"counts": self.counts, "overdue": self.overdue,
                "index_url": reverse("commission_desk:index")}


@hooks.register("construct_homepage_panels")
def commissions_panel(request, panels):
    if not desk.permission_policy.user_has_permission(request.user, "view"):
        return
    counts = selectors.stage_counts()
    panels.append(CommissionsPanel(
        {"new": counts["inquiry"], "working": counts["contracted"] + counts["in_production"]
         + counts["installed"]}, selectors.overdue_count()))
