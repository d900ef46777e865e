"""The showcase: a case page made from a closed commission, listed (and filtered by kind)
under /commissions/, each linking to the request form; case slugs may not shadow the
request form or the tracking pages."""

import pytest
from django.core.exceptions import ValidationError

from commissions import services
from commissions.models import CommissionCaseIndexPage, CommissionCasePage, Stage
from core.roles import grant_site_permissions
from tests.commissions.factories import make_accepted, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def showcase(home):
    index = CommissionCaseIndexPage(title="定制工程", slug="commissions")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def closed(commission):
    type(commission).objects.filter(pk=commission.pk).update(stage=Stage.CLOSED)
    commission.refresh_from_db()
    return commission


def test_a_closed_commission_becomes_a_listed_case(client, showcase, committee_user, home):
    grant_site_permissions(home)
    with pytest.raises(services.CommissionError):
        services.case_page_create(commission=make_request(), index_page=showcase)
    commission = closed(make_accepted())
    page = services.case_page_create(commission=commission, index_page=showcase,
                                     actor=committee_user, publish=True)
    assert page.live and page.kind == "arch" and page.place.startswith("温江区寿安镇")
    assert services.case_page_create(commission=commission, index_page=showcase).pk == page.pk
    listing = client.get("/commissions/").content.decode()
    assert page.title in listing and "/commissions/request/" in listing
    assert page.title not in client.get("/commissions/?kind=green_wall").content.decode()
    assert "/commissions/request/" in client.get(page.url).content.decode()


def test_case_slugs_may_not_shadow_the_form_or_tracking(showcase):
    page = CommissionCasePage(title="拱门", slug="track", place="温江", year=2026)
    with pytest.raises(ValidationError):
        page.full_clean()
