"""Background work for the shop: keeping works' search entries in step with their makers'
names (a work is indexed with its makers' names, see ProductPage.han_search_terms)."""

from __future__ import annotations

from django_tasks import task
from wagtail.search import index

from artisans.models import ArtisanPage
from catalogue.models import ProductMaker, ProductPage
from core.caching import SEARCH, invalidate


@task()
def reindex_artisan_works(artisan_id: int) -> int:
    """Reindex every live work made by the artisan or by any translation of their page;
    returns how many works were reindexed."""
    artisan = ArtisanPage.objects.filter(pk=artisan_id).values("translation_key")
    made = ProductMaker.objects.filter(artisan__translation_key__in=artisan).values("product_id")
    works = (
        ProductPage.objects.live()
        .filter(pk__in=made)
        .select_related("category")
        .prefetch_related("techniques", "materials", "makers__artisan")
    )
    count = 0
    for work in works:
        index.insert_or_update_object(work)
        count += 1
    if count:
        invalidate(SEARCH)  # cached search results and pages found the old name
    return count
