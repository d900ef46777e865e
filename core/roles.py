"""Page permissions the staff groups hold on the whole site (the home page and below), and
the committee's approval workflow the sections' pages go live through. Each section
(artisans, shop) adds its own rules when its index page is created."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowTask,
)

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


COMMITTEE_WORKFLOW_NAME = "委员会审核 / Committee approval"
COMMITTEE_TASK_NAME = "委员会审核 / Committee review"


@transaction.atomic
def committee_approval_workflow() -> Workflow:
    """`committee_approval_workflow() -> Workflow`

    Get or create the Wagtail workflow "委员会审核 / Committee approval": one
    GroupApprovalTask in which any member of the Committee group approves, or rejects with a
    comment. Every section that goes live through the committee (artisans' pages, works,
    exhibitions, news) uses this one workflow. Safe to call any number of times."""
    workflow, _ = Workflow.objects.get_or_create(
        name=COMMITTEE_WORKFLOW_NAME, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=COMMITTEE_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=COMMITTEE_TASK_NAME)
    task.groups.add(Group.objects.get(name="Committee"))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow
