"""The demo commissions: every stage, a revised quote, payments by card and by transfer, two
settled jobs with live case pages (in both languages), and a second run adds nothing."""

import io

import pytest

from commissions import demo
from commissions.models import (
    Commission,
    CommissionCasePage,
    LabourEntry,
    QuoteStatus,
    Settlement,
    Stage,
)
from core.demo import DemoContext
from core.roles import grant_site_permissions
from payments.models import Payment
from tests.commissions.factories import artisan

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_stage_and_loads_once(home, committee_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    grant_site_permissions(home)  # the committee publishes the case pages
    for n in range(14):
        artisan(home, f"A{n + 1:04d}", f"TX-01-{n // 2 + 1:03d}")
    ctx = DemoContext(scale=0.05, stdout=io.StringIO())
    demo.load(ctx)
    stages = set(Commission.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert Commission.objects.count() == 11 and Settlement.objects.count() == 2
    assert Commission.objects.filter(quotes__status=QuoteStatus.SUPERSEDED).exists() or (
        Commission.objects.filter(quotes__status=QuoteStatus.REVISION_REQUESTED).exists())
    assert set(Payment.objects.values_list("provider", flat=True)) == {"stripe", "offline"}
    assert LabourEntry.objects.filter(days__in=["0.5", "1"]).count() == LabourEntry.objects.count()
    cases = CommissionCasePage.objects.live()
    assert cases.filter(locale__language_code="zh-hans").count() == 2
    assert cases.filter(locale__language_code="en").count() == 2
    counts = (Commission.objects.count(), LabourEntry.objects.count(), Payment.objects.count())
    demo.load(DemoContext(scale=0.05, stdout=io.StringIO()))
    assert (Commission.objects.count(), LabourEntry.objects.count(),
            Payment.objects.count()) == counts
