"""The earnings desk in the admin: who sees what (an artisan only their own household's
statement), the report with its summary, chart, drill-down and exports at a pinned number of
queries, the distribution plan's steps, the charter's versions and the periods."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from earnings import services
from earnings.models import Charter, DistributionRun, LedgerEntry, Period
from tests.conftest import user_in_group
from tests.earnings.factories import household, paid_order, refund
from tests.orders.factories import artisan_for

pytestmark = pytest.mark.django_db
REPORT = reverse("earnings_report:index")


@pytest.fixture
def books():
    a = household("TX-01-001", head_name="=cmd|' /C calc'!A0")
    b = household("TX-02-002", capital_contribution=Decimal("2000"))
    c = household("TX-02-003", is_member=False)
    paid_order(day=date(2025, 3, 1), lines=[("300.00", "20.00", 2, [(a, 60), (b, 40)])])
    order = paid_order(day=date(2025, 4, 1), lines=[("100.00", "0", 1, [(b, 100)])])
    paid_order(day=date(2025, 5, 1), lines=[("50.00", "0", 1, [(c, 100)])])
    paid_order(day=date(2024, 5, 1), lines=[("10.00", "0", 1, [(a, 100)])])
    refund(order, amount="100.00", day=date(2025, 4, 3))
    services.ledger_backfill()
    return a, b, c


def report_params(**extra):
    return {"start": "2025-01-01", "end": "2025-12-31", **extra}


def test_the_report_adds_up_per_household_and_compares_with_the_year_before(
        client, accountant_user, books):
    client.force_login(accountant_user)
    response = client.get(REPORT, report_params())
    assert response.status_code == 200
    html = response.content.decode()
    # a: 140.40 sales; b: 93.60 + 90.00 − 90.00; c: 45.00 (non-member).
    assert 'data-figure="households">3<' in html
    assert 'data-figure="total">¥279.00<' in html
    assert 'data-figure="average">¥93.00<' in html
    assert 'data-figure="median">¥93.60<' in html
    assert "¥9.00" in html  # the year before: a's 10.00 sale
    assert "<svg" in html and "earnings-chart" in html


def test_the_report_filters_by_membership_and_village_group(client, accountant_user, books):
    client.force_login(accountant_user)
    html = client.get(REPORT, report_params(member="1", village_group="2")).content.decode()
    assert 'data-figure="households">1<' in html and "TX-02-002" in html
    html = client.get(REPORT, report_params(end="2024-01-01")).content.decode()
    assert "截止日期早于起始日期" in html


def test_the_report_costs_the_same_queries_for_more_households(
        client, accountant_user, books):
    client.force_login(accountant_user)
    client.get(REPORT, report_params())
    with CaptureQueriesContext(connection) as few:
        client.get(REPORT, report_params())
    for i in range(30):
        paid_order(day=date(2025, 6, 1),
                   lines=[("10.00", "0", 1, [(household(f"TX-05-{i:03d}"), 100)])])
    services.ledger_backfill()
    with CaptureQueriesContext(connection) as many:
        client.get(REPORT, report_params())
    assert len(many) == len(few) <= 15


def test_each_figure_drills_down_to_its_entries_and_their_orders(client, accountant_user, books):
    _a, b, _c = books
    client.force_login(accountant_user)
    url = reverse("earnings_report:entries")
    html = client.get(url, {"household": b.pk, "start": "2025-01-01", "end": "2025-12-31",
                            "kind": "reversal"}).content.decode()
    assert 'data-figure="total">-¥90.00<' in html
    assert reverse("order_desk:inspect", args=[LedgerEntry.objects.filter(
        kind="reversal").first().source.line_maker.line.order_id]) in html
    assert client.get(url, {"household": "x"}).status_code == 404
    response = client.get(url, {"household": b.pk, "start": "2025-01-01", "end": "2025-12-31",
                                "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").count("\n") == 4


def test_exports_neutralise_formulas(client, accountant_user, books):
    client.force_login(accountant_user)
    csv_text = client.get(REPORT, report_params(export="csv")).content.decode("utf-8-sig")
    assert "'=cmd" in csv_text
    workbook = load_workbook(BytesIO(client.get(REPORT, report_params(export="xlsx")).content))
    sheet = workbook.active
    assert sheet["B2"].value.startswith("'=")
    assert sheet.max_row == 4


@pytest.mark.parametrize("group", ["Committee", "Artisans"])
def test_only_bookkeepers_see_the_report_and_the_ledger(client, group, books):
    client.force_login(user_in_group(group, username=f"u-{group}"))
    for url in (REPORT, reverse("earnings_distribution:index"),
                reverse("earnings_report:periods"), reverse("earnings_ledger:index"),
                reverse("earnings_charter:index")):
        assert client.get(url).status_code in (302, 403)


def test_an_artisan_sees_their_own_household_statement_and_no_other(client, home, books):
    user = user_in_group("Artisans", username="weaver")
    page = artisan_for(home, code="TX-01-001")
    page.owner = user
    page.save()
    client.force_login(user)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("earnings_report:my_statement") in dashboard
    response = client.get(reverse("earnings_report:my_statement"))
    assert response.status_code == 302
    own = client.get(response["Location"])
    assert own.status_code == 200 and 'data-statement="TX-01-001"' in own.content.decode()
    other = household("TX-02-002")
    response = client.get(reverse("earnings_report:statement", args=[other.pk, 2025]))
    assert response.status_code in (302, 403)
    assert b"TX-02-002" not in response.content
    assert client.get(REPORT).status_code in (302, 403)


def test_the_statement_shows_the_member_account(client, accountant_user, books):
    _a, b, _c = books
    client.force_login(accountant_user)
    url = reverse("earnings_report:statement", args=[b.pk, 2025])
    html = client.get(url).content.decode()
    assert 'data-figure="capital">¥2,000.00<' in html
    assert 'data-figure="sales-volume">¥120.00<' in html  # 120 + 100 − 100
    assert client.get(url, {"export": "xlsx"}).status_code == 200
    assert client.get(reverse("earnings_report:statement", args=[b.pk, 1999])).status_code \
        == 404


def test_a_plan_is_drafted_published_and_approved_in_the_admin(client, accountant_user, books):
    client.force_login(accountant_user)
    response = client.post(reverse("earnings_distribution:add"), {
        "year": "2025", "surplus": "1000", "prior_losses": "0", "subsidies": "0",
        "reserve_rate": "", "patronage_share": "0.5"})
    assert "60%" in response.content.decode()
    assert not DistributionRun.objects.exists()
    response = client.post(reverse("earnings_distribution:add"), {
        "year": "2025", "surplus": "1000", "prior_losses": "0", "subsidies": "0"})
    run = DistributionRun.objects.get()
    detail = reverse("earnings_distribution:detail", args=[run.pk])
    assert response["Location"] == detail
    assert 'data-figure="patronage">¥540.00<' in client.get(detail).content.decode()
    client.post(detail, {"action": "approve"})
    assert not LedgerEntry.objects.filter(kind="patronage").exists()
    client.post(detail, {"action": "publish"})
    client.post(detail, {"action": "approve"})
    run.refresh_from_db()
    assert run.status == "approved"
    assert LedgerEntry.objects.filter(kind="patronage").count() == 2  # members a and b
    client.post(detail, {"action": "discard"})
    assert DistributionRun.objects.filter(pk=run.pk).exists()
    sheet = load_workbook(BytesIO(client.get(detail, {"export": "xlsx"}).content)).active
    assert sheet.max_row == 3


def test_the_charter_gets_new_versions_and_is_never_edited(client, admin_user_in_group):
    client.force_login(admin_user_in_group)
    response = client.post(reverse("earnings_charter:add"), {
        "effective_from": "2026-01-01", "entity_type": "cooperative",
        "product_retention": "0.12", "commission_retention": "0.15", "reserve_rate": "0.10",
        "patronage_share": "0.55", "labour_counts_as_volume": "on",
        "deduct_material_cost": "on", "reserve_rule": "volume"})
    assert response.status_code == 200 and not Charter.objects.exists()
    client.post(reverse("earnings_charter:add"), {
        "effective_from": "2026-01-01", "entity_type": "cooperative",
        "product_retention": "0.12", "commission_retention": "0.15", "reserve_rate": "0.10",
        "patronage_share": "0.70", "labour_counts_as_volume": "on",
        "deduct_material_cost": "on", "reserve_rule": "volume"})
    charter = Charter.objects.get()
    assert charter.created_by == admin_user_in_group
    for name in ("earnings_charter:edit", "earnings_charter:delete"):
        assert client.post(reverse(name, args=[charter.pk])).status_code in (302, 403)
    assert Charter.objects.get().patronage_share == Decimal("0.70")


def test_the_ledger_is_read_only_in_the_admin_even_for_a_superuser(
        client, admin_user_in_group, books):
    client.force_login(admin_user_in_group)
    entry = LedgerEntry.objects.first()
    assert client.get(reverse("earnings_ledger:index")).status_code == 200
    assert client.get(reverse("earnings_ledger:inspect", args=[entry.pk])).status_code == 200
    assert client.get(reverse("earnings_ledger:edit", args=[entry.pk])).status_code in (302, 403)
    response = client.post(reverse("earnings_ledger:delete", args=[entry.pk]))
    assert response.status_code in (302, 403)
    assert client.get(reverse("earnings_ledger:add")).status_code in (302, 403)
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_an_accountant_closes_a_month(client, accountant_user, books):
    client.force_login(accountant_user)
    url = reverse("earnings_report:periods")
    assert client.get(url).status_code == 200
    client.post(url, {"period": "2025-03"})
    assert Period.objects.get(year=2025, month=3).closed_by == accountant_user
    response = client.post(url, {"period": "2099-01"}, follow=True)
    assert "还没有结束" in response.content.decode()
