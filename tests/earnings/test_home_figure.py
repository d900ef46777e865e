"""The home page's average yearly household income comes from the ledger: last full year,
member households only, cached (the figure and the whole page) and refreshed when an entry is
posted into a year that is over; hidden until there is a figure."""

from datetime import date

import pytest
from django.utils import timezone

from earnings import services
from earnings.selectors import average_member_household_income
from tests.earnings.factories import household, paid_order

pytestmark = pytest.mark.django_db


def figure(html: str) -> str:
    start = html.index('data-figure="household-income">') + len('data-figure="household-income">')
    return html[start:html.index("</dd>", start)].strip()


def test_the_home_page_shows_last_years_average_for_members(client, home,
                                                            django_assert_num_queries):
    last_year = timezone.localdate().year - 1
    a, b = household("TX-01-001"), household("TX-01-002")
    outsider = household("TX-09-001", is_member=False)
    for h, total in ((a, "100.00"), (b, "300.00"), (outsider, "9000.00")):
        paid_order(day=date(last_year, 6, 1), lines=[(total, "0", 1, [(h, 100)])])
    paid_order(day=date(last_year - 1, 6, 1), lines=[("5000.00", "0", 1, [(a, 100)])])
    services.ledger_backfill()
    # 90% of 100 and 300 (10% retention): 90 and 270 → 180.00 per member household.
    assert "¥180.00" in figure(client.get("/").content.decode())
    with django_assert_num_queries(0):
        assert average_member_household_income(year=last_year) == 180
    paid_order(day=date(last_year, 7, 1), lines=[("200.00", "0", 1, [(a, 100)])])
    services.ledger_backfill()  # posting into last year renews the figure and the page
    assert "¥270.00" in figure(client.get("/").content.decode())
    paid_order(day=timezone.localdate(), lines=[("900.00", "0", 1, [(a, 100)])])
    services.ledger_backfill()  # this year's sales leave last year's figure and the page alone
    assert "¥270.00" in figure(client.get("/").content.decode())


def test_without_entries_the_figure_is_not_shown(client, home):
    assert 'data-figure="household-income"' not in client.get("/").content.decode()


def test_the_figure_is_the_reports_average_to_the_fen():
    # Summed in the database for the home page, it must equal the report's 户均 for the same
    # year: three member households whose total does not divide evenly.
    from earnings.selectors import household_earnings, summarise

    last_year = timezone.localdate().year - 1
    a, b, c = household("TX-01-001"), household("TX-01-002"), household("TX-01-003")
    for h, total in ((a, "100.00"), (b, "33.33"), (c, "0.07")):
        paid_order(day=date(last_year, 3, 1), lines=[(total, "0", 1, [(h, 100)])])
    services.ledger_backfill()
    rows = household_earnings(start=date(last_year, 1, 1), end=date(last_year, 12, 31),
                              members_only=True)
    expected = summarise(rows).average
    assert len(rows) == 3 and expected is not None
    assert average_member_household_income(year=last_year) == expected
