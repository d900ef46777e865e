"""Shop permissions of the staff groups. The committee and the accountants see works' material
costs (nobody else does); the committee keeps the vocabularies and the stock; artisans may
pick a category and materials for their works."""

from django.db import migrations

GROUPS = ["Committee", "Accountants"]
MODEL_PERMISSIONS = {
    "Committee": ["add_category", "change_category", "delete_category", "view_category",
                  "add_material", "change_material", "delete_material", "view_material",
                  "change_stockrecord", "view_stockrecord"],
    "Accountants": ["view_category", "view_material", "view_stockrecord"],
    "Artisans": ["view_category", "view_material"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("catalogue")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="catalogue", codename="view_material_cost"
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)
    for group_name, codenames in MODEL_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group:
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label="catalogue", codename__in=codenames
            ))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    codenames = {"view_material_cost"}
    for names in MODEL_PERMISSIONS.values():
        codenames.update(names)
    for permission in Permission.objects.filter(
        content_type__app_label="catalogue", codename__in=codenames
    ):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_stockrecord_units_sold"),
        ("home", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
