"""Stored webhook events in the admin (Settings → Webhook events): staff with the view
permission see the events Stripe sent that could not be applied (a PaymentIntent of no order,
a malformed object; #11.11), with their payload and error, and those with the re-run
permission process one again through the same code as `rerun_webhook_events`. Events are
written by the webhook only: nobody adds, edits or deletes them here."""

from __future__ import annotations

import json

import django_filters
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.dates import date_column
from payments.models import WebhookEvent, WebhookEventStatus
from payments.webhooks import webhook_process


class WebhookEventPolicy(ModelPermissionPolicy):
    """view and rerun (payments.rerun_webhookevent); never add, change or delete."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(
            user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(WebhookEvent, WebhookEventPolicy(WebhookEvent))

STATUS_FILTERS = {
    WebhookEventStatus.FAILING: Q(processed_at__isnull=True) & ~Q(error=""),
    WebhookEventStatus.WAITING: Q(processed_at__isnull=True, error=""),
    WebhookEventStatus.PROCESSED: Q(processed_at__isnull=False),
}


class WebhookEventFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=WebhookEventStatus.choices,
                                         method="filter_status")
    type = django_filters.CharFilter(label=_("type"), lookup_expr="startswith")

    class Meta:
        model = WebhookEvent
        fields = ["status", "type"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(STATUS_FILTERS[WebhookEventStatus(value)])


class WebhookEventInspectView(InspectView):
    template_name = "payments/admin/webhook_event_inspect.html"

    def get_field_label(self, field_name, field):
        if field_name == "status":
            return gettext("status")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if field_name == "payload":
            return format_html('<pre class="webhook-event-payload">{}</pre>', json.dumps(
                self.object.payload, indent=2, ensure_ascii=False, sort_keys=True))
        if field_name == "error":
            return format_html('<pre class="webhook-event-error">{}</pre>',
                               self.object.error or "—")
        if field_name == "status":
            return self.object.get_status_display()
        if field_name == "processed_at" and self.object.processed_at is None:
            return "—"
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_rerun"] = (self.object.processed_at is None
                                and self.permission_policy.user_has_permission(
                                    self.request.user, "rerun"))
        context["rerun_url"] = reverse("webhook_events:rerun", args=[self.object.pk])
        return context


class WebhookEventRerunView(PermissionCheckedMixin, View):
    """POST: process the event again (payments.webhooks.webhook_process, as the command)."""

    permission_policy = WebhookEventPolicy(WebhookEvent)
    permission_required = "rerun"
    http_method_names = ["post"]
    inspect_url_name = ""

    def post(self, request, pk):
        event = get_object_or_404(WebhookEvent, pk=pk)
        back = redirect(self.inspect_url_name, pk)
        if event.processed_at is not None:
            messages.info(request, gettext("This event was processed already; nothing was done."))
            return back
        try:
            webhook_process(event=event)
        except Exception as exc:  # noqa: BLE001 - kept on the row and shown to staff
            messages.error(request, gettext("Processing the event failed again: %(error)s. The "
                                       "error is kept below.") % {"error": exc})
        else:
            messages.success(request, gettext("The event was processed: the payment it reports "
                                         "is recorded."))
        return back


class WebhookEventViewSet(ModelViewSet):
    model = WebhookEvent
    icon = "warning"
    menu_label = _("Webhook events")
    add_to_settings_menu = True
    add_to_reference_index = False
    list_display = [
        TitleColumn("event_id", label=_("event"), url_name="webhook_events:inspect"),
        Column("type", label=_("type")),
        Column("status", label=_("status"), accessor="get_status_display"),
        Column("deliveries", label=_("deliveries")),
        date_column(WebhookEvent, "received_at"),
    ]
    filterset_class = WebhookEventFilterSet
    search_fields = ["event_id", "type"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = WebhookEventInspectView
    inspect_view_fields = ["event_id", "type", "status", "received_at", "deliveries",
                           "processed_at", "error", "payload"]
    form_fields = ["event_id"]

    def get_queryset(self, request):
        return WebhookEvent.objects.defer("payload")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("inspect/<int:pk>/rerun/", WebhookEventRerunView.as_view(
                inspect_url_name=self.get_url_name("inspect")), name="rerun"),
        ]


webhook_event_viewset = WebhookEventViewSet("webhook_events")


@hooks.register("register_admin_viewset")
def register_webhook_events():
    return webhook_event_viewset
