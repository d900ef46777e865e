"""Reads for the home page and the site chrome."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from artisans.models import ArtisanPage
from catalogue.models import CatalogueIndexPage
from core.caching import IMAGES, PAGES, VOCABULARIES, cached
from core.pages import live_child_id
from earnings.selectors import average_member_household_income
from exhibitions import selectors as exhibition_selectors
from home.models import HomePage
from news import selectors as news_selectors


@dataclass(frozen=True)
class ImpactFigures:
    artisans: int
    households: int
    # From the earnings ledger: last full year, member households that earned; None if none.
    average_household_income: Decimal | None


def impact_figures() -> ImpactFigures:
    """Counts from the register, never typed in: artisans with a live page in the default
    locale, and households that have at least one of them (one query, cached until a page
    is published or the register changes)."""

    def counts() -> tuple[int, int]:
        figures = ArtisanPage.objects.live().filter(locale__language_code="zh-hans").aggregate(
            artisans=Count("pk"), households=Count("household", distinct=True))
        return figures["artisans"], figures["households"]

    artisans, households = cached((PAGES, VOCABULARIES), "home:impact", counts)
    return ImpactFigures(
        artisans=artisans,
        households=households,
        average_household_income=average_member_household_income(
            year=timezone.localdate().year - 1),
    )


def featured_artisans(*, locale, limit: int = 6) -> list[ArtisanPage]:
    """The artisans with a portrait who updated their page last, in the page's locale
    (shown as cards, see artisans.selectors.artisan_cards). Not the most experienced: they
    all had the same forty-odd years, and a fresh page is worth showing. Which ones is cached
    until a page is published or a picture changes; the pages are read by id."""
    ids = cached((PAGES, IMAGES), f"home:featured-artisans:{locale.pk}:{limit}", lambda: list(
        ArtisanPage.objects.live().filter(locale=locale, portrait__isnull=False)
        .order_by("-last_published_at", "code").values_list("pk", flat=True)[:limit]))
    found = ArtisanPage.objects.live().filter(pk__in=ids).defer_streamfields().in_bulk()
    return [found[pk] for pk in ids if pk in found]


def upcoming_exhibitions(*, locale, limit: int = 3):
    """The next exhibitions (running ones first) for the home page's block."""
    return exhibition_selectors.upcoming_exhibitions(locale=locale, limit=limit)


def shop_page(*, home: HomePage) -> CatalogueIndexPage | None:
    """The shop under this home page (its language's), for the hero's button: found among
    the pages once per publication, then read by id."""
    shop_id = cached(PAGES, f"home:shop:{home.pk}",
                     lambda: live_child_id(home, CatalogueIndexPage) or 0)
    return CatalogueIndexPage.objects.live().filter(pk=shop_id).first() if shop_id else None


def latest_news(*, locale, limit: int = 3):
    """The newest articles for the home page's block (shown as cards, see
    news.selectors.news_cards)."""
    return news_selectors.latest_news(locale=locale, limit=limit)


@HomePage.context_provider
def home_page_context(*, page: HomePage, request) -> dict:
    news = latest_news(locale=page.locale)
    return {"impact": impact_figures(), "featured_artisans": featured_artisans(locale=page.locale),
            "shop": shop_page(home=page),
            "upcoming_exhibitions": upcoming_exhibitions(locale=page.locale),
            "latest_news": news,
            "news_index": news_selectors.news_index(parent=page) if news else None}
