"""The committee (and the administrators) see stored webhook events and may process one again
(the admin's "Webhook events"; superusers may anyway)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_webhookevent", "rerun_webhookevent"]
GROUPS = ["Committee", "Administrators"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("payments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="payments",
                                            codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type__app_label="payments",
                                                codename__in=CODENAMES):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_webhook_event_rerun_permission"), ("home", "0002_groups")]
    operations = [migrations.RunPython(grant, revoke)]
