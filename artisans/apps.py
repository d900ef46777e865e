from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def forget_directory_vocabularies(sender, **kwargs):
    from artisans.selectors import VOCABULARIES
    from core.caching import invalidate

    invalidate(VOCABULARIES)


class ArtisansConfig(AppConfig):
    name = "artisans"
    verbose_name = _("Artisans and households")

    def ready(self):
        for model_name in ("Household", "Technique", "Specialty"):
            model = self.get_model(model_name)
            post_save.connect(forget_directory_vocabularies, sender=model)
            post_delete.connect(forget_directory_vocabularies, sender=model)
