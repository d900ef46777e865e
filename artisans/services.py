"""Operations that change artisans' and households' state: the committee's approval workflow,
the staff groups' permissions on a section of the site, and the accountants' imports.

Each function runs in one transaction and takes keyword-only arguments where it takes more
than the object it works on."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    WorkflowPage,
)

from artisans.imports import (
    ARTISAN_COLUMNS,
    HOUSEHOLD_COLUMNS,
    ArtisanRowForm,
    HouseholdRowForm,
    ImportFileError,
    read_table,
    row_errors,
)
from artisans.models import ArtisanIndexPage, ArtisanPage, Household, ImportJob, Technique
from artisans.selectors import SUBMISSION_NOTE_ACTION
from core.roles import COMMITTEE_TASK_NAME as COMMITTEE_TASK_NAME
from core.roles import COMMITTEE_WORKFLOW_NAME as COMMITTEE_WORKFLOW_NAME
from core.roles import committee_approval_workflow
from core.translation import sync_aliases

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
    # New artisan pages are drafts waiting for the committee, never published by an import.
    submitted: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "saved": self.saved,
                "errors": [list(error) for error in self.errors], "submitted": self.submitted}

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        return cls(created=data["created"], updated=data["updated"], saved=data["saved"],
                   errors=[tuple(error) for error in data["errors"]],
                   submitted=data.get("submitted", []))


class ImportAborted(Exception):
    """Raised inside the import's transaction so that nothing is kept."""


# Errors one row's save can meet (a page that fails its own validation, a race on a unique
# code); each becomes that row's error in the report.
ROW_SAVE_ERRORS = (ValidationError, IntegrityError, ValueError)


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


@transaction.atomic
def artisan_page_submit_draft(
    *,
    index_page: ArtisanIndexPage,
    code: str,
    name: str,
    household: Household,
    techniques=(),
    years_weaving: int = 0,
    user=None,
) -> ArtisanPage:
    """Add an artisan page under `index_page` as a draft (not live) and submit its first
    revision to the committee's approval workflow: a page made by an import goes live only
    when the committee approves it, whoever ran the import."""
    page = ArtisanPage(title=name, slug=code.lower(), code=code, household=household,
                       years_weaving=years_weaving, live=False)
    page.techniques = list(techniques)
    index_page.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    committee_approval_workflow().start(page, user)
    sync_aliases(page)
    return page


def _valid_rows(table, report: ImportReport, make_form) -> list[tuple[int, dict]]:
    """The row number and cleaned data of every row that passes its form and repeats no
    earlier code; every other row goes into the report with its reasons."""
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
        valid.append((number, form.cleaned_data))
    return valid


def import_row_count(*, content: bytes, filename: str, kind: str) -> int:
    """How many rows the file holds (its header and blank rows not counted), reading no
    further than the import's row limit."""
    required = HOUSEHOLD_COLUMNS if kind == "households" else ARTISAN_COLUMNS
    return len(read_table(content, filename, required).rows)


def household_import(*, content: bytes, filename: str, dry_run: bool = False,
                     skip_invalid: bool = False, progress=None) -> ImportReport:
    """Create or update households by code from a CSV/XLSX file (columns in
    `imports.HOUSEHOLD_COLUMNS`, and `phone`, `notes` if the file has them). All or nothing
    unless `skip_invalid`. `progress(done, total)` is called as rows are saved."""
    table = read_table(content, filename, HOUSEHOLD_COLUMNS)
    report = ImportReport()
    existing = {household.code: household for household in Household.objects.all()}
    valid = _valid_rows(table, report,
                        lambda values: HouseholdRowForm(values, columns=table.columns))
    return _apply(report, dry_run, skip_invalid,
                  lambda: _save_rows(valid, report, progress,
                                     lambda data: _save_household(data, existing, report)))


def _save_household(data, existing, report):
    code = data.pop("code")
    data["is_member"] = bool(data["is_member"])
    household = existing.get(code) or Household(code=code)
    for name, value in data.items():
        setattr(household, name, value)
    household.full_clean()
    household.save()
    (report.updated if code in existing else report.created).append(code)


def artisan_import(*, content: bytes, filename: str, index_page: ArtisanIndexPage,
                   user=None, dry_run: bool = False, skip_invalid: bool = False,
                   progress=None) -> ImportReport:
    """Create or update artisan pages under `index_page` by artisan code from a CSV/XLSX file
    (columns in `imports.ARTISAN_COLUMNS`). Household codes must exist (or be in the same
    run's household import); technique names are matched on Chinese or English name or
    slug. A new artisan's page is a draft submitted to the committee's workflow; an existing
    page gets the imported name, household, techniques and years as a new revision. All or
    nothing unless `skip_invalid`."""
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

    def save():
        existing = {page.code: page for page in ArtisanPage.objects.child_of(index_page)}
        _save_rows(valid, report, progress,
                   lambda data: _save_artisan(data, existing, index_page, user, report))

    return _apply(report, dry_run, skip_invalid, save)


