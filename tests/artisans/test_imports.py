"""The accountants' imports, as commands and in the admin: good files (CSV in UTF-8 and GBK,
XLSX), bad rows reported one by one with nothing saved, duplicate and unknown codes,
--dry-run and --skip-invalid."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from artisans.models import ArtisanPage, Household
from tests.artisans.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

HOUSEHOLD_HEADER = ("code,head_name,village_group,members,is_member,joined_on,left_on,"
                    "capital_contribution,reserve_share")
GOOD_HOUSEHOLDS = "\n".join([
    HOUSEHOLD_HEADER,
    "TX-03-017,王建国,3,4,是,2018-03-01,,2000.00,356.40",
    "TX-03-018,李德明,3,2,0,2019/5/6,2023-01-01,0,0",
    "tx-07-001,张玉珍,7,5,1,2020年1月2日,,1500.5,12",
]) + "\n"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(command, path, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, path, *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_households_from_a_utf8_csv(tmp_path):
    out, _err = run("import_households", write(tmp_path, "h.csv", GOOD_HOUSEHOLDS))
    assert "已保存：新建 3 条，更新 0 条" in out
    household = Household.objects.get(code="TX-03-017")
    assert household.head_name == "王建国" and household.village_group == 3
    assert household.capital_contribution == Decimal("2000.00")
    assert household.reserve_share == Decimal("356.40")
    assert household.is_member is True
    assert Household.objects.get(code="TX-03-018").is_member is False
    assert str(Household.objects.get(code="TX-03-018").joined_on) == "2019-05-06"
    assert str(Household.objects.get(code="TX-07-001").joined_on) == "2020-01-02"


def test_households_from_a_gbk_csv_update_existing_by_code(tmp_path):
    HouseholdFactory(code="TX-03-017", head_name="旧名字")
    out, _err = run("import_households", write(tmp_path, "h.csv", GOOD_HOUSEHOLDS, "gbk"))
    assert "新建 2 条，更新 1 条" in out
    assert Household.objects.get(code="TX-03-017").head_name == "王建国"


def test_households_from_xlsx(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for line in GOOD_HOUSEHOLDS.strip().splitlines():
        sheet.append(line.split(","))
    sheet.append(["TX-08-001", "赵春华", 8, 3, 1, None, None, 800, 0])
    path = tmp_path / "h.xlsx"
    workbook.save(path)
    out, _err = run("import_households", str(path))
    assert "新建 4 条" in out
    assert Household.objects.get(code="TX-08-001").capital_contribution == Decimal("800")


BAD_HOUSEHOLDS = "\n".join([
    HOUSEHOLD_HEADER,
    "TX-03-017,王建国,3,4,1,2018-03-01,,2000,0",
    "TX-03-018,李德明,3,2,1,2018-02-30,,100,0",      # no such date
    "TX-03-019,张三,3,2,1,,,-5,0",                   # negative money
    "TX-03-017,王建国,3,4,1,,,1,0",                  # duplicate code
    "XX3-1,无名,3,2,1,,,1,0",                        # malformed code
    "TX-03-020,,3",                                  # missing columns
    "TX-03-021,周,3,2,1,2020-01-01,2019-01-01,1,0",  # left before joining
])


def test_bad_rows_are_all_reported_and_nothing_is_saved(tmp_path):
    with pytest.raises(CommandError, match="没有保存任何内容：6 行有错误"):
        run("import_households", write(tmp_path, "bad.csv", BAD_HOUSEHOLDS))
    assert not Household.objects.exists()


def test_row_level_report_names_row_and_reason(tmp_path):
    from artisans import services

    report = services.household_import(content=BAD_HOUSEHOLDS.encode(), filename="bad.csv")
    errors = dict(report.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "joined_on" in errors[3]
    assert "capital_contribution" in errors[4]
    assert "TX-03-017" in errors[5] and "2" in errors[5]
    assert "code" in errors[6]
    assert "head_name" in errors[7] and "members" in errors[7]
    assert "left_on" in errors[8]
    assert not report.saved


def test_skip_invalid_saves_the_good_rows(tmp_path):
    out, err = run("import_households", write(tmp_path, "bad.csv", BAD_HOUSEHOLDS),
                   "--skip-invalid")
    assert "新建 1 条" in out and "跳过 6 行" in out
    assert "第 4 行：" in err
    assert list(Household.objects.values_list("code", flat=True)) == ["TX-03-017"]


def test_dry_run_checks_without_saving(tmp_path):
    out, _err = run("import_households", write(tmp_path, "h.csv", GOOD_HOUSEHOLDS), "--dry-run")
    assert "只检查，没有保存：将新建 3 条" in out
    assert not Household.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,head_name\nTX-01-001,王\n", "缺少列：village_group"),
        ("", "文件是空的"),
    ],
)
def test_unreadable_files_give_a_clear_message(tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        run("import_households", write(tmp_path, "h.csv", content))


def test_binary_garbage_is_refused(tmp_path):
    path = tmp_path / "h.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CommandError, match="无法读取这个 XLSX 工作簿"):
        run("import_households", str(path))


ARTISANS = "\n".join([
    "code,name,household_code,techniques,years_weaving",
    "A0101,王秀兰,TX-01-001,草编、竹编,31",
    "A0102,李桂芳,TX-01-001,Living green sculpture,8",
    "A0103,张玉珍,TX-02-001,,",
]) + "\n"


@pytest.fixture
def register(directory, techniques):
    """Households and techniques the artisan files refer to; returns the directory."""
    HouseholdFactory(code="TX-01-001")
    HouseholdFactory(code="TX-02-001")
    return directory


def test_artisans_create_pages_with_english_aliases(tmp_path, register, locales):
    out, _err = run("import_artisans", write(tmp_path, "a.csv", ARTISANS, "gbk"))
    assert "新建 3 条" in out
    page = ArtisanPage.objects.get(code="A0101", locale=locales["zh-hans"])
    assert page.title == "王秀兰" and page.years_weaving == 31
    assert page.household.code == "TX-01-001"
    assert sorted(t.slug for t in page.techniques.all()) == ["bamboo-weaving", "straw-weaving"]
    assert page.url == "/artisans/a0101/"
    assert page.get_translation(locales["en"]).alias_of_id == page.pk


def test_artisans_update_by_code(tmp_path, register, locales):
    run("import_artisans", write(tmp_path, "a.csv", ARTISANS))
    changed = ARTISANS.replace("A0101,王秀兰,TX-01-001,草编、竹编,31",
                               "A0101,王秀兰,TX-02-001,草编,32")
    out, _err = run("import_artisans", write(tmp_path, "b.csv", changed))
    assert "新建 0 条，更新 3 条" in out
    page = ArtisanPage.objects.get(code="A0101", locale=locales["zh-hans"])
    assert page.household.code == "TX-02-001" and page.years_weaving == 32
    assert [t.slug for t in page.techniques.all()] == ["straw-weaving"]
    assert ArtisanPage.objects.filter(code="A0101").count() == 2  # Chinese page + English alias


def test_unknown_household_and_technique_and_duplicates_save_nothing(tmp_path, register):
    bad = ARTISANS + "A0104,赵六,TX-09-009,草编,3\nA0105,钱七,TX-01-001,剪纸,3\n" \
        "A0101,王秀兰,TX-01-001,草编,3\n"
    with pytest.raises(CommandError, match="3 行有错误"):
        run("import_artisans", write(tmp_path, "a.csv", bad))
    assert not ArtisanPage.objects.exists()
    from artisans import services

    report = services.artisan_import(content=bad.encode(), filename="a.csv",
                                     index_page=register)
    reasons = dict(report.errors)
    assert "TX-09-009" in reasons[5]
    assert "剪纸" in reasons[6]
    assert "A0101" in reasons[7]


def admin_import(client, kind, name, content, **options):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("artisans_import:index"), {
        "kind": kind, "file": SimpleUploadedFile(name, content), "action": "import", **options,
    })


def test_accountant_imports_in_the_admin_check_first_then_save(client, accountant_user):
    client.force_login(accountant_user)
    assert client.get(reverse("artisans_import:index")).status_code == 200
    response = admin_import(client, "households", "h.csv", GOOD_HOUSEHOLDS.encode("gbk"),
                            action="check")
    assert response.status_code == 200
    assert "3" in response.content.decode() and not Household.objects.exists()
    response = admin_import(client, "households", "h.csv", GOOD_HOUSEHOLDS.encode("gbk"))
    assert Household.objects.count() == 3


def test_admin_import_shows_row_errors_in_chinese(client, accountant_user):
    client.force_login(accountant_user)
    response = admin_import(client, "households", "bad.csv", BAD_HOUSEHOLDS.encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-import-errors" in html and "不能为负数" in html
    assert not Household.objects.exists()


def test_admin_import_refuses_other_files(client, accountant_user):
    client.force_login(accountant_user)
    response = admin_import(client, "households", "photo.jpg", b"\xff\xd8\xff")
    assert response.status_code == 200
    assert "请选择 .csv 或 .xlsx 文件" in response.content.decode()


def test_admin_artisan_import(client, accountant_user, register):
    client.force_login(accountant_user)
    admin_import(client, "artisans", "a.csv", ARTISANS.encode())
    assert ArtisanPage.objects.filter(code="A0103").exists()


def test_committee_and_artisans_cannot_import(client, committee_user, page_a, artisan_a):
    for user in (committee_user, artisan_a):
        client.force_login(user)
        assert client.get(reverse("artisans_import:index")).status_code in (302, 403)


@pytest.mark.parametrize("code", ["A B C", "../X", "A/1", "a%00"])
def test_an_artisan_code_that_cannot_be_an_address_is_a_row_error(tmp_path, register, code):
    """#11.8: the code becomes the page's slug; `A B C` or `../X` was a 500, even dry."""
    from artisans import services

    content = ARTISANS + f"{code},赵六,TX-01-001,草编,3\n"
    report = services.artisan_import(content=content.encode(), filename="a.csv",
                                     index_page=register, dry_run=True)
    assert 5 in dict(report.errors)
    with pytest.raises(CommandError, match="1 行有错误"):
        run("import_artisans", write(tmp_path, "a.csv", content))
    assert not ArtisanPage.objects.exists()
