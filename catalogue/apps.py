from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from artisans.models import Technique
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
