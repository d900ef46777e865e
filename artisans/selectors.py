"""Reads over artisans and households that span relations: the public directory's base
queryset and the vocabularies its filters offer."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

from artisans.models import ArtisanIndexPage, ArtisanPage, Household, Specialty, Technique

# The renditions the artisan card shows (`{% picture ... format-{webp,jpeg} fill-320x320 %}`),
# fetched in one query for the whole page of cards, so it costs the same at any size.
CARD_RENDITIONS = ("format-webp|fill-320x320", "format-jpeg|fill-320x320")


def artisan_directory(*, index_page: ArtisanIndexPage) -> QuerySet[ArtisanPage]:
    """Live artisans listed under `index_page`, ready to render as cards: portraits joined,
    techniques and the cards' renditions prefetched (three queries per page of cards)."""
    renditions = get_image_model().get_rendition_model().objects.filter(
        filter_spec__in=CARD_RENDITIONS
    )
    return (
        ArtisanPage.objects.child_of(index_page)
        .live()
        .defer_streamfields()
        .select_related("portrait")
        .prefetch_related("techniques", Prefetch("portrait__renditions", queryset=renditions))
    )


def technique_choices() -> list[tuple[str, str]]:
    return [(technique.slug, technique.display_name) for technique in Technique.objects.all()]


def specialty_choices() -> list[tuple[str, str]]:
    return [(specialty.slug, specialty.display_name) for specialty in Specialty.objects.all()]


def village_group_numbers() -> list[int]:
    return list(
        Household.objects.order_by("village_group")
        .values_list("village_group", flat=True)
        .distinct()
    )
