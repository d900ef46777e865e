"""Reads over artisans and households that span relations: the public directory's base
queryset and the vocabularies its filters offer."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language
from wagtail.images import get_image_model

from artisans.models import ArtisanIndexPage, ArtisanPage, Household, Specialty, Technique
from tianxing.caching import cached

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


VOCABULARIES = "artisan-vocabularies"


def directory_vocabularies() -> dict[str, list]:
    """The choices the directory's filters offer, in the active language. Cached: they
    change only when the register changes (see artisans/apps.py), yet cost three queries."""

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

    return cached(VOCABULARIES, get_language(), build)
