"""The English article keeps in step with the Chinese one: when the Chinese article is
published, its date, kind and cover reach the English page at once; its title, summary and
body stay as translated."""

from datetime import date

import pytest

from core.demo.pages import block_id
from news.models import NewsKind, NewsPage
from tests.artisans.conftest import own_image
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db


def test_facts_follow_the_chinese_article_and_words_stay_translated(index, locales, client):
    first_cover, second_cover = own_image(None, "封面一"), own_image(None, "封面二")
    body_id = block_id("news-sync", "body", 0)
    article = make_article(
        index.get_parent(), title="秋收集市", slug="news-sync", on=date(2026, 9, 20),
        kind=NewsKind.VILLAGE, summary="两天集市。", cover_image=first_cover,
        body=[{"type": "paragraph", "id": body_id, "value": "<p>手艺人现场编织。</p>"}])
    english = article.copy_for_translation(locales["en"])
    english.title = "Autumn harvest market"
    english.summary = "A two-day market."
    english.body = [{"type": "paragraph", "id": body_id, "value": "<p>Weavers at work.</p>"}]
    english.save_revision().publish()

    article = NewsPage.objects.get(pk=article.pk)
    article.date = date(2026, 9, 27)
    article.kind = NewsKind.PRESS
    article.cover_image = second_cover
    article.save_revision().publish()

    english = NewsPage.objects.get(pk=english.pk)
    assert english.date == date(2026, 9, 27)
    assert english.kind == NewsKind.PRESS
    assert english.cover_image == second_cover
    assert english.title == "Autumn harvest market"
    assert english.summary == "A two-day market."
    assert "Weavers at work." in str(english.body)
    html = client.get(english.url).content.decode()
    assert "In the press" in html and "Autumn harvest market" in html


def test_translatable_and_synchronised_fields_are_declared():
    from wagtail_localize.fields import SynchronizedField, TranslatableField

    fields = {field.field_name: type(field) for field in NewsPage.override_translatable_fields}
    for name in ("date", "kind", "cover_image"):
        assert fields[name] is SynchronizedField, name
    for name in ("title", "summary", "body", "cover_alt"):
        assert fields[name] is TranslatableField, name
