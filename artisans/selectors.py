"""Reads over artisans and households that span relations: the public directory's base
queryset and the vocabularies its filters offer."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

from artisans.models import ArtisanIndexPage, ArtisanPage, Household, Specialty, Technique

# The renditions the artisan card shows (`{% picture ... format-{webp,jpeg} fill-320x320 %}`),
# fetched with the images so a page of cards costs the same few queries at any size.
CARD_RENDITIONS = ("format-webp|fill-320x320", "format-jpeg|fill-320x320")


def artisan_directory(*, index_page: ArtisanIndexPage) -> QuerySet[ArtisanPage]:
    """Live artisans listed under `index_page`, ready to render as cards."""
    return (
        ArtisanPage.objects.child_of(index_page)
        .live()
        .defer_streamfields()
        .select_related("household")
        .prefetch_related(
            "techniques",
            Prefetch(
                "portrait",
                queryset=get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS),
            ),
        )
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
