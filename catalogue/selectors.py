"""Reads for the shop: the filtered listing, the vocabularies behind its selects, a work's
details and an artisan's works. Query counts here are pinned by tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from artisans.models import ArtisanPage, Technique
from catalogue.filters import ProductFilter, Sort
from catalogue.models import (
    CatalogueIndexPage,
    Category,
    Material,
    ProductGalleryImage,
    ProductMaker,
    ProductPage,
    StockRecord,
)
from catalogue.search import query_terms, search_works
from core.caching import IMAGES, PAGES, SEARCH, VOCABULARIES, cached, cached_cards, digest
from core.money import format_cny
from core.pages import Listing, build_listing

PRODUCTS_PER_PAGE = 24
VOCABULARY_MODELS = {"category": Category, "technique": Technique, "material": Material}

# The renditions a card and a product page use; prefetched so each image costs no query.
# No AVIF: for these woven textures it came out larger than WebP and took 20–30 times as
# long to encode (727 ms against 25 ms at 320 px on the demo machine).
FORMATS = ("webp", "jpeg")
CARD_RENDITIONS = [
    f"fill-{size}|format-{fmt}" for size in ("320x320", "640x640") for fmt in FORMATS
]
DETAIL_RENDITIONS = [
    f"max-{size}|format-{fmt}" for size in ("480x480", "960x960") for fmt in FORMATS
] + ["fill-1200x630|format-jpeg"]


def vocabulary_choices(vocabulary: str) -> list[tuple[str, str]]:
    """(slug, name in the active language) for a filter's select, cached until a vocabulary
    changes (see catalogue/apps.py)."""
    model = VOCABULARY_MODELS[vocabulary]
    entries = cached(VOCABULARIES, f"shop:{vocabulary}", lambda: list(
        model.objects.order_by("name").values_list("slug", "name", "name_en")))
    english = get_language() == "en"
    return [(slug, (name_en or name) if english else name) for slug, name, name_en in entries]


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
class FilterChip:
    """An active filter shown above the results, with the address of the same listing
    without it."""

    label: str
    value: str
    remove_url: str


@dataclass
class ProductListing(Listing):
    query: str = ""
    sort: str = Sort.NEWEST
    maker: ArtisanPage | None = None
    params: QueryDict | None = None
    path: str = ""

    @property
    def chips(self) -> list[FilterChip]:
        form = self.filterset.form
        chips = []
        for name, value in form.cleaned_data.items():
            if name == "sort" or value in (None, ""):
                continue
            field = form.fields[name]
            if name == "maker":
                shown = self.maker.title if self.maker else str(value)
            elif name == "price_min":
                shown = f"≥ {format_cny(value)}"
            elif name == "price_max":
                shown = f"≤ {format_cny(value)}"
            elif name == "q":
                shown = f"“{value}”"
            else:
                shown = str(dict(field.choices).get(value, value))
            params = self.params.copy()
            params.pop(name, None)
            params.pop("page", None)
            chips.append(FilterChip(label=str(field.label), value=shown,
                                    remove_url=f"{self.path}?{params.urlencode()}" if params
                                    else self.path))
        return chips


def shop_vocabularies() -> dict[str, list[tuple[str, str]]]:
    return {name: vocabulary_choices(name) for name in VOCABULARY_MODELS}


@CatalogueIndexPage.listed_by
def product_listing(*, page: CatalogueIndexPage, request) -> ProductListing:
    """Filter, search, sort and paginate the works under the shop from the query string.
    Invalid parameters are dropped with a notice; the rest still apply."""
    params = request.GET
    base = ProductPage.objects.child_of(page).live()
    filterset = ProductFilter(params, queryset=base, vocabularies=shop_vocabularies())
    queryset = filterset.qs  # validates the form; invalid filters are left out
    form = filterset.form

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

    to_objects = None
    # A search is cached where it is a queryset (SQLite's full-text table asked first); the
    # search backend's own results (PostgreSQL, fast there) are listed as they come.
    cacheable = isinstance(results, QuerySet)
    if cacheable and not (form.cleaned_data.get("availability")
                          or sort in (Sort.POPULAR, Sort.RELEVANCE)):
        results = listing_matches(page, form.cleaned_data, results, searched=bool(terms))
        to_objects = works_in_order
    listing = build_listing(filterset=filterset, results=results,
                            page_number=params.get("page"), per_page=PRODUCTS_PER_PAGE,
                            to_objects=to_objects, listing_class=ProductListing,
                            query=query, sort=sort, maker=maker, params=params,
                            path=request.path)
    if form.query_was_shortened:
        listing.notices.append(_("Your search was shortened to its first %(n)d characters.")
                               % {"n": len(query)})
    return listing


def listing_matches(index_page, filters: dict, results, *, searched: bool = False
                    ) -> list[int]:
    """The ids of the works that a set of filters selects, in order, cached until a page or
    a vocabulary changes, and for a search also the search index (a work is found by its
    makers' names, re-indexed by a task after the pages). Only for filters and sorts that
    stock does not move (stock changes with every order)."""
    chosen = sorted((name, str(value)) for name, value in filters.items()
                    if value not in (None, ""))
    families = (PAGES, VOCABULARIES, SEARCH) if searched else (PAGES, VOCABULARIES)
    return cached(families, f"shop:{index_page.pk}:{digest(chosen)}",
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


@ProductPage.context_provider
def product_details(*, page: ProductPage, request=None) -> dict:
    """Everything a product page shows beyond the page's own fields, in a few queries: as
    `details` and each on its own."""
    makers = list(
        ProductMaker.objects.filter(product=page)
        .select_related("artisan")
        .order_by("sort_order", "pk")
    )
    _makers_in_language(makers, page.locale_id)
    gallery = list(gallery_images(DETAIL_RENDITIONS).filter(product=page))
    details = {
        "makers": makers,
        "gallery": gallery,
        "techniques": list(page.techniques.all()),
        "materials": list(page.materials.all()),
        # Read for every work, made to order or not, so a work page costs the same queries
        # whichever work it is (the JSON-LD and the buy box ask for it).
        "stock_record": page.stock_record,
    }
    return {"details": details, **details}


def _makers_in_language(makers: list[ProductMaker], locale_id: int) -> None:
    """Makers point at the artisans' original (Chinese) pages: on a translation, link to the
    artisans' pages in its language instead (one query, only for translations)."""
    keys = {maker.artisan.translation_key for maker in makers
            if maker.artisan.locale_id != locale_id}
    if not keys:
        return
    translated = {artisan.translation_key: artisan for artisan in ArtisanPage.objects.live()
                  .filter(locale_id=locale_id, translation_key__in=keys).defer_streamfields()}
    for maker in makers:
        maker.artisan = translated.get(maker.artisan.translation_key, maker.artisan)


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
