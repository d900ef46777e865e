"""Reads for the shop: the filtered listing, the vocabularies behind its selects, a work's
details and an artisan's works. Query counts here are pinned by tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db.models import F, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from artisans.models import ArtisanPage, Technique
from catalogue.models import (
    Category,
    Material,
    ProductGalleryImage,
    ProductMaker,
    ProductPage,
    StockRecord,
)
from catalogue.search import query_terms, search_works
from core.caching import IMAGES, PAGE_TREE, cached, cached_cards, digest, invalidate

PRODUCTS_PER_PAGE = 24
VOCABULARY_CACHE_SECONDS = 600
VOCABULARIES = {"category": Category, "technique": Technique, "material": Material}
VOCABULARY_FAMILY = "catalogue-vocabularies"

# The renditions a card and a product page use; prefetched so each image costs no query.
FORMATS = ("avif", "webp", "jpeg")
CARD_RENDITIONS = [
    f"fill-{size}|format-{fmt}" for size in ("320x320", "640x640") for fmt in FORMATS
]
DETAIL_RENDITIONS = [
    f"max-{size}|format-{fmt}" for size in ("480x480", "960x960") for fmt in FORMATS
] + ["fill-1200x630|format-jpeg"]


def vocabulary_cache_key(vocabulary: str) -> str:
    return f"catalogue:vocabulary:{vocabulary}"


def vocabulary_choices(vocabulary: str) -> list[tuple[str, str]]:
    """(slug, name in the active language) for a filter's select, cached between requests."""
    key = vocabulary_cache_key(vocabulary)
    entries = cache.get(key)
    if entries is None:
        model = VOCABULARIES[vocabulary]
        entries = list(model.objects.order_by("name").values_list("slug", "name", "name_en"))
        cache.set(key, entries, VOCABULARY_CACHE_SECONDS)
    english = get_language() == "en"
    return [(slug, (name_en or name) if english else name) for slug, name, name_en in entries]


def forget_vocabularies(**kwargs) -> None:
    cache.delete_many([vocabulary_cache_key(name) for name in VOCABULARIES])
    invalidate(VOCABULARY_FAMILY)


def gallery_images(renditions: list[str]):
    """Gallery rows with their images joined in and the given renditions prefetched: two
    queries for any number of works."""
    rendition_model = get_image_model().get_rendition_model()
    return (
        ProductGalleryImage.objects.order_by("sort_order", "pk")
        .select_related("image")
        .prefetch_related(Prefetch(
            "image__renditions",
            queryset=rendition_model.objects.filter(filter_spec__in=renditions),
            to_attr="prefetched_renditions",
        ))
    )


def cover_prefetch(renditions: list[str]) -> Prefetch:
    """Only each work's first gallery image: a card shows nothing else."""
    first = ProductGalleryImage.objects.filter(product=OuterRef("product")).order_by(
        "sort_order", "pk").values("pk")[:1]
    return Prefetch("gallery_images", queryset=gallery_images(renditions).filter(
        pk=Subquery(first)))


def shared_stock(field_name: str) -> Subquery:
    """A work's stock figure, read from the StockRecord of whichever translation holds it."""
    records = StockRecord.objects.filter(product__translation_key=OuterRef("translation_key"))
    return Subquery(records.values(field_name)[:1])


def product_cards(queryset):
    """Works as listings read them: with the shared stock figures a card and the sorts use.
    The cards themselves come from product_card_html()."""
    return queryset.defer_streamfields().annotate(
        shared_quantity=shared_stock("quantity"), shared_units_sold=shared_stock("units_sold"))


def product_card_html(products, *, request) -> list[str]:
    """Each work's card (catalogue/product_card.html) as HTML, from the shared cache. A card
    changes when its work is published or moved, sells out or comes back into stock, or its
    picture changes; the cards not cached are rendered together, their cover pictures and
    renditions prefetched in two queries whatever their number."""
    return cached_cards(
        products, template="catalogue/product_card.html", name="product", request=request,
        prefetch=lambda works: prefetch_related_objects(works, cover_prefetch(CARD_RENDITIONS)),
        vary=lambda product: product.in_stock, families=(IMAGES,),
    )


SORT_ORDERS = {
    "newest": [F("first_published_at").desc(nulls_last=True), F("id").desc()],
    "price": [F("price").asc(), F("id").desc()],
    "-price": [F("price").desc(), F("id").desc()],
    "popular": [F("shared_units_sold").desc(nulls_last=True),
                F("first_published_at").desc(nulls_last=True), F("id").desc()],
}


@dataclass
class ProductListing:
    filterset: object
    page_obj: PaginatorPage
    query: str = ""
    sort: str = "newest"
    maker: ArtisanPage | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.page_obj.paginator.count

    @property
    def is_filtered(self) -> bool:
        data = self.filterset.form.cleaned_data
        return any(value not in (None, "") for name, value in data.items() if name != "sort")


