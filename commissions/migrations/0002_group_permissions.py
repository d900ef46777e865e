"""The committee works commissions in the admin; accountants read them and settle them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMITTEE = ["view_commission", "change_commission", "settle_commission"]
PERMISSIONS = {"Committee": COMMITTEE, "Administrators": COMMITTEE,
               "Accountants": ["view_commission", "settle_commission"]}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label="commissions", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=list(PERMISSIONS)):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="commissions"))


class Migration(migrations.Migration):
    dependencies = [("commissions", "0001_initial"), ("home", "0002_groups")]
    operations = [migrations.RunPython(grant, revoke)]
