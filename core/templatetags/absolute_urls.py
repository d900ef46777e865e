"""{% load absolute_urls %}: full addresses on the host of the request (core.http), for
canonical links, OpenGraph and structured data."""

from django import template

from core.http import absolute_page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_full_url(context, page) -> str:
    """{% page_full_url page %}: the page's address on the visitor's host."""
    return absolute_page_url(context["request"], page)


@register.simple_tag(takes_context=True)
def full_url(context, url) -> str:
    """{% full_url picture.url %}: a path (or an address elsewhere, kept) made absolute."""
    return context["request"].build_absolute_uri(url) if url else ""
