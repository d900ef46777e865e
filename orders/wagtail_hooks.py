"""The committee's order desk in the Wagtail admin: the list (filters, search, CSV/XLSX
export; only orders that need attention are flagged), each order's page with its timeline, a
button for every allowed move, payments and refunds. The action views are in orders/desk.py,
behind the orders' permission policy."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Q
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.csv import safe_cell
from core.dates import date_column
from core.money import format_cny
from orders import desk, selectors, services
from orders.forms import RecordPaymentForm, RefundForm
from orders.models import DeliveryMethod, Order, OrderStatus
from payments.models import PaymentProvider


class OrderFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("status"), choices=OrderStatus.choices
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("placed"), widget=DateRangePickerWidget
    )
    payment_provider = django_filters.ChoiceFilter(
        label=_("payment"), choices=PaymentProvider.choices
    )
    delivery_method = django_filters.ChoiceFilter(
        label=_("delivery"), choices=DeliveryMethod.choices
    )
    needs_attention = django_filters.BooleanFilter(label=_("needs attention"))

    class Meta:
        model = Order
        fields = ["status", "created_at", "payment_provider", "delivery_method",
                  "needs_attention"]


register_permission_policy(Order, desk.order_permission_policy)


class AttentionColumn(Column):
    """A badge on the orders that need attention, nothing on the others."""

    cell_template_name = "orders/desk/attention_cell.html"


class OrderInspectView(InspectView):
    template_name = "orders/desk/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = selectors.order_with_details(pk=self.object.pk)
        can_change = desk.order_permission_policy.user_has_permission(
            self.request.user, "change")
        context.update(
            order=order,
            can_change=can_change,
            moves=[(s, OrderStatus(s).label) for s in services.order_allowed_moves(order)]
            if can_change else [],
            refund_form=RefundForm(refundable=order.refundable),
            payment_form=RecordPaymentForm(initial={"amount": order.total}),
            desk=self.request.resolver_match.namespace,
        )
        return context


class OrderIndexView(IndexView):
    """The desk's list, a card per order on a phone (core's desk-cards.css); its CSV/XLSX
    export neutralises buyers' text that a spreadsheet would run as a formula
    (`=HYPERLINK(...)` as a name, #11.7)."""

    table_classname = "listing desk-cards"

    def to_row_dict(self, item):
        return {field: safe_cell(value) for field, value in super().to_row_dict(item).items()}


class OrderViewSet(ModelViewSet):
    model = Order
    name = "order_desk"
    icon = "list-ul"
    menu_label = _("Orders")
    menu_order = 150
    add_to_admin_menu = True
    # Orders reference nothing editors need to trace; indexing them costs four queries a save.
    add_to_reference_index = False
    list_display = [
        TitleColumn("number", label=_("order number"), url_name="order_desk:inspect",
                    classname="order-desk-number desk-cards__lead"),
        AttentionColumn("needs_attention", label=_("needs attention"),
                        classname="order-desk-attention desk-cards__flag"),
        Column("status", label=_("status"), accessor="get_status_display",
               classname="order-desk-status"),
        Column("total", label=_("total"), accessor=lambda o: format_cny(o.total),
               classname="order-desk-money desk-cards__end"),
        Column("buyer_name", label=_("name"), classname="order-desk-buyer desk-cards__wide"),
        Column("phone", label=_("mobile phone"), classname="desk-cards__hide"),
        Column("payment_provider", label=_("payment"), accessor="get_payment_provider_display",
               classname="desk-cards__hide"),
        Column("delivery_method", label=_("delivery"), accessor="get_delivery_method_display",
               classname="desk-cards__hide"),
        date_column(Order, "created_at", label=_("placed"),
                    classname="order-desk-date desk-cards__hide"),
    ]
    list_per_page = 50
    ordering = ["-created_at"]
    filterset_class = OrderFilterSet
    search_fields = ["number", "buyer_name", "phone"]
    search_backend_name = None
    list_export = [
        "number", "created_at", "status", "buyer_name", "phone", "email", "province", "city",
        "district", "address_detail", "delivery_method", "payment_provider", "subtotal",
        "shipping_fee", "total", "amount_paid", "amount_refunded", "paid_at", "carrier",
        "tracking_number", "needs_attention", "attention_reason",
    ]
    export_filename = "orders"
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    index_view_class = OrderIndexView
    copy_view_enabled = False
    form_fields = ["buyer_name", "phone", "email", "province", "city", "district",
                   "address_detail", "note"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("inspect/<int:pk>/move/", desk.MoveView.as_view(), name="move"),
            path("inspect/<int:pk>/refund/", desk.RefundView.as_view(), name="refund"),
            path("inspect/<int:pk>/record-payment/", desk.RecordPaymentView.as_view(),
                 name="record_payment"),
            path("inspect/<int:pk>/checked/", desk.ClearFlagView.as_view(), name="clear_flag"),
            path("inspect/<int:pk>/packing-slip/", desk.PackingSlipView.as_view(),
                 name="packing_slip"),
        ]


order_viewset = OrderViewSet()


@hooks.register("register_admin_viewset")
def register_order_desk():
    return order_viewset


@hooks.register("insert_global_admin_css")
def order_desk_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/order_desk.css"))


@hooks.register("construct_homepage_panels")
def attention_panel(request, panels):
    if not desk.order_permission_policy.user_has_permission(request.user, "view"):
        return
    counts = Order.objects.aggregate(
        attention=Count("pk", filter=Q(needs_attention=True)),
        to_ship=Count("pk", filter=Q(status__in=[OrderStatus.PAID, OrderStatus.READY])),
    )

    class OrdersPanel(Component):
        name = "orders"
        order = 90
        template_name = "orders/desk/home_panel.html"

        def get_context_data(self, parent_context=None):
            return {"counts": counts, "index_url": reverse(order_viewset.get_url_name("index"))}

    panels.append(OrdersPanel())
