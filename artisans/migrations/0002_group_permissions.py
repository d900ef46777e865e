"""Permissions that do not depend on a page: the household register and its vocabularies
(Accountants keep them, the Committee reads them, Artisans never see them) and artisans'
images ("add" on the root collection: an artisan uploads, and edits only what they uploaded;
"choose" to put a picture on their page).

Page permissions are given per section by `artisans.services.grant_section_permissions`."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REGISTER_MODELS = ["household", "technique", "specialty"]
REGISTER_PERMISSIONS = {
    "Accountants": ["view", "add", "change", "delete"],
    "Committee": ["view"],
}
# The committee and administrators hold every image permission already (tianxing/0004).
IMAGE_PERMISSIONS = {
    "Artisans": ["add_image", "choose_image"],
}


def grant(apps, schema_editor):
    # Model permissions are normally created after all migrations have run; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group_name, actions in REGISTER_PERMISSIONS.items():
        Group.objects.get(name=group_name).permissions.add(*Permission.objects.filter(
            content_type__app_label="artisans",
            codename__in=[f"{action}_{model}" for action in actions for model in REGISTER_MODELS],
        ))
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for group_name, codenames in IMAGE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailimages", codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group in Group.objects.filter(name__in=list(REGISTER_PERMISSIONS)):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="artisans"))
    GroupCollectionPermission.objects.filter(
        group__name__in=list(IMAGE_PERMISSIONS), permission__content_type__app_label="wagtailimages"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0001_initial"),
        ("home", "0002_groups"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
