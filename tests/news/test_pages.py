"""The public news pages: the index (newest first, pages, filters, junk values, query
counts), an article (facts, OpenGraph, NewsArticle JSON-LD, sitemap) and the page tree."""

import json
import re
from datetime import date, timedelta

import pytest
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from news.models import NewsIndexPage, NewsKind, NewsPage, shanghai_today
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_index_only_under_the_home_page_and_holds_only_articles(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title">([^<]*)</h3>', html)


def test_index_lists_newest_first(client, index):
    home = index.get_parent()
    make_article(home, title="上个月", days_ago=30)
    make_article(home, title="今天", days_ago=0)
    make_article(home, title="去年", days_ago=400)
    make_article(home, title="草稿", days_ago=1, live=False)
    response = client.get("/news/")
    assert response.status_code == 200
    assert titles(response.content.decode()) == ["今天", "上个月", "去年"]


def test_a_new_article_defaults_to_today_in_shanghai():
    assert NewsPage().date == shanghai_today()


def test_index_is_paginated_and_bad_page_numbers_give_a_page(client, index):
    home = index.get_parent()
    for n in range(index.per_page + 3):
        make_article(home, title=f"第{n:02d}条", days_ago=n)
    first = titles(client.get("/news/").content.decode())
    assert len(first) == index.per_page and first[0] == "第00条"
    second = client.get("/news/", {"page": "2"})
    assert titles(second.content.decode()) == ["第12条", "第13条", "第14条"]
    for junk in ("999", "-1", "0", "abc", "1e9", "２", "%00"):
        response = client.get("/news/", {"page": junk})
        assert response.status_code == 200, junk
        assert titles(response.content.decode()), junk
    past_the_end = client.get("/news/", {"page": "999"}).content.decode()
    assert titles(past_the_end) == ["第12条", "第13条", "第14条"]


def test_filters_by_year_and_kind(client, index):
    home = index.get_parent()
    this_year = shanghai_today().year
    make_article(home, title="今年通知", on=date(this_year, 1, 2), kind=NewsKind.NOTICE)
    make_article(home, title="今年动态", on=date(this_year, 1, 3), kind=NewsKind.VILLAGE)
    make_article(home, title="前年报道", on=date(this_year - 2, 6, 1), kind=NewsKind.PRESS)
    html = client.get("/news/", {"kind": "notice"}).content.decode()
    assert titles(html) == ["今年通知"]
    html = client.get("/news/", {"year": str(this_year - 2)}).content.decode()
    assert titles(html) == ["前年报道"]
    html = client.get("/news/", {"year": str(this_year), "kind": "village"}).content.decode()
    assert titles(html) == ["今年动态"]
    # The year filter offers the years that have articles, newest first.
    assert html.index(f'<option value="{this_year}"') < html.index(
        f'<option value="{this_year - 2}"')
    assert f'<option value="{this_year - 1}"' not in html


@pytest.mark.parametrize("params", [
    {"year": "abc"}, {"year": "1999"}, {"kind": "<script>"}, {"kind": "press", "year": "x"},
    {"year": "9" * 40}, {"year": "２０２４"},
])
def test_junk_filter_values_show_a_notice_not_an_error(client, index, params):
    make_article(index.get_parent(), title="一条新闻")
    response = client.get("/news/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html
    assert "<script>" not in html.split("<main")[1].split("</main>")[0].replace(
        'type="application/ld+json"', "")


def test_a_repeated_filter_takes_one_value(client, index):
    make_article(index.get_parent(), title="一条通知", kind=NewsKind.NOTICE)
    response = client.get("/news/", {"kind": ["notice", "press"], "page": ["1", "x"]})
    assert response.status_code == 200


def test_junk_filters_in_english_speak_english(client, index):
    make_article(index.get_parent(), title="一条新闻")
    html = client.get("/en/news/", {"year": "abc"}).content.decode()
    assert "This filter was left out." in html


def test_the_index_in_english(client, index):
    from core.translation import sync_aliases

    article = make_article(index.get_parent(), title="村里新鲜事")
    sync_aliases(article)
    response = client.get("/en/news/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Village news" in response.content.decode()


def index_queries(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/news/")  # renditions are files and rows made on the first render
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get("/news/").status_code == 200
    return len(cold)


def test_index_queries_do_not_grow_with_the_articles(client, index, settings):
    from tests.artisans.conftest import own_image

    settings.PAGE_CACHE_SECONDS = 0  # count the listing's own queries, not the page cache's
    home = index.get_parent()
    for n in range(2):
        make_article(home, title=f"新闻{n}", days_ago=n, cover_image=own_image(None, f"图{n}"))
    few = index_queries(client)
    for n in range(2, 14):
        make_article(home, title=f"新闻{n}", days_ago=n, cover_image=own_image(None, f"图{n}"))
    many = index_queries(client)
    assert many == few
    assert few <= 20


def test_warm_index_costs_only_wagtails_routing_and_the_listing(client, index, page_queries):
    # Cards, years and menu come from the cache: what is left is Wagtail finding the page
    # (site, locale, route, view restrictions) and the listing's count and one page of it.
    make_article(index.get_parent(), title="一条新闻")
    cold, warm = page_queries("/news/")
    assert warm < cold and warm <= 11


def test_article_page_shows_facts_opengraph_and_structured_data(client, index):
    from tests.artisans.conftest import own_image

    article = make_article(index.get_parent(), title="满天星冬季开放", kind=NewsKind.NOTICE,
                           on=date(2026, 3, 8), summary="冬天照常开放。",
                           cover_image=own_image(None, "封面"), cover_alt="编了一半的草编小篮",
                           body=[("paragraph", "<p>欢迎来编小篮子。</p>")])
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="description" content="冬天照常开放。">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="满天星冬季开放">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/[^"]+\.jpg">', html)
    assert 'alt="编了一半的草编小篮"' in html
    assert "欢迎来编小篮子。" in html and "通知公告" in html
    assert 'type="application/rss+xml"' in html and 'href="/news/feed/"' in html
    payload = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(payload)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "满天星冬季开放"
    assert data["description"] == "冬天照常开放。"
    assert data["datePublished"] == "2026-03-08"
    assert data["dateModified"].endswith("+08:00")
    assert data["url"] == f"http://testserver{article.url}"
    assert f'<meta property="og:url" content="http://testserver{article.url}">' in html
    assert data["inLanguage"] == "zh-Hans"
    assert data["image"][0].startswith("http://testserver/")
    assert data["publisher"]["name"] == "天星村植物编艺合作社"
    assert "<" not in payload


def test_cover_alt_falls_back_on_the_pictures_title(client, index):
    from tests.artisans.conftest import own_image

    article = make_article(index.get_parent(), cover_image=own_image(None, "竹编果盘"))
    assert article.cover_alt_text == "竹编果盘"
    assert 'alt="竹编果盘"' in client.get(article.url).content.decode()


def test_articles_are_in_the_sitemap(client, index):
    article = make_article(index.get_parent())
    draft = make_article(index.get_parent(), live=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert article.url in sitemap and "/news/</loc>" in sitemap
    assert draft.url not in sitemap


def test_publishing_an_article_renews_the_cached_index(client, index, settings):
    from wagtail.models import Site

    from home.models import CooperativeSettings

    settings.PAGE_CACHE_SECONDS = 3600
    # The settings row is made on a site's first visit, which would renew every page.
    CooperativeSettings.for_site(Site.objects.get(is_default_site=True))
    home = index.get_parent()
    make_article(home, title="旧闻", days_ago=3)
    client.get("/news/")
    assert client.get("/news/")["X-Page-Cache"] == "hit"
    make_article(home, title="新闻", days_ago=0)
    assert titles(client.get("/news/").content.decode()) == ["新闻", "旧闻"]
    draft = NewsPage.objects.get(title="旧闻")
    draft.title = "改了标题的草稿"
    draft.save_revision()  # a draft throws nothing away
    assert client.get("/news/")["X-Page-Cache"] == "hit"


def test_an_old_article_can_be_dated_in_the_past(index):
    article = make_article(index.get_parent(), on=shanghai_today() - timedelta(days=700))
    assert article.date.year <= shanghai_today().year - 1
