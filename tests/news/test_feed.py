"""The RSS feed at /news/feed/ and /en/news/feed/, parsed back with xml.etree: titles,
absolute links and dates in the village's time zone, newest first, drafts left out."""

import xml.etree.ElementTree as ET
from datetime import date
from email.utils import parsedate_to_datetime

import pytest

from core.translation import sync_aliases
from news.models import SHANGHAI
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel")


def test_feed_lists_the_articles_newest_first(client, index):
    home = index.get_parent()
    older = make_article(home, title="春季采购通知", on=date(2026, 3, 1), summary="登记数量。")
    newer = make_article(home, title="秋收集市", on=date(2026, 9, 20), summary="两天集市。")
    make_article(home, title="草稿", on=date(2026, 10, 1), live=False)
    channel = parse(client.get("/news/feed/"))
    assert channel.findtext("title") == "新闻动态"
    assert channel.findtext("link") == "http://testserver/news/"
    assert channel.findtext("language") == "zh-cn"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["秋收集市", "春季采购通知"]
    assert [item.findtext("link") for item in items] == [
        f"http://testserver{newer.url}", f"http://testserver{older.url}"]
    assert items[0].findtext("description") == "两天集市。"
    assert items[0].findtext("category") == "村里动态"
    published = parsedate_to_datetime(items[0].findtext("pubDate"))
    assert published.astimezone(SHANGHAI).date() == date(2026, 9, 20)


def test_english_feed(client, index, locales):
    article = make_article(index.get_parent(), title="秋收集市", on=date(2026, 9, 20))
    sync_aliases(index)
    english = article.copy_for_translation(locales["en"])
    english.title = "Autumn harvest market"
    english.summary = "A two-day market."
    english.save_revision().publish()
    channel = parse(client.get("/en/news/feed/"))
    assert channel.findtext("language") == "en"
    assert channel.findtext("link") == "http://testserver/en/news/"
    item = channel.find("item")
    assert item.findtext("title") == "Autumn harvest market"
    assert item.findtext("link") == f"http://testserver/en{article.url}"
    assert item.findtext("category") == "Village news"


def test_index_page_announces_its_feed(client, index):
    html = client.get("/news/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/news/feed/"' in html


def test_feed_of_an_empty_section_is_valid(client, index):
    channel = parse(client.get("/news/feed/"))
    assert channel.findall("item") == []
