"""Chinese and English search over works (shop and site search) and artisans."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.search import han_ngrams, query_terms
from catalogue.tasks import reindex_artisan_works

pytestmark = pytest.mark.django_db


def test_han_text_is_indexed_as_characters_and_bigrams():
    assert han_ngrams("紫薇编织") == ["紫", "薇", "编", "织", "紫薇", "薇编", "编织"]
    assert query_terms("满天星 Basket") == ["满天", "天星", "basket"]
    assert query_terms("藤") == ["藤"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("紫薇", {"紫薇活体编织·孔雀"}),
        ("编织", {"紫薇活体编织·孔雀", "竹编菜篮", "草编斗笠"}),  # title or summary
        ("竹编", {"竹编菜篮", "Bamboo pendant lamp"}),  # the technique's name
        ("王秀兰", {"竹编菜篮", "Bamboo pendant lamp", "草编斗笠"}),  # a maker's name
        ("lamp", {"Bamboo pendant lamp"}),
        ("孔雀 紫薇", {"紫薇活体编织·孔雀"}),
        ("熊猫", set()),
    ],
)
def test_shop_search_finds_chinese_and_english_words(client, works, query, expected):
    response = client.get("/shop/", {"q": query})
    assert response.status_code == 200
    assert {p.title for p in response.context["listing"].page_obj} == expected


def test_search_combines_with_filters_and_sorting(client, works):
    response = client.get("/shop/", {"q": "竹编", "availability": "made_to_order",
                                      "sort": "-price"})
    assert [p.title for p in response.context["listing"].page_obj] == ["Bamboo pendant lamp"]


def test_relevance_sort_is_available_for_a_search(client, works):
    response = client.get("/shop/", {"q": "紫薇", "sort": "relevance"})
    assert [p.title for p in response.context["listing"].page_obj] == ["紫薇活体编织·孔雀"]


def test_site_search_covers_works_and_artisans(client, works):
    response = client.get("/search/", {"q": "王秀兰"})
    html = response.content.decode()
    assert [a.title for a in response.context["artisans"]] == ["王秀兰"]
    assert "竹编菜篮" in html
    response = client.get("/search/", {"q": "紫薇"})
    assert [p.title for p in response.context["results"]] == ["紫薇活体编织·孔雀"]


def test_site_search_shortens_very_long_queries(client, works):
    response = client.get("/search/", {"q": "紫" * 5000})
    assert response.status_code == 200
    assert response.context["notices"]


def shop_search(client, query):
    return {p.title for p in client.get("/shop/", {"q": query}).context["listing"].page_obj}


def test_renaming_an_artisan_reindexes_their_works(client, works, artisans,
                                                    django_capture_on_commit_callbacks):
    wang = artisans["wang"]
    assert shop_search(client, "张春燕") == set()
    wang.title = "张春燕"
    with django_capture_on_commit_callbacks(execute=True):
        wang.save_revision().publish()
    assert shop_search(client, "张春燕") == {"竹编菜篮", "Bamboo pendant lamp", "草编斗笠"}
    assert shop_search(client, "王秀兰") == set()
    response = client.get("/search/", {"q": "张春燕"})
    assert {p.title for p in response.context["results"]} == {
        "竹编菜篮", "Bamboo pendant lamp", "草编斗笠"}


def test_reindexing_an_artisans_works_covers_their_translations(works, artisans, locales):
    english = artisans["wang"].copy_for_translation(locales["en"], copy_parents=True)
    assert reindex_artisan_works.enqueue(english.pk).return_value == 3
    assert reindex_artisan_works.enqueue(artisans["li"].pk).return_value == 2


@pytest.mark.skipif(connection.vendor != "sqlite",
                    reason="PostgreSQL's search is the backend's own query, not cached")
def test_a_repeated_search_reads_its_matches_from_the_cache(client, works):
    with CaptureQueriesContext(connection) as first:
        assert shop_search(client, "编织") == {"紫薇活体编织·孔雀", "竹编菜篮", "草编斗笠"}
    with CaptureQueriesContext(connection) as again:
        assert shop_search(client, "编织") == {"紫薇活体编织·孔雀", "竹编菜篮", "草编斗笠"}
    # The full-text match (and its count) ran once; the second visit looks the ids up.
    assert not any("MATCH" in q["sql"] or "@@" in q["sql"] for q in again.captured_queries)
    assert len(again.captured_queries) < len(first.captured_queries)


def test_reindexing_after_a_rename_renews_cached_searches(client, works, artisans):
    # A search cached before the makers' names changed must not outlive the re-index, even
    # when no page of the shop was published (the task runs after the artisan's publish).
    assert shop_search(client, "王秀兰") == {"竹编菜篮", "Bamboo pendant lamp", "草编斗笠"}
    wang = artisans["wang"]
    type(wang).objects.filter(pk=wang.pk).update(title="张春燕")
    reindex_artisan_works.enqueue(wang.pk)
    assert shop_search(client, "王秀兰") == set()
    assert shop_search(client, "张春燕") == {"竹编菜篮", "Bamboo pendant lamp", "草编斗笠"}
