"""What the admin shares across apps:

- a stylesheet that turns desk lists into cards on a phone (static/css/desk-cards.css);
- yes/no and empty values in the user's language: filters above a list, and every field of an
  inspect page (core.viewsets.ReadableValue);
- locked-out logins (django-axes): staff see who is locked out and lift a lock by deleting it
  (axes.view_accessattempt / axes.delete_accessattempt, held by the committee and the
  administrators: migration 0002). Attempts are recorded by django-axes only: nobody adds or
  edits them."""

import django_filters
from axes.models import AccessAttempt
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.active_filters import BaseFilterAdapter, register_filter_adapter_class
from wagtail.admin.ui.fields import register_display_class
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.dates import date_column
from core.viewsets import ReadableValue, yes_no


class YesNoFilterAdapter(BaseFilterAdapter):
    """An active yes/no filter above a list reads "needs attention: 是", not Wagtail's
    "needs attention: True" in every language."""

    def get_active_filters(self):
        for active in super().get_active_filters():
            yield active._replace(value=yes_no(self.value))


register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)
register_display_class(models.Field, display_class=ReadableValue)
register_display_class(models.ForeignKey, to=models.Model, display_class=ReadableValue)


class RecordedOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AccessAttempt, RecordedOnlyPolicy(AccessAttempt))


class LockedOutLoginViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = _("Locked-out logins")
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start",
                    date_column(AccessAttempt, "attempt_time")]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["username"]


@hooks.register("register_admin_viewset")
def register_locked_out_logins():
    return LockedOutLoginViewSet("locked_out_logins")


@hooks.register("insert_global_admin_css")
def desk_cards_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/desk-cards.css"))
