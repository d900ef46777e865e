from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtisansConfig(AppConfig):
    name = "artisans"
    verbose_name = _("Artisans and households")

    def ready(self):
        from artisans import selectors  # noqa: F401  (registers the directory's listing)
        from core.caching import VOCABULARIES, invalidate_on_change

        # The directory's filters offer techniques, specialties and village groups.
        invalidate_on_change(VOCABULARIES, *(self.get_model(name) for name in
                                             ("Household", "Technique", "Specialty")))
