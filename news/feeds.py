"""The news index's RSS feed (/news/feed/, /en/news/feed/): Django's syndication framework,
served by the index page's own route so it follows the page's address and language."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from news import selectors
from news.models import SHANGHAI, NewsIndexPage, NewsPage

# RSS <language> codes (RSS 2.0 names "zh-cn"; Django's language codes otherwise).
RSS_LANGUAGES = {"zh-hans": "zh-cn"}


class NewsFeed(Feed):
    """One instance per request (`NewsIndexPage.feed`): it keeps the request for the items'
    addresses."""

    def __call__(self, request, *args, index_page: NewsIndexPage, **kwargs):
        self.request = request
        self.index_page = index_page
        self.language = RSS_LANGUAGES.get(get_language(), get_language())
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs) -> NewsIndexPage:
        return self.index_page

    def title(self, index_page: NewsIndexPage) -> str:
        return index_page.seo_title or index_page.title

    def link(self, index_page: NewsIndexPage) -> str:
        return index_page.get_url(self.request)

    def description(self, index_page: NewsIndexPage) -> str:
        return (strip_tags(index_page.intro).strip()
                or _("News from the Tianxing village plant-weaving cooperative"))

    def items(self, index_page: NewsIndexPage) -> list[NewsPage]:
        return selectors.feed_items(index_page=index_page)

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.summary

    def item_link(self, item: NewsPage) -> str:
        return item.get_url(self.request)

    def item_pubdate(self, item: NewsPage) -> datetime:
        # The article's day, at the start of that day in the village.
        return datetime.combine(item.date, time(0), SHANGHAI)

    def item_updateddate(self, item: NewsPage) -> datetime | None:
        return item.last_published_at

    def item_categories(self, item: NewsPage) -> list[str]:
        return [item.get_kind_display()]


@NewsIndexPage.route_view("feed")
def serve_feed(request, *, page: NewsIndexPage):
    """A new feed object per request (it keeps the request for the items' addresses)."""
    return NewsFeed()(request, index_page=page)
