"""Reads for the home page and the site chrome."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from wagtail.images import get_image_model

from artisans.models import ArtisanPage, Household
from artisans.selectors import CARD_RENDITIONS


@dataclass(frozen=True)
class ImpactFigures:
    artisans: int
    households: int
    average_household_income: Decimal | None  # None until the earnings ledger provides it


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
        average_household_income=None,
    )


def featured_artisans(*, locale, limit: int = 6):
    """The most experienced artisans with a portrait, in the page's locale."""
    return (
        ArtisanPage.objects.live()
        .filter(locale=locale, portrait__isnull=False)
        .prefetch_related(
            "techniques",
            Prefetch(
                "portrait",
                queryset=get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS),
            ),
        )
        .order_by("-years_weaving", "code")[:limit]
    )
