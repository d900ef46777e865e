"""Template tags of the news: the cards (index and home page, from the shared cache) and an
article's schema.org NewsArticle."""

from __future__ import annotations

import json

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from news import selectors
from news.models import SHANGHAI, NewsPage

register = template.Library()

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
IN_LANGUAGE = {"zh-hans": "zh-Hans"}


@register.simple_tag(takes_context=True)
def news_cards(context, articles) -> list[str]:
    """{% news_cards articles as cards %}: each article's card, as HTML, from the cache."""
    return selectors.news_cards(articles, request=context.get("request"))


def absolute_url(request, page) -> str:
    """The page's address as the visitor reached the site (scheme and host of the request),
    like the feed's links; Wagtail's site root without a request."""
    if request is None:
        return page.get_full_url()
    return request.build_absolute_uri(page.get_url(request))


@register.simple_tag(takes_context=True)
def article_url(context, page) -> str:
    """{% article_url page %}: the absolute address for OpenGraph."""
    return absolute_url(context.get("request"), page)


@register.simple_tag(takes_context=True)
def news_structured_data(context, page: NewsPage, publisher: str = ""):
    """schema.org NewsArticle: headline, summary, dates, picture and publisher, with
    absolute addresses built from the request."""
    request = context.get("request")
    language = get_language()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.search_description or page.summary,
        "datePublished": page.date.isoformat(),
        "url": absolute_url(request, page),
        "mainEntityOfPage": absolute_url(request, page),
        "inLanguage": IN_LANGUAGE.get(language, language),
        "articleSection": page.get_kind_display(),
    }
    if page.last_published_at:
        data["dateModified"] = timezone.localtime(page.last_published_at, SHANGHAI).isoformat()
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
        data["author"] = {"@type": "Organization", "name": publisher}
    if page.cover_image and request is not None:
        data["image"] = [request.build_absolute_uri(
            page.cover_image.get_rendition("fill-1200x630|format-jpeg").url)]
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
