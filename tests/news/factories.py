"""News for tests: the index under the home page and articles dated as asked."""

from __future__ import annotations

from datetime import date, timedelta

from news.models import NewsIndexPage, NewsKind, NewsPage, shanghai_today


def news_index(home) -> NewsIndexPage:
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsIndexPage(title="新闻动态", slug="news")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def make_article(home, *, title="村里新鲜事", days_ago: int = 0, on: date | None = None,
                 kind=NewsKind.VILLAGE, summary="一句话摘要。", live=True, **fields) -> NewsPage:
    index = news_index(home)
    page = NewsPage(title=title, slug=fields.pop("slug", f"news-{NewsPage.objects.count() + 1}"),
                    date=on or shanghai_today() - timedelta(days=days_ago), kind=kind,
                    summary=summary, **fields)
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    return NewsPage.objects.get(pk=page.pk)
