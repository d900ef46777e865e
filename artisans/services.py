"""Operations that change artisans' and households' state: the committee's approval workflow,
the staff groups' permissions on a section of the site, and the accountants' imports.

Each function runs in one transaction and takes keyword-only arguments where it takes more
than the object it works on."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from artisans.imports import (
    ARTISAN_COLUMNS,
    HOUSEHOLD_COLUMNS,
    ArtisanRowForm,
    HouseholdRowForm,
    read_table,
    row_errors,
)
from artisans.models import ArtisanIndexPage, ArtisanPage, Household, Technique
from core.translation import sync_aliases

COMMITTEE_WORKFLOW_NAME = "委员会审核 / Committee approval"
COMMITTEE_TASK_NAME = "委员会审核 / Committee review"

# Page permissions per group on a section's index page (and so on every page under it).
# "add" alone lets an artisan create pages and edit only the ones they own (Wagtail's
# ownership rule); without "publish" every change goes to the committee's workflow.
SECTION_PAGE_PERMISSIONS = {
    "Artisans": ["add_page"],
    "Committee": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Administrators": [
        "add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page",
    ],
}
@transaction.atomic
def committee_approval_workflow() -> Workflow:
    """`committee_approval_workflow() -> Workflow`

    Get or create the Wagtail workflow "委员会审核 / Committee approval": one
    GroupApprovalTask in which any member of the Committee group approves, or rejects with a
    comment. Safe to call any number of times; returns the workflow."""
    workflow, _ = Workflow.objects.get_or_create(
        name=COMMITTEE_WORKFLOW_NAME, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=COMMITTEE_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=COMMITTEE_TASK_NAME)
    task.groups.add(Group.objects.get(name="Committee"))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@transaction.atomic
def grant_section_permissions(index_page: Page) -> None:
    """`grant_section_permissions(index_page: Page) -> None`

    Make `index_page` (e.g. the artisan directory or the shop) and its translations a
    section that artisans keep themselves: Artisans get "add" only (so they edit just the
    pages they own and cannot publish), Committee add/change/publish/lock/unlock,
    Administrators everything; changes under it go through `committee_approval_workflow()`.
    Idempotent. (Image and household-register permissions do not depend on a page: the
    migration artisans/0003 grants them.)"""
    workflow = committee_approval_workflow()
    pages = [index_page, *index_page.get_translations()]
    for group_name, codenames in SECTION_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            for page in pages:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})



@dataclass
class ImportReport:
    """What an import did or, on a dry run or with errors, would have done."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportAborted(Exception):
    """Raised inside the import's transaction so that nothing is kept."""


def artisan_page_create(
    *,
    index_page: ArtisanIndexPage,
    code: str,
    name: str,
    household: Household,
    techniques=(),
    specialties=(),
    years_weaving: int = 0,
    owner=None,
    english_alias: bool = True,
    **content,
) -> ArtisanPage:
    """Add a live artisan page under `index_page` and, unless the caller translates it
    itself, its English alias. Pages made in code skip the revision that a first edit in the
    admin creates: the page itself is the first version."""
    now = timezone.now()
    page = ArtisanPage(
        title=name,
        slug=code.lower(),
        code=code,
        household=household,
        years_weaving=years_weaving,
        owner=owner,
        live=True,
        first_published_at=now,
        last_published_at=now,
        **content,
    )
    page.techniques = list(techniques)
    page.specialties = list(specialties)
    index_page.add_child(instance=page)
    if english_alias:
        sync_aliases(page)
    return page


def _valid_rows(table, report: ImportReport, make_form) -> list[dict]:
    """The cleaned data of every row that passes its form and repeats no earlier code; every
    other row goes into the report with its reasons."""
    first_row_of: dict[str, int] = {}
    valid = []
    for number, values in table.rows:
        form = make_form(values)
        if not form.is_valid():
            report.errors.append((number, row_errors(form)))
            continue
        code = form.cleaned_data["code"]
        if code in first_row_of:
            report.errors.append((number, _duplicate(code, first_row_of[code])))
            continue
        first_row_of[code] = number
        valid.append(form.cleaned_data)
    return valid


def household_import(*, content: bytes, filename: str, dry_run: bool = False,
                     skip_invalid: bool = False) -> ImportReport:
    """Create or update households by code from a CSV/XLSX file (columns in
    `imports.HOUSEHOLD_COLUMNS`). All or nothing unless `skip_invalid`."""
    table = read_table(content, filename, HOUSEHOLD_COLUMNS)
    report = ImportReport()
    existing = {household.code: household for household in Household.objects.all()}
    valid = _valid_rows(table, report, HouseholdRowForm)
    return _apply(report, dry_run, skip_invalid,
                  lambda: _save_households(valid, existing, report))


def _save_households(rows, existing, report):
    for data in rows:
        code = data.pop("code")
        data["is_member"] = bool(data["is_member"])
        household = existing.get(code) or Household(code=code)
        for name, value in data.items():
            setattr(household, name, value)
        household.save()
        (report.updated if code in existing else report.created).append(code)


def artisan_import(*, content: bytes, filename: str, index_page: ArtisanIndexPage,
                   user=None, dry_run: bool = False, skip_invalid: bool = False) -> ImportReport:
    """Create or update artisan pages under `index_page` by artisan code from a CSV/XLSX file
    (columns in `imports.ARTISAN_COLUMNS`). Household codes must exist (or be in the same
    run's household import); technique names are matched on Chinese or English name or
    slug. All or nothing unless `skip_invalid`."""
    table = read_table(content, filename, ARTISAN_COLUMNS)
    report = ImportReport()
    households = {household.code: household for household in Household.objects.all()}
    techniques = {}
    for technique in Technique.objects.all():
        for key in (technique.name, technique.name_en, technique.slug):
            if key:
                techniques[key.lower()] = technique
    valid = _valid_rows(
        table, report,
        lambda values: ArtisanRowForm(values, households=households, techniques=techniques),
    )
    return _apply(report, dry_run, skip_invalid,
                  lambda: _save_artisans(valid, index_page, user, report))


def _save_artisans(rows, index_page, user, report):
    existing = {page.code: page for page in ArtisanPage.objects.child_of(index_page)}
    for data in rows:
        page = existing.get(data["code"])
        if page is None:
            artisan_page_create(
                index_page=index_page, code=data["code"], name=data["name"],
                household=data["household_code"], techniques=data["techniques"],
                years_weaving=data["years_weaving"] or 0,
            )
            report.created.append(data["code"])
            continue
        page.title = data["name"]
        page.household = data["household_code"]
        page.techniques = data["techniques"]
        if data["years_weaving"] is not None:
            page.years_weaving = data["years_weaving"]
        revision = page.save_revision(user=user, log_action=True)
        if page.live:
            revision.publish(user=user)
        report.updated.append(data["code"])


def _duplicate(code: str, first_row: int) -> str:
    return gettext("Code %(code)s appears twice in the file (first in row %(row)d).") % {
        "code": code, "row": first_row,
    }


def _apply(report: ImportReport, dry_run: bool, skip_invalid: bool, save) -> ImportReport:
    if report.errors and not skip_invalid:
        return report
    try:
        with transaction.atomic():
            save()
            if dry_run:
                raise ImportAborted
    except ImportAborted:
        return report
    report.saved = True
    return report
