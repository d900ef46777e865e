"""Which charter version is in force on a day, for one lookup or for a batch of postings, and
the provider `core.rates.charter_rate` asks (registered in `EarningsConfig.ready`)."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from decimal import Decimal

from django.utils import timezone

from earnings.models import Charter

RATE_NAMES = ("product_retention", "commission_retention", "reserve_rate", "patronage_share")


class CharterBook:
    """Every version, read once: `in_force(day)` without a query per posting."""

    def __init__(self):
        self.versions = list(Charter.objects.order_by("effective_from", "pk"))
        self.starts = [version.effective_from for version in self.versions]

    def in_force(self, day: date | None = None) -> Charter:
        day = day or timezone.localdate()
        index = bisect_right(self.starts, day)
        if index == 0:
            return Charter.defaults()
        return self.versions[index - 1]


def charter_in_force(day: date | None = None) -> Charter:
    day = day or timezone.localdate()
    version = (Charter.objects.filter(effective_from__lte=day)
               .order_by("-effective_from", "-pk").first())
    return version or Charter.defaults()


def rate_provider(name: str, on: date | None) -> Decimal | None:
    if name not in RATE_NAMES:
        return None
    return getattr(charter_in_force(on), name)
