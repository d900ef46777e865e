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
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from artisans.models import ArtisanPage, Technique
        from catalogue.models import Category, Material, ProductPage
        from catalogue.selectors import forget_vocabularies
        from catalogue.services import product_reindex

        for model in (Category, Material, Technique):
            post_save.connect(forget_vocabularies, sender=model,
                              dispatch_uid=f"catalogue-vocabulary-save-{model.__name__}")
            post_delete.connect(forget_vocabularies, sender=model,
                                dispatch_uid=f"catalogue-vocabulary-delete-{model.__name__}")
        page_published.connect(product_reindex, sender=ProductPage,
                               dispatch_uid="catalogue-reindex-published-work")
        page_published.connect(reindex_works_of_published_artisan, sender=ArtisanPage,
                               dispatch_uid="catalogue-reindex-works-of-published-artisan")
