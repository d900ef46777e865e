"""The accountants' register round trip and import page: the CSV export is what the import
reads (so export → import changes nothing), the form's sample files and dry run, bounded
files, large files in the background, and imported artisans waiting for the committee."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from wagtail.models import WorkflowState

from artisans import imports, services
from artisans.imports import ImportFileError, read_table
from artisans.models import ArtisanPage, Household, ImportJob
from tests.artisans.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

HOUSEHOLD_LIST = "wagtailsnippets_artisans_household:list"


@pytest.fixture
def register(db):
    HouseholdFactory(code="TX-01-001", head_name="王建国", village_group=1, is_member=True,
                     phone="13800000000", notes="=HYPERLINK(\"http://evil.example\")",
                     joined_on="2019-03-01", capital_contribution=Decimal("2000.50"))
    HouseholdFactory(code="TX-02-001", head_name="李德明", village_group=2, is_member=False,
                     joined_on="2018-01-01", left_on="2024-06-30", notes="-已退社")
    HouseholdFactory(code="TX-02-002", head_name="张玉珍", village_group=2, members=6,
                     reserve_share=Decimal("356.40"))


def export(client, fmt):
    response = client.get(reverse(HOUSEHOLD_LIST), {"export": fmt})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def snapshot():
    return [model_to_dict(household) for household in Household.objects.order_by("code")]


def import_file(client, name, content, action="import", kind="households", **extra):
    return client.post(reverse("artisans_import:index"), {
        "kind": kind, "file": SimpleUploadedFile(name, content), "action": action, **extra})


def test_csv_export_is_what_the_import_reads(client, accountant_user, register):
    client.force_login(accountant_user)
    response, body = export(client, "csv")
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Chinese Excel reads it right
    assert "charset=utf-8" in response["Content-Type"]
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(imports.HOUSEHOLD_EXPORT_COLUMNS)
    assert lines[1].startswith("TX-01-001,王建国,1,4,是,2019-03-01,,2000.50,")
    assert ",否," in lines[2]
    # Formula injection: the cell is text in a spreadsheet.
    assert "'=HYPERLINK" in lines[1] and "'-已退社" in lines[2]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(client, accountant_user, register, fmt):
    client.force_login(accountant_user)
    before = snapshot()
    _response, body = export(client, fmt)
    response = import_file(client, f"households.{fmt}", body)
    report = response.context["report"]
    assert report.saved and report.ok and len(report.updated) == 3 and not report.created
    assert snapshot() == before


def test_xlsx_export_uses_the_import_names_and_yes_no(client, accountant_user, register):
    client.force_login(accountant_user)
    _response, body = export(client, "xlsx")
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    assert list(rows[0]) == imports.HOUSEHOLD_EXPORT_COLUMNS
    assert rows[1][4] == "是" and rows[2][4] == "否"


def test_import_page_has_a_labelled_file_field_columns_samples_and_a_dry_run(
    client, accountant_user
):
    client.force_login(accountant_user)
    html = client.get(reverse("artisans_import:index")).content.decode()
    assert '<label for="id_file"' in html and 'type="file"' in html
    assert 'name="action" value="check"' in html and 'name="action" value="import"' in html
    assert "head_name" in html and "household_code" in html
    for kind in ("households", "artisans"):
        assert reverse("artisans_import:sample", args=[kind]) in html


@pytest.mark.parametrize("kind", ["households", "artisans"])
def test_sample_files_pass_the_import_check(client, accountant_user, directory, techniques,
                                            kind):
    client.force_login(accountant_user)
    sample = client.get(reverse("artisans_import:sample", args=[kind]))
    assert sample.content.startswith(b"\xef\xbb\xbf")
    if kind == "artisans":
        HouseholdFactory(code="TX-03-017")
        HouseholdFactory(code="TX-03-018")
    response = import_file(client, f"{kind}.csv", sample.content, action="check", kind=kind)
    report = response.context["report"]
    assert report.ok and not report.saved and len(report.created) == 2
    assert not Household.objects.filter(code="TX-03-018").exists() or kind == "artisans"


def test_dry_run_button_saves_nothing(client, accountant_user):
    client.force_login(accountant_user)
    sample = client.get(reverse("artisans_import:sample", args=["households"])).content
    import_file(client, "h.csv", sample, action="check")
    assert not Household.objects.exists()
    import_file(client, "h.csv", sample, action="import")
    assert Household.objects.count() == 2


def test_reading_stops_at_the_row_limit(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 10)
    read_rows = []

    def rows():
        yield ["code", "head_name"]
        for n in range(10_000):
            read_rows.append(n)
            yield [f"TX-01-{n:03d}", "王"]

    monkeypatch.setattr(imports.csv, "reader", lambda _text: rows())
    with pytest.raises(ImportFileError, match="10"):
        read_table(b"x", "h.csv", ["code"], max_rows=10)
    assert len(read_rows) == 11


def test_xlsx_that_unpacks_too_large_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(imports, "MAX_UNZIPPED_BYTES", 1000)
    workbook = Workbook()
    for n in range(200):
        workbook.active.append([f"TX-01-{n:03d}", "王建国" * 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert sum(i.file_size for i in zipfile.ZipFile(buffer).infolist()) > 1000
    with pytest.raises(ImportFileError, match="MB"):
        read_table(buffer.getvalue(), "h.xlsx", ["code"])


def test_large_file_runs_as_a_background_job_with_progress(
    client, accountant_user, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "BACKGROUND_IMPORT_ROWS", 5)
    lines = [",".join(imports.HOUSEHOLD_COLUMNS)] + [
        f"TX-04-{n:03d},户主{n},4,3,是,2020-01-01,,100.00,0.00" for n in range(1, 31)]
    client.force_login(accountant_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = import_file(client, "big.csv", "\n".join(lines).encode())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("artisans_import:job",
                                                                    args=[job.pk])
    assert job.status == ImportJob.Status.DONE and job.total_rows == 30
    assert Household.objects.count() == 30 and job.content == b""
    assert services.import_job_progress(job) == {"done": 30, "total": 30}
    html = client.get(response.url).content.decode()
    assert "data-import-report" in html and 'http-equiv="refresh"' not in html


def test_job_page_refreshes_while_running(client, accountant_user):
    job = ImportJob.objects.create(kind="households", filename="big.csv", content=b"",
                                   total_rows=400, requested_by=accountant_user)
    client.force_login(accountant_user)
    html = client.get(reverse("artisans_import:job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in html and "<progress" in html


@pytest.mark.parametrize("code", ["A B C", "../X", "A/1"])
def test_artisan_codes_that_cannot_be_addresses_are_row_errors(directory, code):
    HouseholdFactory(code="TX-01-001")
    content = f"code,name,household_code,techniques,years_weaving\n{code},王,TX-01-001,,1\n"
    report = services.artisan_import(content=content.encode(), filename="a.csv",
                                     index_page=directory, dry_run=True)
    assert [number for number, _reason in report.errors] == [2]


def test_imported_artisan_waits_for_the_committee(client, accountant_user, committee_user,
                                                  directory):
    HouseholdFactory(code="TX-01-001")
    client.force_login(accountant_user)
    response = import_file(client, "a.csv", "code,name,household_code,techniques,years_weaving\n"
                           "A0901,周春梅,TX-01-001,,4\n".encode(), kind="artisans")
    assert response.context["report"].submitted == ["A0901"]
    page = ArtisanPage.objects.get(code="A0901", locale=directory.locale)
    assert not page.live
    assert client.get("/artisans/a0901/").status_code == 404
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    assert state.current_task_state.task.name == services.COMMITTEE_TASK_NAME
    client.force_login(committee_user)
    client.post(reverse("wagtailadmin_pages:workflow_action",
                        args=[page.pk, "approve", state.current_task_state.pk]), {"comment": ""})
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert client.get("/artisans/a0901/").status_code == 200


def test_update_of_a_page_waiting_for_approval_joins_the_draft(accountant_user, page_a,
                                                               artisan_a, directory):
    page_a.biography = "<p>待审核的新介绍</p>"
    page_a.save_revision(user=artisan_a)
    content = ("code,name,household_code,techniques,years_weaving\n"
               "A0001,王秀兰,TX-01-001,,40\n").encode()
    report = services.artisan_import(content=content, filename="a.csv", index_page=directory,
                                     user=accountant_user)
    assert report.saved and report.updated == ["A0001"]
    live = ArtisanPage.objects.get(pk=page_a.pk)
    assert "待审核" not in live.biography and live.years_weaving != 40
    draft = live.get_latest_revision_as_object()
    assert "待审核" in draft.biography and draft.years_weaving == 40
