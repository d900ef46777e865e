"""The commands on a fresh install (only migrate and the register): post_ledger,
close_period, distribute_surplus and earnings_report, with their bad input refused."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from earnings.models import DistributionRun, EntryKind, LedgerEntry, Period
from tests.earnings.factories import household, paid_order

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def sales():
    a = household("TX-01-001", capital_contribution=Decimal("1000"))
    b = household("TX-01-002",
                   head_name="=HYPERLINK(\"x\")", capital_contribution=Decimal("3000"))
    paid_order(day=date(2024, 5, 1), lines=[("300.00", "0", 1, [(a, 2), (b, 1)])])
    return a, b


def test_post_ledger_backfills_once(sales):
    out, _ = run("post_ledger")
    assert "orders.sale: 2" in out
    out, _ = run("post_ledger")
    assert "orders.sale: 0" in out
    assert LedgerEntry.objects.count() == 2


def test_post_ledger_refuses_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("post_ledger", "--since", "yesterday")


def test_close_period(sales):
    run("close_period", "2024-05")
    assert Period.objects.get(year=2024, month=5).is_closed
    with pytest.raises(CommandError, match="already closed"):
        run("close_period", "2024-05")
    with pytest.raises(CommandError, match="YYYY-MM"):
        run("close_period", "May")


def test_distribute_surplus_dry_run_prints_the_json_and_posts_nothing(sales):
    run("post_ledger")
    out, _ = run("distribute_surplus", "--year", "2024", "--surplus", "1000.00",
                 "--dry-run", "--format", "json")
    data = json.loads(out)
    assert data["surplus"] == "1000.00" and data["distributable"] == "900.00"
    assert data["patronage_pool"] == "540.00" and data["capital_pool"] == "360.00"
    assert data["households"] == [
        {"household": "TX-01-001", "transaction_volume": "200.00", "patronage_return": "360.00",
         "capital_basis": "1000.00", "capital_return": "90.00", "reserve_quantified": "66.67",
         "total": "450.00"},
        {"household": "TX-01-002", "transaction_volume": "100.00", "patronage_return": "180.00",
         "capital_basis": "3000.00", "capital_return": "270.00", "reserve_quantified": "33.33",
         "total": "450.00"},
    ]
    assert not DistributionRun.objects.exists()


def test_distribute_surplus_posts_and_refuses_the_year_twice(sales):
    run("post_ledger")
    out, err = run("distribute_surplus", "--year", "2024", "--surplus", "1000",
                   "--reserve-rate", "0.2", "--patronage-share", "0.7", "--format", "csv")
    assert out.splitlines()[0].startswith("household,transaction_volume")
    assert DistributionRun.objects.get().status == "approved"
    assert LedgerEntry.objects.filter(kind=EntryKind.PATRONAGE).count() == 2
    with pytest.raises(CommandError, match="already has an approved"):
        run("distribute_surplus", "--year", "2024", "--surplus", "1000")
    assert DistributionRun.objects.count() == 1


@pytest.mark.parametrize("args, message", [
    (["--year", "2024", "--surplus", "abc"], "not an amount"),
    (["--year", "2024", "--surplus", "100", "--patronage-share", "0.4"], "60%"),
    (["--year", "2999", "--surplus", "100"], "not over"),
    (["--year", "2024", "--surplus", "-10"], "not positive"),
])
def test_distribute_surplus_refuses_bad_input(sales, args, message):
    run("post_ledger")
    with pytest.raises(CommandError, match=message):
        run("distribute_surplus", *args)
    assert not DistributionRun.objects.exists()


def test_earnings_report_in_every_format(sales, tmp_path):
    run("post_ledger")
    out, _ = run("earnings_report", "--from", "2024-01-01", "--to", "2024-12-31",
                 "--format", "csv")
    lines = out.splitlines()
    assert len(lines) == 3
    assert "'=HYPERLINK" in out  # a formula in a name is neutralised
    data = json.loads(run("earnings_report", "--from", "2024-01-01", "--to", "2024-12-31",
                          "--format", "json")[0])
    assert data["summary"]["households"] == 2 and data["summary"]["total"] == "270.00"
    target = tmp_path / "report.xlsx"
    out, _ = run("earnings_report", "--from", "2024-01-01", "--to", "2024-12-31",
                 "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    assert sheet.max_row == 3 and sheet["E2"].value == 180


def test_earnings_report_refuses_bad_dates():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("earnings_report", "--from", "2024", "--to", "2024-12-31")
    with pytest.raises(CommandError, match="before"):
        run("earnings_report", "--from", "2024-12-31", "--to", "2024-01-01")
