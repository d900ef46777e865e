"""Page permissions the staff groups hold on the whole site (the home page and below).
Each section (artisans, shop) adds its own rules when its index page is created."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

SITE_PAGE_PERMISSIONS = {
    "Administrators": ["add_page", "change_page", "publish_page", "bypass_workflow_page",
                       "lock_page", "unlock_page"],
    "Committee": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def grant_site_permissions(home: Page) -> None:
    for group_name, codenames in SITE_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
