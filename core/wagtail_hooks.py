"""Locked-out logins in the admin (django-axes): staff see who is locked out and lift a lock
by deleting it (axes.view_accessattempt / axes.delete_accessattempt, held by the committee and
the administrators: migration 0002). Attempts are recorded by django-axes only: nobody adds or
edits them."""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.dates import date_column


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
