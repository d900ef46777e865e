"""The news part of the demo village: the index in both languages and ten articles over the
past year, each with its English translation; deterministic and idempotent."""

import io
from datetime import timedelta

import pytest

from core.demo import DemoContext
from home import demo as home_demo
from news import demo
from news.models import NewsIndexPage, NewsPage, shanghai_today

pytestmark = pytest.mark.django_db

CHINESE = "\u4e00-\u9fff"


def snapshot():
    return sorted(NewsPage.objects.values_list("locale__language_code", "slug", "title", "date",
                                               "kind"))


def test_demo_news(home, client, settings, tmp_path):
    import re

    settings.MEDIA_ROOT = tmp_path
    ctx = DemoContext(scale=0.05, stdout=io.StringIO())
    home_demo.load(ctx)
    demo.load(ctx)
    first = snapshot()
    demo.load(ctx)
    assert snapshot() == first
    assert NewsIndexPage.objects.count() == 2
    chinese = NewsPage.objects.filter(locale__language_code="zh-hans")
    english = NewsPage.objects.filter(locale__language_code="en", alias_of__isnull=True)
    assert chinese.count() == english.count() == len(demo.ARTICLES) == 10
    today = shanghai_today()
    assert all(today - timedelta(days=366) <= page.date <= today for page in chinese)
    assert {page.kind for page in chinese} == {"village", "notice", "press"}
    for page in english:
        for text in (page.title, page.summary, page.cover_alt, str(page.body)):
            assert not re.search(f"[{CHINESE}]", text), text
        original = chinese.get(translation_key=page.translation_key)
        assert (page.date, page.kind, page.cover_image_id) == (
            original.date, original.kind, original.cover_image_id)
        assert [block.id for block in page.body] == [block.id for block in original.body]
    for page in chinese:
        page.full_clean()
    assert NewsPage.objects.filter(locale__language_code="zh-hans").first().get_workflow()
    for url in ("/news/", "/en/news/", "/news/feed/", "/en/news/feed/", chinese.first().url):
        assert client.get(url).status_code == 200, url
