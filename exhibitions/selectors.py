"""Reads for the exhibitions: the public index, one exhibition's details and free places,
the home page's next exhibitions, the exhibitions an artisan or a work was shown at, and the
committee's per-exhibition summary. Query counts here are pinned by tests."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page

from artisans.models import ArtisanPage
from catalogue.models import ProductPage
from core.caching import IMAGES, PAGES, cached, cached_cards
from core.pages import Listing, build_listing
from exhibitions.filters import ExhibitionFilterSet
from exhibitions.models import (
    ExhibitionArtisan,
    ExhibitionIndexPage,
    ExhibitionPage,
    ExhibitionSession,
    ExhibitionWork,
    OnsiteSale,
    OnsiteSaleShare,
    Registration,
    shanghai_today,
)

CARD_RENDITIONS = [f"fill-{size}|format-{fmt}" for size in ("480x270", "960x540")
                   for fmt in ("avif", "webp", "jpeg")]


def with_cover(queryset):
    """Exhibition pages with their cover image and the card's renditions: two queries for
    any number of cards."""
    rendition_model = get_image_model().get_rendition_model()
    return queryset.select_related("cover_image").prefetch_related(Prefetch(
        "cover_image__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=CARD_RENDITIONS),
        to_attr="prefetched_renditions",
    ))


def live_exhibitions(*, locale):
    return (ExhibitionPage.objects.live().public().filter(locale=locale)
            .defer_streamfields())


@dataclass
class ExhibitionListing(Listing):
    """The past exhibitions are the paginated listing; the upcoming ones come first, whole."""

    upcoming: list = field(default_factory=list)
    today: date | None = None
    upcoming_cards: list = field(default_factory=list)
    past_years: list = field(default_factory=list)  # [(year, [card, ...]), ...]


def exhibition_years(exhibitions) -> list[int]:
    """Every year some exhibition runs in, newest first (the year filter's choices)."""
    spans = (exhibitions.annotate(y1=ExtractYear("starts_on"), y2=ExtractYear("ends_on"))
             .order_by().values_list("y1", "y2").distinct())
    return sorted({year for first, last in spans for year in range(first, last + 1)},
                  reverse=True)


@ExhibitionIndexPage.listed_by
def exhibition_listing(*, page: ExhibitionIndexPage, request, now=None) -> ExhibitionListing:
    params = request.GET
    today = shanghai_today(now)
    base = live_exhibitions(locale=page.locale_id).child_of(page)
    years = cached(PAGES, f"exhibition-years:{page.pk}", lambda: exhibition_years(base))
    filterset = ExhibitionFilterSet(params, queryset=base, years=years)
    # A bad filter value is left out (with a notice); the others still apply.
    matches = filterset.qs if filterset.is_valid() else base
    # The cards come from the cache (`exhibition_card_html`): their pictures are read only
    # for the cards not cached yet.
    upcoming = list(matches.filter(ends_on__gte=today).order_by("starts_on", "ends_on", "pk"))
    for exhibition in upcoming:
        exhibition.on_now = exhibition.starts_on <= today
    past = matches.filter(ends_on__lt=today).order_by("-starts_on", "-pk")
    listing = build_listing(filterset=filterset, results=past, page_number=params.get("page"),
                            per_page=page.per_page, listing_class=ExhibitionListing,
                            upcoming=upcoming, today=today)
    # Every card of the page in one cache round trip (and one prefetch for those missing).
    past_page = listing.page_obj.object_list = list(listing.page_obj.object_list)
    cards = exhibition_card_html(upcoming + past_page, request=request)
    listing.upcoming_cards = cards[:len(upcoming)]
    for exhibition, card in zip(past_page, cards[len(upcoming):], strict=True):
        year = exhibition.starts_on.year
        if not listing.past_years or listing.past_years[-1][0] != year:
            listing.past_years.append((year, []))
        listing.past_years[-1][1].append(card)
    return listing


def exhibition_card_html(exhibitions, *, request) -> list[str]:
    """Each exhibition's card (exhibitions/exhibition_card.html) as HTML, from the shared
    cache (keyed on the page's last publication, the language, "on now" and the pictures'
    version); the cards not cached are rendered together, their cover pictures and
    renditions read in two queries whatever their number."""
    image_model = get_image_model()

    def prefetch(pages):
        prefetch_related_objects(pages, Prefetch(
            "cover_image", queryset=image_model.objects.prefetch_renditions(*CARD_RENDITIONS)))

    return cached_cards(exhibitions, template="exhibitions/exhibition_card.html",
                        name="exhibition", request=request, prefetch=prefetch,
                        vary=lambda page: getattr(page, "on_now", False), families=(IMAGES,))


def upcoming_exhibitions(*, locale, limit: int = 3, now=None) -> list[ExhibitionPage]:
    """The next exhibitions (running ones first), for the home page's block."""
    return list(with_cover(
        live_exhibitions(locale=locale).filter(ends_on__gte=shanghai_today(now))
        .order_by("starts_on", "ends_on", "pk")
    )[:limit])


@dataclass
class SessionPlaces:
    session: ExhibitionSession
    taken: int

    @property
    def left(self) -> int:
        return max(self.session.capacity - self.taken, 0)

    def is_open(self, now=None) -> bool:
        return self.left > 0 and self.session.starts_at > (now or timezone.now())


def session_places(page: ExhibitionPage) -> list[SessionPlaces]:
    """Each session of the exhibition (its Chinese page holds them) with its places taken."""
    sessions = (ExhibitionSession.objects.filter(page=page.booking_page)
                .annotate(taken=Coalesce(Sum("registrations__party_size",
                                             filter=Q(registrations__cancelled_at__isnull=True)),
                                         0))
                .order_by("starts_at", "sort_order"))
    return [SessionPlaces(session=session, taken=session.taken) for session in sessions]


@ExhibitionPage.context_provider
def exhibition_page_context(*, page: ExhibitionPage, request) -> dict:
    return exhibition_details(page)


def exhibition_details(page: ExhibitionPage) -> dict:
    """What an exhibition page shows besides its own fields."""
    image_model = get_image_model()
    artisans = [row.artisan for row in ExhibitionArtisan.objects.filter(page=page)
                .select_related("artisan", "artisan__portrait").order_by("sort_order")
                if row.artisan.live]
    works = [row.product for row in ExhibitionWork.objects.filter(page=page)
             .select_related("product").order_by("sort_order") if row.product.live]
    related = [row.related for row in page.related_pages.select_related("related")
               if row.related.live]
    artisans, works, related = (in_language(pages, model, page.locale_id) for pages, model in (
        (artisans, ArtisanPage), (works, ProductPage), (related, Page)))
    gallery = list(page.gallery_images.select_related("image").order_by("sort_order"))
    places = session_places(page)
    return {
        "gallery": gallery,
        "exhibited_artisans": artisans,
        "exhibited_works": works,
        "related": related,
        "sessions": places,
        "registration_possible": page.registration_open and not page.is_past()
        and any(place.is_open() for place in places),
        "image_model": image_model,
    }


def in_language(pages: list, model, locale_id: int) -> list:
    """The featured pages are synchronised from the Chinese page, so a translation points at
    the Chinese artisans, works and news: link to their live pages in its language instead,
    where there are some (one query, only on translations)."""
    keys = {page.translation_key for page in pages if page.locale_id != locale_id}
    if not keys:
        return pages
    translated = {found.translation_key: found for found in model.objects.live()
                  .filter(locale_id=locale_id, translation_key__in=keys)}
    return [translated.get(page.translation_key, page) for page in pages]


def exhibitions_featuring(*, artisan=None, product=None, limit: int = 12) -> list[ExhibitionPage]:
    """Live exhibitions, in the page's locale, that featured this artisan or this work
    (featured on the Chinese or on the translated page), newest first."""
    page = artisan or product
    if artisan is not None:
        keys = ExhibitionArtisan.objects.filter(artisan__translation_key=page.translation_key)
    else:
        keys = ExhibitionWork.objects.filter(product__translation_key=page.translation_key)
    translation_keys = keys.values("page__translation_key")
    return list(live_exhibitions(locale=page.locale_id)
                .filter(translation_key__in=translation_keys)
                .order_by("-starts_on", "-pk")[:limit])


@dataclass
class ArtisanTakings:
    artisan_name: str
    household_code: str
    pieces: int
    amount: object


@dataclass
class ExhibitionSummary:
    registered: int
    registered_people: int
    checked_in: int
    checked_in_people: int
    pieces_sold: int
    takings: object
    by_session: list
    by_artisan: list[ArtisanTakings]


def exhibition_summary(*, exhibition: ExhibitionPage) -> ExhibitionSummary:
    """Visitors registered and checked in, pieces sold and takings (net of reversals), by
    session and by artisan."""
    page = exhibition.booking_page
    registrations = Registration.objects.filter(session__page=page, cancelled_at__isnull=True)
    totals = registrations.aggregate(
        n=Count("pk"), people=Coalesce(Sum("party_size"), 0),
        checked=Count("pk", filter=Q(checked_in_at__isnull=False)),
        checked_people=Coalesce(Sum("party_size", filter=Q(checked_in_at__isnull=False)), 0),
    )
    by_session = list(
        ExhibitionSession.objects.filter(page=page).order_by("starts_at").annotate(
            registered=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True)),
            people=Coalesce(Sum("registrations__party_size",
                                filter=Q(registrations__cancelled_at__isnull=True)), 0),
            checked_in=Coalesce(Sum("registrations__party_size",
                                    filter=Q(registrations__cancelled_at__isnull=True,
                                             registrations__checked_in_at__isnull=False)), 0),
        )
    )
    sales = OnsiteSale.objects.filter(exhibition=page)
    sale_totals = sales.aggregate(
        pieces=Count("pk", filter=Q(reversal_of__isnull=True, reversal__isnull=True)),
        takings=Sum("amount"),
    )
    rows: dict = defaultdict(lambda: [0, 0])
    names: dict = {}
    for share in (OnsiteSaleShare.objects.filter(sale__exhibition=page)
                  .select_related("artisan", "household", "sale")):
        key = (share.artisan_id, share.household_id)
        names[key] = (share.artisan.title if share.artisan else "—", share.household.code)
        rows[key][0] += -1 if share.sale.reversal_of_id else 1
        rows[key][1] += share.amount
    by_artisan = sorted(
        (ArtisanTakings(names[key][0], names[key][1], pieces, amount)
         for key, (pieces, amount) in rows.items()),
        key=lambda row: (-row.amount, row.household_code),
    )
    return ExhibitionSummary(
        registered=totals["n"], registered_people=totals["people"],
        checked_in=totals["checked"], checked_in_people=totals["checked_people"],
        pieces_sold=sale_totals["pieces"], takings=sale_totals["takings"] or 0,
        by_session=by_session, by_artisan=by_artisan,
    )


