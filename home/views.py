"""The site search: works (through the catalogue's Chinese-aware search) and artisans, and
the redirect from /zh-hans/ to the unprefixed Chinese addresses."""

import re

from django.db.models import Q
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Locale

from artisans.models import ArtisanPage
from catalogue.models import ProductPage
from catalogue.search import query_terms, search_works
from catalogue.selectors import SORT_ORDERS, paginate, product_cards

SEARCH_QUERY_MAX_LENGTH = 100
# Slashes, backslashes, spaces and control characters (browsers drop tabs and newlines from
# addresses, so "/\t/evil.example" is "//evil.example" to them).
LEADING_SLASHES = re.compile(r"^[/\\\s\x00-\x1f]+")
ARTISANS_SHOWN = 12


def unprefixed_chinese(request, rest: str):
    """/zh-hans/<rest> → /<rest>, Chinese's one canonical address. Leading slashes and
    backslashes are dropped: `/zh-hans//evil.example/` must not become `//evil.example/`,
    which a browser reads as another site."""
    target = "/" + LEADING_SLASHES.sub("", rest)
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target)


def search(request):
    query = request.GET.get("q", "").strip()
    notices = []
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        query = query[:SEARCH_QUERY_MAX_LENGTH]
        notices.append(_("Your search was shortened to its first %(n)d characters.")
                       % {"n": SEARCH_QUERY_MAX_LENGTH})
    locale = Locale.get_active()
    terms = query_terms(query)
    works = ProductPage.objects.none()
    artisans = ArtisanPage.objects.none()
    if terms:
        works = search_works(
            product_cards(ProductPage.objects.live().filter(locale=locale))
            .order_by(*SORT_ORDERS["newest"]),
            terms,
        )
        # Artisans are few (hundreds): plain substring matching on names and biographies
        # finds Chinese names that no full-text engine would split into words.
        matches = Q()
        for word in query.split():
            matches &= Q(title__icontains=word) | Q(biography__icontains=word)
        artisans = (
            ArtisanPage.objects.live().filter(locale=locale).filter(matches)
            .defer_streamfields().order_by("-years_weaving", "id")
        )
    elif query:
        notices.append(_("Type a word or a name to search for."))
    page_obj = paginate(works, request.GET.get("page"), notices)
    return render(
        request,
        "home/search.html",
        {
            "query": query,
            "results": page_obj,
            "notices": notices,
            "artisans": artisans[:ARTISANS_SHOWN],
            "artisan_count": artisans.count() if terms else 0,
        },
    )
