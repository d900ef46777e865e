"""Template tags for the shop: an artisan's works, structured data and language alternates."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from wagtail.models import Page

from catalogue import selectors
from core.http import absolute_page_url
from core.i18n import page_translations

register = template.Library()

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.inclusion_tag("catalogue/artisan_works.html", takes_context=True)
def artisan_works(context, artisan):
    """{% artisan_works page %} on an artisan's page: their live works as cards."""
    return {"works": list(selectors.artisan_works(artisan=artisan)), "artisan": artisan,
            "request": context.get("request")}


@register.simple_tag(takes_context=True)
def product_cards(context, products) -> list[str]:
    """{% product_cards works as cards %}: each work's card, as HTML, from the cache."""
    return selectors.product_card_html(products, request=context.get("request"))


@register.simple_tag(takes_context=True)
def make_another_url(context, product) -> str:
    """Where "ask the artisan to make one" leads from a sold-out work: the commission
    request form with the work named, where the commissions app is installed; otherwise the
    made-to-order works of the same makers."""
    try:
        return f"{reverse('commissions:request')}?{urlencode({'work': product.pk})}"
    except NoReverseMatch:
        pass
    maker = (product.makers.order_by("sort_order", "pk")
             .values_list("artisan_id", flat=True).first())
    query = {"availability": "made_to_order"}
    if maker:
        query["maker"] = maker
    return f"{product.get_parent().get_url(context.get('request'))}?{urlencode(query)}"


@register.simple_tag
def json_ld(data) -> str:
    """A <script type="application/ld+json"> block that cannot be closed early by the data."""
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def product_structured_data(context, page, details):
    """schema.org Product for a work: name, images, price in CNY and availability."""
    request = context["request"]
    images = [
        request.build_absolute_uri(item.image.get_rendition("fill-1200x630|format-jpeg").url)
        for item in details["gallery"]
    ]
    if page.made_to_order:
        availability = "https://schema.org/PreOrder"
    elif page.in_stock:
        availability = "https://schema.org/InStock"
    else:
        availability = "https://schema.org/SoldOut"
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": page.title,
        "description": page.search_description or page.summary,
        "image": images,
        "sku": str(page.translation_key),
        "category": page.category.display_name,
        "material": ", ".join(material.display_name for material in details["materials"]),
        "brand": {"@type": "Brand", "name": settings.WAGTAIL_SITE_NAME},
        "offers": {
            "@type": "Offer",
            "url": absolute_page_url(request, page),
            "priceCurrency": "CNY",
            "price": str(page.price),
            "availability": availability,
        },
    }
    return json_ld(data)


@register.simple_tag(takes_context=True)
def canonical_url(context, page) -> str:
    """The page's one public address, without filters or tracking parameters."""
    return absolute_page_url(context["request"], page)


@register.simple_tag(takes_context=True)
def alternate_links(context, page):
    """hreflang alternates: the page in each site language it exists in (live)."""
    request = context["request"]
    if not isinstance(page, Page):
        return []
    links = []
    for code, urls in page_translations(request, page).items():
        hreflang = "zh-Hans" if code == "zh-hans" else code
        links.append({"hreflang": hreflang, "url": urls["full_url"],
                      "default": code == settings.LANGUAGE_CODE})
    return links
