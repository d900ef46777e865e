from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtisansConfig(AppConfig):
    name = "artisans"
    verbose_name = _("Artisans and households")
