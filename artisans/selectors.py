"""Reads over artisans and households that span relations: the public directory's listing,
the artisans' cards and the vocabularies its filters offer."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import get_language
from wagtail.images import get_image_model

from artisans.filters import ArtisanFilterSet
from artisans.models import ArtisanIndexPage, ArtisanPage, Household, Specialty, Technique
from core.caching import IMAGES, PAGES, VOCABULARIES, cached, cached_cards, digest
from core.pages import Listing, build_listing

# The renditions the artisan card shows (`{% picture ... format-{webp,jpeg} fill-320x320 %}`),
# fetched in one query for the whole page of cards, so it costs the same at any size.
CARD_RENDITIONS = ("format-webp|fill-320x320", "format-jpeg|fill-320x320")


@ArtisanIndexPage.listed_by
def directory_listing(*, page: ArtisanIndexPage, request) -> Listing:
    """The directory's artisans that the visitor's filters select, one page of them."""
    filterset = ArtisanFilterSet(request.GET, queryset=artisan_directory(index_page=page),
                                 request=request, vocabularies=directory_vocabularies())
    return build_listing(
        filterset=filterset, results=directory_matches(index_page=page, filterset=filterset),
        page_number=request.GET.get("page"), per_page=page.per_page,
        to_objects=artisans_in_order)


def artisan_directory(*, index_page: ArtisanIndexPage) -> QuerySet[ArtisanPage]:
    """Live artisans listed under `index_page`. Their cards come from artisan_cards()."""
    return ArtisanPage.objects.child_of(index_page).live().defer_streamfields()


def directory_matches(*, index_page: ArtisanIndexPage, filterset) -> list[int]:
    """The ids of the artisans that the visitor's filters select, in the order asked for.
    Cached per set of filters until a page or the register changes: the same few filters
    are asked again and again, and counting them costs more than the rest of the page."""
    filters = sorted(
        (name, str(value))
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "")
    ) if filterset.is_valid() else [("invalid", str(sorted(filterset.data.lists())))]
    return cached(
        (PAGES, VOCABULARIES),
        f"directory:{index_page.pk}:{digest(filters)}",
        lambda: list(filterset.qs.values_list("pk", flat=True)),
    )


# What a listing reads of each artisan: their card's key and what the card shows.
CARD_FIELDS = ("title", "slug", "url_path", "locale_id", "translation_key", "live",
               "last_published_at", "portrait_id", "years_weaving", "code")


def artisans_in_order(ids: list[int]) -> list[ArtisanPage]:
    """The live artisans with these ids, in that order, ready for artisan_cards()."""
    found = ArtisanPage.objects.live().filter(pk__in=ids).only(*CARD_FIELDS).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def artisan_cards(artisans, *, request) -> list[str]:
    """Each artisan's card (includes/artisan_card.html) as HTML, from the shared cache. A card
    changes when its page is published or moved, a technique is renamed or a picture changes;
    the cards not cached are rendered together, their techniques and portraits' renditions
    prefetched in three queries whatever their number."""

    def prefetch(artisans):
        image_model = get_image_model()
        prefetch_related_objects(artisans, "techniques", Prefetch(
            "portrait", queryset=image_model.objects.prefetch_renditions(*CARD_RENDITIONS)))

    return cached_cards(artisans, template="includes/artisan_card.html", name="artisan",
                        request=request, prefetch=prefetch, families=(VOCABULARIES, IMAGES))



def directory_vocabularies() -> dict[str, list]:
    """The choices the directory's filters offer, in the active language. Cached: they
    change only when a vocabulary or the register changes (see artisans/apps.py), yet cost
    three queries."""

    def build():
        return {
            "techniques": [(t.slug, t.display_name) for t in Technique.objects.all()],
            "specialties": [(s.slug, s.display_name) for s in Specialty.objects.all()],
            "village_groups": list(
                Household.objects.order_by("village_group")
                .values_list("village_group", flat=True)
                .distinct()
            ),
        }

    return cached(VOCABULARIES, f"directory:{get_language()}", build)
