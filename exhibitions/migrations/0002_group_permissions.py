"""Who may do what with registrations and on-site sales: the committee runs the door (sees and
checks in registrations) and records sales at the stand; the accountants record and import
sales and read registrations. Nobody changes or deletes a sale: a correction is a reversal,
which is a new sale ("add").

Page permissions on the exhibitions section are given when its index page is created
(`exhibitions.services.exhibitions_section_setup`)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Committee": ["view_registration", "change_registration", "view_onsitesale",
                  "add_onsitesale"],
    "Accountants": ["view_registration", "view_onsitesale", "add_onsitesale"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in PERMISSIONS.items():
        Group.objects.get(name=group_name).permissions.add(*Permission.objects.filter(
            content_type__app_label="exhibitions", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=list(PERMISSIONS)):
        group.permissions.remove(*group.permissions.filter(
            content_type__app_label="exhibitions"))


class Migration(migrations.Migration):
    dependencies = [
        ("exhibitions", "0001_initial"),
        ("home", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
