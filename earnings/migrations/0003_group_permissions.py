"""Accountants and administrators keep the books: they read the ledger (nobody may change or
delete an entry: those permissions do not exist), amend the charter, close periods and run
the year-end distribution. Artisans get nothing here: they see their own household's
statement through their dashboard."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

BOOKKEEPING = ["view_ledgerentry", "add_charter", "view_charter", "view_period",
               "change_period", "add_distributionrun", "view_distributionrun",
               "change_distributionrun", "delete_distributionrun", "approve_distributionrun"]
PERMISSIONS = {"Accountants": BOOKKEEPING, "Administrators": BOOKKEEPING}


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
                content_type__app_label="earnings", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=list(PERMISSIONS)):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="earnings"))


class Migration(migrations.Migration):
    dependencies = [("earnings", "0002_ledger_append_only"), ("home", "0002_groups")]
    operations = [migrations.RunPython(grant, revoke)]
