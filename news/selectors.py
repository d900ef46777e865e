"""Reads for the news: the index's listing, the home page's latest articles, the cards
(from the shared cache) and the feed's items. Query counts here are pinned by tests."""

from __future__ import annotations

from django.db.models import F, Prefetch, prefetch_related_objects
from django.db.models.functions import ExtractYear
from wagtail.images import get_image_model

from core.caching import IMAGES, PAGES, cached, cached_cards
from core.pages import Listing, build_listing, live_child_id
from news.filters import NewsFilterSet
from news.models import NewsIndexPage, NewsPage

# The cards' cover as news/news_card.html asks for it (16:9, two widths, three formats).
CARD_RENDITIONS = [f"fill-{size}|format-{fmt}" for size in ("480x270", "960x540")
                   for fmt in ("avif", "webp", "jpeg")]
# Newest first; on the same day, the one published last first.
NEWEST_FIRST = [F("date").desc(), F("first_published_at").desc(nulls_last=True), F("pk").desc()]
FEED_ITEMS = 20


def live_articles(*, locale):
    return NewsPage.objects.live().public().filter(locale=locale).defer_streamfields()


def news_years(articles) -> list[int]:
    """Every year with an article, newest first (the year filter's choices)."""
    return list(articles.annotate(year=ExtractYear("date")).order_by("-year")
                .values_list("year", flat=True).distinct())


@NewsIndexPage.listed_by
def news_listing(*, page: NewsIndexPage, request) -> Listing:
    """The live articles under the index, newest first, filtered by year and kind; a bad
    filter value is left out with a notice, a bad page number gives the first or last
    page."""
    params = request.GET
    articles = live_articles(locale=page.locale).child_of(page)
    years = cached(PAGES, f"news-years:{page.pk}", lambda: news_years(articles))
    filterset = NewsFilterSet(params, queryset=articles, years=years)
    matches = filterset.qs if filterset.is_valid() else articles
    return build_listing(filterset=filterset, results=matches.order_by(*NEWEST_FIRST),
                         page_number=params.get("page"), per_page=page.per_page)


def latest_news(*, locale, limit: int = 3) -> list[NewsPage]:
    """The newest articles in this language, for the home page: one query, whatever the
    number of articles."""
    return list(live_articles(locale=locale).order_by(*NEWEST_FIRST)[:limit])


def news_index(*, parent) -> NewsIndexPage | None:
    """The news index under `parent` (a home page), for the home block's "more" link: found
    among the pages once per publication, then read by id."""
    index_id = cached(PAGES, f"news-index:{parent.pk}",
                      lambda: live_child_id(parent, NewsIndexPage) or 0)
    return NewsIndexPage.objects.live().filter(pk=index_id).first() if index_id else None


def news_cards(articles, *, request) -> list[str]:
    """Each article's card (news/news_card.html) as HTML, from the shared cache. A card
    changes when its article is published or moved, or its picture changes; the cards not
    cached are rendered together, their covers and renditions fetched in two queries
    whatever their number."""

    def prefetch(articles):
        prefetch_related_objects(articles, Prefetch(
            "cover_image", queryset=get_image_model().objects.prefetch_renditions(
                *CARD_RENDITIONS)))

    return cached_cards(articles, template="news/news_card.html", name="article",
                        request=request, prefetch=prefetch, families=(IMAGES,))


def feed_items(*, index_page: NewsIndexPage, limit: int = FEED_ITEMS) -> list[NewsPage]:
    """The newest articles under the index, for its RSS feed."""
    return list(live_articles(locale=index_page.locale).child_of(index_page)
                .order_by(*NEWEST_FIRST)[:limit])
