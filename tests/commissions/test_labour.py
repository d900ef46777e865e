"""Team and labour: every bad entry is refused with a message and saves nothing; imports
read CSV (UTF-8 or GBK) and XLSX, report every bad row and are all or nothing."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissions import services
from commissions.models import LabourEntry
from tests.commissions.factories import artisan, make_in_production, make_request

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def job(home):
    commission = make_in_production(starts_days_ago=10)
    a = artisan(home, "A0001", "TX-01-001")
    b = artisan(home, "A0002", "TX-01-002")
    services.team_add(commission=commission, artisan=a)
    return commission, a, b


def day(n):
    return timezone.localdate() - timedelta(days=n)


def test_a_good_entry_is_saved(job):
    commission, a, _b = job
    entry = services.labour_add(commission=commission, artisan=a, date=day(2), days=D("0.5"),
                                skill_coefficient=D("1.2"), task="扎骨架")
    assert entry.points == D("0.6")


@pytest.mark.parametrize(("days", "coefficient", "when", "message"), [
    ("0.3", "1", 2, "half-day steps"),
    ("-1", "1", 2, "half-day steps"),
    ("0", "1", 2, "half-day steps"),
    ("1.5", "1", 2, "half-day steps"),
    ("1", "0", 2, "skill coefficient"),
    ("1", "9", 2, "skill coefficient"),
    ("1", "1", 11, "outside the job"),
    ("1", "1", -1, "outside the job"),
])
def test_bad_entries_are_refused(job, days, coefficient, when, message):
    commission, a, _b = job
    with pytest.raises(services.CommissionError, match=message):
        services.labour_add(commission=commission, artisan=a, date=day(when), days=D(days),
                            skill_coefficient=D(coefficient))
    assert not LabourEntry.objects.exists()


def test_more_than_a_day_per_date_and_strangers_are_refused(job):
    commission, a, b = job
    services.labour_add(commission=commission, artisan=a, date=day(3), days=D("0.5"))
    services.labour_add(commission=commission, artisan=a, date=day(3), days=D("0.5"))
    with pytest.raises(services.CommissionError, match="More than one day"):
        services.labour_add(commission=commission, artisan=a, date=day(3), days=D("0.5"))
    with pytest.raises(services.CommissionError, match="not on this commission's team"):
        services.labour_add(commission=commission, artisan=b, date=day(3), days=D("1"))
    assert LabourEntry.objects.count() == 2


def test_no_labour_before_the_contract(home):
    commission = make_request()
    a = artisan(home, "A0009", "TX-01-009")
    services.team_add(commission=commission, artisan=a)
    with pytest.raises(services.CommissionError, match="between the contract"):
        services.labour_add(commission=commission, artisan=a, date=day(0), days=D("1"))


def csv_file(commission, rows, encoding="utf-8"):
    lines = ["commission_ref,artisan_code,date,days,skill_coefficient,task"] + [
        ",".join([commission.reference, *row]) for row in rows]
    return "\n".join(lines).encode(encoding)


def test_import_is_all_or_nothing_and_reports_every_bad_row(job):
    commission, a, b = job
    services.team_add(commission=commission, artisan=b)
    content = csv_file(commission, [
        ("A0001", day(5).isoformat(), "1", "1.2", "编织"),
        ("A0002", day(5).isoformat(), "0.5", "", "打杂"),
        ("A0001", day(5).isoformat(), "0.5", "1", "超时"),       # 1.5 days that date
        ("A0003", day(4).isoformat(), "1", "1", "不认识"),        # unknown artisan
        ("A0002", day(30).isoformat(), "1", "1", "太早"),         # before the job
        ("A0002", "昨天", "1", "1", "日期"),                      # not a date
    ])
    report = services.labour_import(content=content, filename="labour.csv")
    assert [number for number, _message in report.errors] == [4, 5, 6, 7]
    assert "More than one day" in report.errors[0][1]
    assert "A0003" in report.errors[1][1]
    assert report.saved == 0 and not LabourEntry.objects.exists()


def test_a_clean_gbk_file_imports_and_a_dry_run_saves_nothing(job):
    commission, a, _b = job
    content = csv_file(commission, [("A0001", day(5).strftime("%Y/%m/%d"), "1", "1.2", "编织"),
                                    ("A0001", day(4).isoformat(), "0.5", "0.8", "收尾")],
                       encoding="gbk")
    dry = services.labour_import(content=content, filename="labour.csv", dry_run=True)
    assert dry.ok and dry.saved == 0 and not LabourEntry.objects.exists()
    report = services.labour_import(content=content, filename="labour.csv")
    assert report.saved == 2
    assert sorted(LabourEntry.objects.values_list("task", flat=True)) == ["收尾", "编织"]


def test_xlsx_import(job):
    from openpyxl import Workbook

    commission, a, _b = job
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(services.LABOUR_COLUMNS)
    sheet.append([commission.reference, "a0001", day(6), 1, 1.2, "编织"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = services.labour_import(content=buffer.getvalue(), filename="labour.xlsx")
    assert report.ok and report.saved == 1
    assert LabourEntry.objects.get().skill_coefficient == D("1.20")