def _save_artisan(data, existing, index_page, user, report):
    page = existing.get(data["code"])
    if page is None:
        artisan_page_submit_draft(
            index_page=index_page, code=data["code"], name=data["name"],
            household=data["household_code"], techniques=data["techniques"],
            years_weaving=data["years_weaving"] or 0, user=user,
        )
        report.created.append(data["code"])
        report.submitted.append(data["code"])
        return
    # A page with changes waiting for the committee keeps them: the import's values join
    # that draft and go live with it; otherwise they are published at once.
    pending = page.has_unpublished_changes
    draft = page.get_latest_revision_as_object() if pending else page
    draft.title = data["name"]
    draft.household = data["household_code"]
    draft.techniques = data["techniques"]
    if data["years_weaving"] is not None:
        draft.years_weaving = data["years_weaving"]
    draft.full_clean()
    if not page.live:
        draft.save()
    revision = draft.save_revision(user=user, log_action=True)
    if page.live and not pending:
        revision.publish(user=user)
    report.updated.append(data["code"])


def _save_rows(rows, report, progress, save_row):
    """Save each row in a savepoint of its own, so that a row that fails while saving is
    reported with its number and reason like a row that failed its checks."""
    total = len(rows)
    for done, (number, data) in enumerate(rows, start=1):
        try:
            with transaction.atomic():
                save_row(data)
        except ROW_SAVE_ERRORS as error:
            report.errors.append((number, _save_error(error)))
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)


PROGRESS_EVERY = 25


def _save_error(error) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{name}: {message}" if name != "__all__" else str(message)
            for name, messages in getattr(error, "message_dict", {"__all__": error.messages})
            .items() for message in messages)
    return gettext("This row could not be saved: %(error)s") % {"error": error}


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
            if dry_run or (report.errors and not skip_invalid):
                raise ImportAborted
    except ImportAborted:
        return report
    report.saved = True
    return report


# Files with more rows than this are imported by a background task, not in the request.
BACKGROUND_IMPORT_ROWS = 300


def run_import(*, kind: str, content: bytes, filename: str, user=None, dry_run: bool = False,
               skip_invalid: bool = False, progress=None) -> ImportReport:
    """Import households or artisans (`kind`); artisans go under the default locale's
    directory. Raises ImportFileError when the file as a whole cannot be read."""
    options = dict(content=content, filename=filename, dry_run=dry_run,
                   skip_invalid=skip_invalid, progress=progress)
    if kind == "households":
        return household_import(**options)
    index_page = ArtisanIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index_page is None:
        raise ImportFileError(gettext("Create the artisan directory page first."))
    return artisan_import(index_page=index_page, user=user, **options)


@transaction.atomic
def import_job_create(*, kind: str, content: bytes, filename: str, user, dry_run: bool,
                      skip_invalid: bool, total_rows: int) -> ImportJob:
    """Keep an uploaded file as a queued ImportJob; the caller enqueues
    `artisans.tasks.import_job_run` once this transaction has committed."""
    return ImportJob.objects.create(
        kind=kind, content=content, filename=filename, requested_by=user, dry_run=dry_run,
        skip_invalid=skip_invalid, total_rows=total_rows,
    )


def import_job_run(*, job: ImportJob) -> None:
    """Run a queued import, publishing its progress to the shared cache as rows are saved,
    and keep its report on the job. Not one transaction: the import inside is one."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(done, total):
        cache.set(job.progress_key, {"done": done, "total": total}, 24 * 3600)

    try:
        report = run_import(kind=job.kind, content=bytes(job.content), filename=job.filename,
                            user=job.requested_by, dry_run=job.dry_run,
                            skip_invalid=job.skip_invalid, progress=progress)
    except ImportFileError as error:
        job.status, job.message = ImportJob.Status.FAILED, str(error)
    else:
        job.status, job.report = ImportJob.Status.DONE, report.as_dict()
    job.finished_at = timezone.now()
    job.content = b""  # the register's data is not kept longer than needed
    job.save(update_fields=["status", "message", "report", "finished_at", "content"])


def import_job_progress(job: ImportJob) -> dict:
    """`{"done": n, "total": m}` rows saved so far, from the shared cache."""
    return cache.get(job.progress_key) or {"done": 0, "total": job.total_rows}


@transaction.atomic
def page_log_submission_note(*, page: Page, user, note: str) -> None:
    """Keep the note an author sent with a submission in the page's history, next to the
    revision it was sent with, for the committee to read when it reviews that revision."""
    log(instance=page, action=SUBMISSION_NOTE_ACTION, user=user, data={"note": note[:500]},
        revision=page.get_latest_revision())
