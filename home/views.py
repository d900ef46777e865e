"""The site search: works (through the catalogue's Chinese-aware search) and artisans; and the
visitor's own state, which whole pages served from the cache never contain."""

from django.db.models import Q
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from artisans.models import ArtisanPage
from catalogue.models import ProductPage
from catalogue.search import query_terms, search_works
from catalogue.selectors import PRODUCTS_PER_PAGE, SORT_ORDERS, product_cards
from core.pages import paginate
from orders.cart import Cart

SEARCH_QUERY_MAX_LENGTH = 100
ARTISANS_SHOWN = 12
ARTISANS_PER_PAGE = 60


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
        # Artisans are few (hundreds): plain substring matching on names (Chinese and pinyin,
        # so "Meng" finds 孟秀兰 on both sites) and biographies finds Chinese names that no
        # full-text engine would split into words.
        matches = Q()
        for word in query.split():
            matches &= (Q(title__icontains=word) | Q(name_pinyin__icontains=word)
                        | Q(biography__icontains=word))
        artisans = (
            ArtisanPage.objects.live().filter(locale=locale).filter(matches)
            .defer_streamfields().order_by("-years_weaving", "id")
        )
    elif query:
        notices.append(_("Type a word or a name to search for."))
    # "See all artisans" lists every matching artisan, page by page, instead of the works.
    all_artisans = request.GET.get("show") == "artisans"
    artisan_count = artisans.count() if terms else 0
    context = {"query": query, "notices": notices, "artisan_count": artisan_count,
               "all_artisans": all_artisans, "has_own_search": True}
    if all_artisans:
        artisan_page = paginate(artisans, request.GET.get("page"), ARTISANS_PER_PAGE, notices)
        context.update(artisans=artisan_page.object_list, artisan_page=artisan_page)
    else:
        context.update(artisans=artisans[:ARTISANS_SHOWN],
                       results=paginate(works, request.GET.get("page"), PRODUCTS_PER_PAGE,
                                        notices))
    return render(request, "home/search.html", context)


@require_GET
@never_cache
def visitor(request):
    """What belongs to this visitor alone, for the page they are on (static/js/visitor.js):
    the number of pieces in their cart. Public pages are cached whole and shared by every
    anonymous visitor, so this is never part of them."""
    return JsonResponse({"cart_count": Cart(request.session).count})


def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page says."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
