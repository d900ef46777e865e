"""Site-wide permissions of the staff groups. Section pages (artisans, shop) get their page
permissions when they are created; images and documents are permitted per collection."""

from django.db import migrations

MODEL_PERMISSIONS = {
    "Administrators": [
        ("auth", "user", ["add", "change", "delete", "view"]),
        ("auth", "group", ["add", "change", "delete", "view"]),
        ("wagtailcore", "site", ["add", "change", "delete"]),
        ("wagtailcore", "locale", ["add", "change", "delete"]),
        ("wagtailcore", "workflow", ["add", "change", "delete"]),
        ("wagtailcore", "task", ["add", "change", "delete"]),
        ("wagtailcore", "collection", ["add", "change", "delete"]),
        ("wagtailredirects", "redirect", ["add", "change", "delete"]),
        ("home", "cooperativesettings", ["change"]),
    ],
    "Committee": [
        ("wagtailredirects", "redirect", ["add", "change", "delete"]),
        ("home", "cooperativesettings", ["change"]),
    ],
}
COLLECTION_PERMISSIONS = {
    "Administrators": [("wagtailimages", "image"), ("wagtaildocs", "document")],
    "Committee": [("wagtailimages", "image"), ("wagtaildocs", "document")],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    for group_name, rules in MODEL_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for app_label, model, actions in rules:
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            ))
    root_collection = Collection.objects.filter(depth=1).first()
    for group_name, models in COLLECTION_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for app_label, model in models:
            for action in ["add", "change", "choose", "delete"]:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                if permission and root_collection:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_hero_work_is_a_product"),
        ("wagtailcore", "0001_initial"),
        ("wagtailimages", "0001_initial"),
        ("wagtaildocs", "0001_initial"),
        ("wagtailredirects", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
