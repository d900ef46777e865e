"""Lifting a login lock-out (Settings → Locked-out logins, core.wagtail_hooks) is a
permission, not a superuser's privilege: the committee and the administrators may see the
locks (axes.view_accessattempt) and lift one (axes.delete_accessattempt)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_accessattempt", "delete_accessattempt"]
GROUPS = ["Committee", "Administrators"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="axes",
                                            codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="axes",
                                            codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("home", "0002_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
