from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

SEARCH_QUERY_MAX_LENGTH = 100


def search(request):
    query = request.GET.get("q", "").strip()
    message = ""
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        query = query[:SEARCH_QUERY_MAX_LENGTH]
        message = _("Your search was shortened to its first %(n)d characters.") % {
            "n": SEARCH_QUERY_MAX_LENGTH
        }
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .exclude(depth__lte=2)
            .search(query)
        )
    paginator = Paginator(results, 20)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages or 1)
    return render(
        request,
        "tianxing/search.html",
        {"query": query, "results": page_obj, "message": message},
    )
