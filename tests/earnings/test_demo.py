"""The demo village's books: a year of entries, a closed quarter and an approved
distribution, made again by a second run without any change."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.demo import DemoContext
from earnings import demo
from earnings.models import DistributionRun, LedgerEntry, Period

pytestmark = pytest.mark.django_db


def test_the_demo_books(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("load_demo_village", "--scale", "0.05", "--quiet-logins", stdout=out)
    year = timezone.localdate().year - 1
    months = set(LedgerEntry.objects.filter(entry_date__year=year)
                 .values_list("entry_date__month", flat=True))
    assert len(months) == 12
    assert LedgerEntry.objects.filter(kind="reversal").exists()
    assert Period.objects.filter(year=year, month__in=[10, 11, 12],
                                 closed_at__isnull=False).count() == 3
    run = DistributionRun.objects.get(year=year)
    assert run.status == "approved"
    assert LedgerEntry.objects.filter(kind="patronage").count() == run.lines.filter(
        patronage_return__gt=0).count()
    entries = LedgerEntry.objects.count()
    # The summary counts the entries the load put in the books, not just the backfill's.
    assert f"{entries} ledger entries" in out.getvalue()
    demo.load(DemoContext(scale=0.05))
    assert LedgerEntry.objects.count() == entries
    assert DistributionRun.objects.count() == 1
