"""The order desk's actions in the Wagtail admin, as class-based views behind the orders'
permission policy (the pattern of artisans/views.py): move an order along the pipeline,
record an offline payment, refund (asking for the amount, then confirming with the sum and
the buyer's name), mark a flagged order as checked, print a packing slip. Every change goes
through orders.services or payments.services; the views parse input and report."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from core.money import format_cny, to_fen
from orders import selectors, services
from orders.forms import ClearFlagForm, RecordPaymentForm, RefundForm, StatusMoveForm
from orders.models import Order, OrderStatus
from payments import services as payment_services
from payments.errors import PaymentError
from payments.models import PaymentProvider


class OrderPermissionPolicy(ModelPermissionPolicy):
    """Orders are made by buyers and changed through the pipeline: never added or deleted
    in the admin. "view" reads the desk; "change" works it."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


order_permission_policy = OrderPermissionPolicy(Order)


def inspect_url(order: Order) -> str:
    return reverse("order_desk:inspect", args=[order.pk])


class OrderActionView(PermissionCheckedMixin, View):
    """A POST that changes one order, then back to the order's page with a message."""

    permission_policy = order_permission_policy
    permission_required = "change"
    http_method_names = ["post"]
    form_class = None
    invalid_message = _("The form was incomplete.")

    @cached_property
    def order(self) -> Order:
        return get_object_or_404(Order, pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, self.invalid_message)
            return redirect(inspect_url(self.order))
        try:
            message = self.perform(form.cleaned_data)
        except (services.OrderError, PaymentError) as exc:
            messages.error(request, exc.message)
        else:
            if message:
                messages.success(request, message)
        return redirect(inspect_url(self.order))

    def perform(self, data) -> str:
        raise NotImplementedError


class MoveView(OrderActionView):
    form_class = StatusMoveForm

    def perform(self, data) -> str:
        services.order_set_status(order=self.order, actor=self.request.user, **data)
        return _("Order %(number)s is now “%(status)s”.") % {
            "number": self.order.number, "status": OrderStatus(data["to_status"]).label}


class RecordPaymentView(OrderActionView):
    form_class = RecordPaymentForm
    invalid_message = _("Only offline payments are recorded by hand, with an amount and a "
                        "reference.")

    def post(self, request, *args, **kwargs):
        if self.order.payment_provider != PaymentProvider.OFFLINE:
            messages.error(request, self.invalid_message)
            return redirect(inspect_url(self.order))
        return super().post(request, *args, **kwargs)

    def perform(self, data) -> str:
        payment_services.payment_record_offline(
            payable_type=Order.PAYABLE_TYPE, payable_id=self.order.pk,
            amount_fen=to_fen(data["amount"]), reference=data["reference"],
            actor=self.request.user,
        )
        order = Order.objects.get(pk=self.order.pk)
        if order.needs_attention:
            messages.warning(self.request, order.attention_reason)
            return ""
        return _("Payment recorded.")


class ClearFlagView(OrderActionView):
    form_class = ClearFlagForm

    def perform(self, data) -> str:
        services.order_clear_flag(order=self.order, actor=self.request.user, note=data["note"])
        return _("Marked as checked.")


class RefundView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Step one (the form on the order's page) names the amount and the reason; this view
    shows the sum and the buyer's name and asks to confirm; only the confirmed POST refunds."""

    permission_policy = order_permission_policy
    permission_required = "change"
    http_method_names = ["post"]
    template_name = "orders/desk/refund_confirm.html"
    page_title = _("Confirm the refund")
    header_icon = "undo"

    @cached_property
    def order(self) -> Order:
        return get_object_or_404(Order, pk=self.kwargs["pk"])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("order_desk:index"), "label": _("Orders")},
            {"url": inspect_url(self.order), "label": self.order.number},
            {"url": "", "label": self.page_title},
        ]

    def post(self, request, *args, **kwargs):
        form = RefundForm(request.POST, refundable=self.order.refundable)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(inspect_url(self.order))
        amount: Decimal = form.cleaned_data["amount"]
        if not form.cleaned_data["confirmed"]:
            return self.render_to_response(self.get_context_data(
                order=self.order, form=form, amount=amount,
                reason=form.cleaned_data["reason"], remaining=self.order.refundable - amount,
            ))
        try:
            services.order_refund(order=self.order, amount_fen=to_fen(amount),
                                  reason=form.cleaned_data["reason"], actor=request.user)
        except services.OrderError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Refunded %(amount)s to %(name)s.") % {
                "amount": format_cny(amount), "name": self.order.buyer_name})
        return redirect(inspect_url(self.order))


class PackingSlipView(PermissionCheckedMixin, TemplateView):
    permission_policy = order_permission_policy
    any_permission_required = ["view", "change"]
    template_name = "orders/desk/packing_slip.html"

    def get_context_data(self, **kwargs):
        order = get_object_or_404(Order, pk=self.kwargs["pk"])
        return {**super().get_context_data(**kwargs),
                "order": selectors.order_with_details(pk=order.pk)}
