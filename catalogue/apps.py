from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


def reindex_works_of_published_artisan(sender, instance, **kwargs):
    """Works are indexed with their makers' names, so publishing an artisan's page reindexes
    the works they made, once the publish is committed.

    This runs on every publish of an artisan, not only when the title changed: Wagtail hands
    the signal no previously published title (`revision.get_previous()` is the previous draft,
    and the audit log misses publishes made with `log_action=False`), so a title check could
    wrongly skip a rename and leave the old name in the index, while a needless run only
    rewrites the index entries of that artisan's few works."""
    from catalogue.tasks import reindex_artisan_works

    artisan_id = instance.pk
    transaction.on_commit(lambda: reindex_artisan_works.enqueue(artisan_id))


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from wagtail.signals import page_published

        from artisans.models import ArtisanPage
        from catalogue import selectors  # noqa: F401  (registers the shop's listing, a work's details)
        from catalogue.models import Category, Material, ProductPage, StockRecord
        from catalogue.services import product_reindex
        from core.caching import STOCK, VOCABULARIES, invalidate_on_change

        # The shop's filters offer categories and materials (techniques: artisans/apps.py).
        invalidate_on_change(VOCABULARIES, Category, Material)
        # Stock saved row by row (the admin, the demo); UPDATEs: StockRecordQuerySet.update.
        invalidate_on_change(STOCK, StockRecord)
        page_published.connect(product_reindex, sender=ProductPage,
                               dispatch_uid="catalogue-reindex-published-work")
        page_published.connect(reindex_works_of_published_artisan, sender=ArtisanPage,
                               dispatch_uid="catalogue-reindex-works-of-published-artisan")
