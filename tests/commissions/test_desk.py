"""The committee's desk in the admin: the list's queries do not grow with the number of
commissions, overdue payments stand out, the file shows everything, actions go through the
services with messages, and only the right groups get in."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commissions.models import Commission, Milestone, Settlement, Stage
from tests.commissions.factories import (
    artisan,
    make_accepted,
    make_contracted,
    make_request,
    pay_all,
)
from tests.conftest import user_in_group

pytestmark = pytest.mark.django_db
INDEX = "/admin/commissions/"


@pytest.fixture
def committee_client(client, committee_user):
    client.force_login(committee_user)
    return client


def list_queries(client, url=INDEX):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_list_costs_the_same_queries_for_3_and_30_commissions(committee_client, home):
    for _ in range(3):
        make_contracted()
    list_queries(committee_client)  # the first admin request loads the user's settings
    few, _html = list_queries(committee_client)
    for _ in range(27):
        make_request()
    many, html = list_queries(committee_client)
    assert few == many <= 15
    filtered, _html = list_queries(committee_client, INDEX + "?stage=contracted&overdue=true")
    assert filtered <= 15


def test_counts_per_stage_and_overdue_payments_stand_out(committee_client, home):
    late = make_contracted()
    Milestone.objects.filter(commission=late, sequence=1).update(
        due_on=timezone.localdate() - timedelta(days=3))
    make_request()
    _queries, html = list_queries(committee_client)
    assert "commission-stages" in html and "commission-overdue" in html
    _queries, html = list_queries(committee_client, INDEX + "?overdue=true")
    assert late.reference in html


def test_the_file_shows_the_job_and_its_actions(committee_client, home):
    commission = make_accepted()
    pay_all(commission)
    response = committee_client.get(f"{INDEX}inspect/{commission.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for part in (commission.reference, "¥10,000.00", "BANK-", commission.get_absolute_url()):
        assert part in html


def test_moves_and_bad_input_come_back_as_messages(committee_client, home):
    commission = make_request()
    url = f"{INDEX}inspect/{commission.pk}/move/"
    response = committee_client.post(url, {"to_stage": "installed"}, follow=True)
    assert response.status_code == 200
    commission.refresh_from_db()
    assert commission.stage == Stage.INQUIRY
    assert list(response.context["messages"])[0].level_tag == "error"
    committee_client.post(url, {"to_stage": "site_survey", "note": "约好周三"})
    commission.refresh_from_db()
    assert commission.stage == Stage.SITE_SURVEY


def test_labour_from_the_desk_is_checked(committee_client, home):
    commission = make_contracted()
    a = artisan(home, "A0001", "TX-01-001")
    base = f"{INDEX}inspect/{commission.pk}/"
    committee_client.post(base + "team-add/", {"artisan_code": "a0001"})
    assert commission.team.filter(artisan=a).exists()
    response = committee_client.post(base + "labour-add/", {
        "artisan_code": "A0001", "date": timezone.localdate().isoformat(), "days": "0.3",
        "skill_coefficient": "1"}, follow=True)
    assert not commission.labour_entries.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_settling_from_the_desk(client, home):
    commission = make_accepted()
    member = artisan(home, "A0001", "TX-01-001")
    from commissions import services

    services.team_add(commission=commission, artisan=member)
    services.labour_add(commission=commission, artisan=member,
                        date=timezone.localdate() - timedelta(days=1), days=1)
    pay_all(commission)
    client.force_login(user_in_group("Accountants", username="acc"))
    url = f"{INDEX}inspect/{commission.pk}/settle/"
    page = client.get(url)
    assert page.status_code == 200 and "8500.00" in page.content.decode()
    client.post(url)
    assert Settlement.objects.get(commission=commission).labour_pool == 8500
    client.post(url)
    assert Settlement.objects.count() == 1


def test_artisans_and_strangers_stay_out(client, home):
    commission = make_request()
    client.force_login(user_in_group("Artisans", username="weaver"))
    assert client.get(INDEX).status_code in (302, 403)
    response = client.post(f"{INDEX}inspect/{commission.pk}/move/", {"to_stage": "declined"})
    assert response.status_code in (302, 403)
    commission.refresh_from_db()
    assert commission.stage == Stage.INQUIRY
    accountant = user_in_group("Accountants", username="acc2")
    client.force_login(accountant)
    client.post(f"{INDEX}inspect/{commission.pk}/move/", {"to_stage": "declined"})
    assert Commission.objects.get(pk=commission.pk).stage == Stage.INQUIRY


def test_quotes_and_milestone_plans_from_the_desk(committee_client, home):
    from datetime import date

    commission = make_request()
    base = f"{INDEX}inspect/{commission.pk}/"
    committee_client.post(base + "move/", {"to_stage": "site_survey"})
    form = committee_client.get(base + "quote-new/")
    assert form.status_code == 200
    lines = {"lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0",
             "lines-MIN_NUM_FORMS": "1", "lines-MAX_NUM_FORMS": "40",
             "lines-0-kind": "materials", "lines-0-description": "柳条", "lines-0-quantity": "3",
             "lines-0-unit": "捆", "lines-0-unit_price": "333.33",
             "lines-1-kind": "labour", "lines-1-description": "工日", "lines-1-quantity": "2.5",
             "lines-1-unit": "工日", "lines-1-unit_price": "300.00",
             "valid_until": (timezone.localdate() + timedelta(days=20)).isoformat()}
    assert committee_client.post(base + "quote-new/", lines).status_code == 302
    quote = commission.quotes.get()
    assert str(quote.total) == "1749.99"
    committee_client.post(base + "issue-quote/", {"quote": quote.pk})
    from commissions import services

    services.quote_accept(quote=quote, name="张丽")
    plan = {"ms-TOTAL_FORMS": "2", "ms-INITIAL_FORMS": "0", "ms-MIN_NUM_FORMS": "1",
            "ms-MAX_NUM_FORMS": "12",
            "ms-0-label": "定金", "ms-0-amount": "500.00", "ms-0-due_on": "2030-01-01",
            "ms-1-label": "尾款", "ms-1-percent": "100", "ms-1-due_on": "2030-06-01"}
    assert committee_client.post(base + "milestones/", plan).status_code == 302
    assert [str(m.amount) for m in commission.milestones.all()] == ["500.00", "1249.99"]
    assert commission.milestones.first().due_on == date(2030, 1, 1)
    plan["ms-1-percent"] = "90"
    response = committee_client.post(base + "milestones/", plan)
    assert response.status_code == 400 and "90" in response.content.decode()
    assert commission.milestones.count() == 2



def test_only_commissions_needing_attention_carry_a_mark(committee_client, home):
    """The list marks what needs attention and leaves the other rows empty (no red ✗)."""
    make_request()
    flagged = make_request()
    Commission.objects.filter(pk=flagged.pk).update(needs_attention=True)
    _queries, html = list_queries(committee_client)
    rows = html.split('class="listing')[1].split("<tbody")[1].split("</tbody>")[0]
    assert rows.count("需要处理") == 1
    assert "icon-cross" not in rows