def product_listing(*, index_page, params) -> ProductListing:
    """Filter, search, sort and paginate the works under `index_page` from query parameters.
    Invalid parameters are dropped with a notice; the rest still apply."""
    from catalogue.filters import ProductFilter, Sort

    base = ProductPage.objects.child_of(index_page).live()
    filterset = ProductFilter(params, queryset=base)
    queryset = filterset.qs  # validates the form; invalid filters are left out
    form = filterset.form
    notices = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in dict.fromkeys(errors):
            notices.append(_("%(label)s: %(error)s This filter was left out.")
                           % {"label": label, "error": error} if label else error)
    if form.query_was_shortened:
        notices.append(_("Your search was shortened to its first %(n)d characters.")
                       % {"n": len(form.cleaned_data["q"])})

    query = form.cleaned_data.get("q", "")
    terms = query_terms(query)
    # Newest first even for a search: ranking thousands of matches by relevance costs seconds
    # on SQLite (see catalogue.search), so "best match" is offered but not the default.
    sort = form.cleaned_data.get("sort") or Sort.NEWEST
    if sort == Sort.RELEVANCE and not terms:
        sort = Sort.NEWEST

    results = product_cards(queryset)
    if sort != Sort.RELEVANCE:
        results = results.order_by(*SORT_ORDERS[sort])
    if terms:
        results = search_works(results, terms, by_relevance=sort == Sort.RELEVANCE)

    maker = None
    if form.cleaned_data.get("maker"):
        maker = ArtisanPage.objects.filter(pk=form.cleaned_data["maker"]).first()

    if terms or form.cleaned_data.get("availability") or sort == Sort.POPULAR:
        page_obj = paginate(results, params.get("page"), notices)
    else:
        page_obj = paginate(listing_matches(index_page, form.cleaned_data, results),
                            params.get("page"), notices)
        page_obj.object_list = works_in_order(page_obj.object_list)
    return ProductListing(filterset=filterset, page_obj=page_obj, query=query, sort=sort,
                          maker=maker, notices=notices)


def listing_matches(index_page, filters: dict, results) -> list[int]:
    """The ids of the works that a set of filters selects, in order, cached until a page or
    a vocabulary changes. Only for filters and sorts that stock does not move (stock changes
    with every order), and not for searches (the search index changes after the pages)."""
    chosen = sorted((name, str(value)) for name, value in filters.items()
                    if value not in (None, ""))
    return cached((PAGE_TREE, VOCABULARY_FAMILY), f"shop:{index_page.pk}:{digest(chosen)}",
                  lambda: list(results.values_list("pk", flat=True)))


# What a listing reads of each work: its card's key and what the card shows.
CARD_FIELDS = ("title", "slug", "url_path", "locale_id", "translation_key", "live",
               "first_published_at", "last_published_at", "kind", "price", "made_to_order",
               "lead_time_days")


def works_in_order(ids: list[int]) -> list[ProductPage]:
    """The live works with these ids, in that order, as listings read them."""
    works = ProductPage.objects.live().filter(pk__in=ids).only(*CARD_FIELDS)
    found = product_cards(works).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def paginate(results, number, notices: list[str]) -> PaginatorPage:
    paginator = Paginator(results, PRODUCTS_PER_PAGE)
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        notices.append(_("“%(page)s” is not a page number; here is the first page.")
                       % {"page": str(number)[:20]})
        return paginator.page(1)
    except EmptyPage:
        last = paginator.num_pages
        if paginator.count:
            notices.append(_("There are only %(n)d pages of results; here is the last one.")
                           % {"n": last})
        return paginator.page(last)


def product_details(page: ProductPage) -> dict:
    """Everything a product page shows beyond the page's own fields, in a few queries."""
    makers = list(
        ProductMaker.objects.filter(product=page)
        .select_related("artisan")
        .order_by("sort_order", "pk")
    )
    gallery = list(gallery_images(DETAIL_RENDITIONS).filter(product=page))
    return {
        "makers": makers,
        "gallery": gallery,
        "techniques": list(page.techniques.all()),
        "materials": list(page.materials.all()),
    }


def artisan_works(*, artisan: ArtisanPage, limit: int = 12):
    """Live works by `artisan` (in the artisan page's language), newest first."""
    makers = ProductMaker.objects.filter(artisan__translation_key=artisan.translation_key)
    return product_cards(
        ProductPage.objects.live()
        .filter(locale_id=artisan.locale_id, pk__in=makers.values("product_id"))
        .order_by("-first_published_at", "-id")
    )[:limit]


def artisan_dashboard_works(*, artisans) -> list[ProductPage]:
    """Every work (live or not) made by any of `artisans`, in their pages' language, with its
    shared stock figures, for the artisan's dashboard panel."""
    keys = [artisan.translation_key for artisan in artisans]
    locales = {artisan.locale_id for artisan in artisans}
    makers = ProductMaker.objects.filter(artisan__translation_key__in=keys)
    return list(
        ProductPage.objects.filter(locale_id__in=locales, pk__in=makers.values("product_id"))
        .defer_streamfields()
        .annotate(dashboard_quantity=shared_stock("quantity"),
                  dashboard_units_sold=shared_stock("units_sold"))
        .order_by("title")
    )
