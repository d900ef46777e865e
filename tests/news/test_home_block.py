"""The home page's "latest news": the three newest articles in the page's language and a
link to all of them, for the same number of queries whatever the number of articles."""

import re

import pytest

from tests.artisans.conftest import own_image
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db


def news_block(html: str) -> str:
    return html.split('id="news-heading"')[1].split("</section>")[0]


def test_home_page_shows_the_three_newest_articles(client, index):
    home = index.get_parent()
    for n in range(5):
        make_article(home, title=f"新闻{n}", days_ago=n * 10)
    make_article(home, title="草稿", days_ago=0, live=False)
    block = news_block(client.get("/").content.decode())
    assert re.findall(r'<h3 class="card__title">([^<]*)</h3>', block) == ["新闻0", "新闻1", "新闻2"]
    assert 'href="/news/"' in block and "更多新闻" in block


def test_home_page_without_news_has_no_block(client, home):
    assert 'id="news-heading"' not in client.get("/").content.decode()


def test_english_home_page_shows_english_articles(client, index, locales):
    article = make_article(index.get_parent(), title="秋收集市")
    english = article.copy_for_translation(locales["en"])
    english.title = "Autumn harvest market"
    english.save_revision().publish()
    block = news_block(client.get("/en/").content.decode())
    assert "Autumn harvest market" in block and "秋收集市" not in block
    assert 'href="/en/news/"' in block and "More news" in block


def home_queries(client) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")  # renditions are made on the first render
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get("/").status_code == 200
    return len(cold)


def test_home_queries_do_not_grow_with_the_articles(client, index):
    home = index.get_parent()
    for n in range(3):
        make_article(home, title=f"新闻{n}", days_ago=n, cover_image=own_image(None, f"图{n}"))
    three = home_queries(client)
    for n in range(3, 15):
        make_article(home, title=f"新闻{n}", days_ago=n, cover_image=own_image(None, f"图{n}"))
    fifteen = home_queries(client)
    assert fifteen == three


def test_warm_home_block_costs_one_query_more_than_no_news(client, index, page_queries):
    # The newest articles are asked for either way; with news, the "more" link's index page
    # is one query more. The cards come from the cache.
    _cold, without_news = page_queries("/")
    make_article(index.get_parent(), title="新闻", cover_image=own_image(None, "图"))
    _cold, with_news = page_queries("/")
    assert with_news - without_news == 1
