"""Reads for the home page and the site chrome."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from artisans.models import ArtisanPage, Household
from earnings.selectors import average_member_household_income


@dataclass(frozen=True)
class ImpactFigures:
    artisans: int
    households: int
    # From the earnings ledger: last full year, member households that earned; None if none.
    average_household_income: Decimal | None


def impact_figures() -> ImpactFigures:
    """Counts from the register, never typed in: artisans with a live page in the default
    locale, and households that have at least one of them."""
    live_artisans = ArtisanPage.objects.live().filter(locale__language_code="zh-hans")
    households = Household.objects.aggregate(
        n=Count("pk", filter=Q(artisans__in=live_artisans), distinct=True)
    )["n"]
    return ImpactFigures(
        artisans=live_artisans.count(),
        households=households,
        average_household_income=average_member_household_income(
            year=timezone.localdate().year - 1),
    )


def featured_artisans(*, locale, limit: int = 6):
    """The most experienced artisans with a portrait, in the page's locale (shown as cards,
    see artisans.selectors.artisan_cards)."""
    return (
        ArtisanPage.objects.live()
        .filter(locale=locale, portrait__isnull=False)
        .defer_streamfields()
        .order_by("-years_weaving", "code")[:limit]
    )
