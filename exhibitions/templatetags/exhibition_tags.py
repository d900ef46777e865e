"""Template tags of the exhibitions app: "exhibited at …" on artisan and work pages (those
apps sit below this one, so their templates load this library), an exhibition's schema.org
Event, and the QR codes of the label sheet."""

from __future__ import annotations

import json

import segno
from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from artisans.models import ArtisanPage
from core.caching import PAGES, cached
from core.http import absolute_page_url
from exhibitions import selectors
from exhibitions.models import SHANGHAI

register = template.Library()

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.inclusion_tag("exhibitions/exhibited_at.html")
def exhibited_at(page):
    """{% exhibited_at page %} on an artisan's or a work's page: the exhibitions that
    featured it, newest first."""
    kind = "artisan" if isinstance(page, ArtisanPage) else "product"

    def build():
        return [{"title": exhibition.title, "url": exhibition.get_url(),
                 "starts_on": exhibition.starts_on}
                for exhibition in selectors.exhibitions_featuring(**{kind: page})]

    # Cached with the pages family, which every publish renews: a warm page costs no query.
    return {"exhibitions": cached(PAGES, f"exhibited-at:{kind}:{page.pk}", build)}


@register.simple_tag(takes_context=True)
def exhibition_structured_data(context, page, sessions):
    """schema.org Event: one per exhibition, its sessions as sub-events."""
    request = context.get("request")

    def when(value):
        return timezone.localtime(value, SHANGHAI).isoformat()

    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.search_description or page.summary,
        "startDate": page.starts_on.isoformat(),
        "endDate": page.ends_on.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": absolute_page_url(request, page),
        "location": {"@type": "Place", "name": page.venue,
                     "address": page.address or page.venue},
        "isAccessibleForFree": page.is_free,
        "subEvent": [
            {"@type": "Event", "name": str(place.session),
             "startDate": when(place.session.starts_at), "endDate": when(place.session.ends_at),
             "maximumAttendeeCapacity": place.session.capacity,
             "remainingAttendeeCapacity": place.left}
            for place in sessions
        ],
    }
    if page.organiser:
        data["organizer"] = {"@type": "Organization", "name": page.organiser}
    if not page.is_free:
        data["offers"] = {"@type": "Offer", "price": str(page.admission_price),
                          "priceCurrency": "CNY"}
    if page.cover_image and request is not None:
        data["image"] = [request.build_absolute_uri(
            page.cover_image.get_rendition("fill-1200x630|format-jpeg").url)]
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag
def qr_svg(url: str, scale: int = 3) -> str:
    """A QR code of `url` as inline SVG (segno; no external service)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, title=url))  # noqa: S308
