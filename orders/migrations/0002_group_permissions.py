"""The committee runs the order desk (view and change orders); accountants read orders."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {"Committee": ["view_order", "change_order"], "Accountants": ["view_order"],
               "Administrators": ["view_order", "change_order"]}


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
                content_type__app_label="orders", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=list(PERMISSIONS)):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="orders"))


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial"), ("home", "0002_groups")]
    operations = [migrations.RunPython(grant, revoke)]
