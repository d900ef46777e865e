"""The committee's order desk in the Wagtail admin: the list (filters, search, CSV/XLSX
export), each order's page with its timeline, a button for every allowed move, payments
and refunds, and a printable packing slip. Every change goes through orders.services."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.money import format_cny, to_fen
from orders import selectors, services
from orders.forms import RecordPaymentForm, RefundForm, StatusMoveForm
from orders.models import DeliveryMethod, Order, OrderStatus
from payments import services as payment_services
from payments.errors import PaymentError
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


class OrderPermissionPolicy(ModelPermissionPolicy):
    """Orders are made by buyers and changed through the pipeline: never added or deleted
    in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Order, OrderPermissionPolicy(Order))


class OrderInspectView(InspectView):
    template_name = "orders/desk/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = selectors.order_with_details(pk=self.object.pk)
        can_change = self.request.user.has_perm("orders.change_order")
        context.update(
            order=order,
            can_change=can_change,
            moves=[(s, OrderStatus(s).label) for s in services.order_allowed_moves(order)]
            if can_change else [],
            refund_form=RefundForm(initial={"amount": order.refundable}),
            payment_form=RecordPaymentForm(initial={"amount": order.total}),
            desk=self.request.resolver_match.namespace,
        )
        return context


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
        TitleColumn("number", label=_("order number"), url_name="order_desk:inspect"),
        "buyer_name", "phone",
        Column("status", label=_("status"), accessor="get_status_display"),
        Column("total", label=_("total"), accessor=lambda o: format_cny(o.total)),
        Column("payment_provider", label=_("payment"), accessor="get_payment_provider_display"),
        Column("delivery_method", label=_("delivery"), accessor="get_delivery_method_display"),
        "created_at",
        BooleanColumn("needs_attention", label=_("needs attention")),
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
    copy_view_enabled = False
    form_fields = ["buyer_name", "phone", "email", "province", "city", "district",
                   "address_detail", "note"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("inspect/<int:pk>/move/", move_view, name="move"),
            path("inspect/<int:pk>/refund/", refund_view, name="refund"),
            path("inspect/<int:pk>/record-payment/", record_payment_view, name="record_payment"),
            path("inspect/<int:pk>/checked/", clear_flag_view, name="clear_flag"),
            path("inspect/<int:pk>/packing-slip/", packing_slip_view, name="packing_slip"),
        ]


order_viewset = OrderViewSet()


@hooks.register("register_admin_viewset")
def register_order_desk():
    return order_viewset


def _inspect(order) -> str:
    return reverse(order_viewset.get_url_name("inspect"), args=[order.pk])


def _changeable(request, pk) -> Order:
    if not request.user.has_perm("orders.change_order"):
        raise PermissionDenied
    return get_object_or_404(Order, pk=pk)


@require_POST
def move_view(request, pk):
    order = _changeable(request, pk)
    form = StatusMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete."))
        return redirect(_inspect(order))
    try:
        services.order_set_status(order=order, actor=request.user, **form.cleaned_data)
    except services.OrderError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Order %(number)s is now “%(status)s”.") % {
            "number": order.number, "status": OrderStatus(form.cleaned_data["to_status"]).label})
    return redirect(_inspect(order))


@require_POST
def refund_view(request, pk):
    order = _changeable(request, pk)
    form = RefundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the amount to refund, e.g. 50.00."))
        return redirect(_inspect(order))
    amount: Decimal = form.cleaned_data["amount"]
    try:
        services.order_refund(order=order, amount_fen=to_fen(amount),
                              reason=form.cleaned_data["reason"], actor=request.user)
    except services.OrderError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Refunded %(amount)s.") % {"amount": format_cny(amount)})
    return redirect(_inspect(order))


@require_POST
def record_payment_view(request, pk):
    order = _changeable(request, pk)
    form = RecordPaymentForm(request.POST)
    if order.payment_provider != PaymentProvider.OFFLINE or not form.is_valid():
        messages.error(request, _("Only offline payments are recorded by hand, with an amount "
                                  "and a reference."))
        return redirect(_inspect(order))
    try:
        payment_services.payment_record_offline(
            payable_type=Order.PAYABLE_TYPE, payable_id=order.pk,
            amount_fen=to_fen(form.cleaned_data["amount"]),
            reference=form.cleaned_data["reference"], actor=request.user,
        )
    except PaymentError as exc:
        messages.error(request, exc.message)
        return redirect(_inspect(order))
    order.refresh_from_db()
    if order.needs_attention:
        messages.warning(request, order.attention_reason)
    else:
        messages.success(request, _("Payment recorded."))
    return redirect(_inspect(order))


@require_POST
def clear_flag_view(request, pk):
    order = _changeable(request, pk)
    services.order_clear_flag(order=order, actor=request.user,
                              note=request.POST.get("note", "")[:300])
    return redirect(_inspect(order))


def packing_slip_view(request, pk):
    if not request.user.has_perm("orders.view_order") and not request.user.has_perm(
            "orders.change_order"):
        raise PermissionDenied
    order = selectors.order_with_details(pk=get_object_or_404(Order, pk=pk).pk)
    return render(request, "orders/desk/packing_slip.html", {"order": order})


@hooks.register("construct_homepage_panels")
def attention_panel(request, panels):
    if not request.user.has_perm("orders.view_order"):
        return
    from wagtail.admin.ui.components import Component

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