@dataclass
class WorkLabel:
    title: str
    title_en: str
    makers: list[str]
    price: object
    url: str


def work_labels(*, exhibition: ExhibitionPage, request) -> list[WorkLabel]:
    """A label per work on show (the exhibition's featured works), with its English title
    where a translation exists and the full address of its page for the QR code."""
    works = [row.product for row in ExhibitionWork.objects.filter(page=exhibition)
             .select_related("product").prefetch_related("product__makers__artisan")
             .order_by("sort_order")]
    english = dict(ProductPage.objects.filter(
        translation_key__in=[work.translation_key for work in works],
        locale__language_code="en").values_list("translation_key", "title"))
    return [
        WorkLabel(title=work.title, title_en=_translated(english, work),
                  makers=[maker.artisan.title for maker in work.makers.all()],
                  price=work.price, url=work.get_full_url(request))
        for work in works
    ]


def _translated(english: dict, work) -> str:
    """The work's English title; an English alias repeats the Chinese one, which is left out."""
    title = english.get(work.translation_key, "")
    return "" if title == work.title else title


def exhibitions_with_records(pages) -> list[ExhibitionPage]:
    """The exhibitions among `pages` and their descendants that people registered for or
    that on-site sales were recorded at: deleting them would delete those records (the
    database refuses), so they are unpublished instead."""
    found = ExhibitionPage.objects.none()
    for page in pages:
        found = found | ExhibitionPage.objects.descendant_of(page, inclusive=True)
    return list(found.filter(
        Q(sessions__registrations__isnull=False) | Q(onsite_sales__isnull=False)
    ).distinct().defer_streamfields().order_by("path"))
