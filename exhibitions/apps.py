from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")

    def ready(self):
        # Register the pages' listing and context, and the exhibition page's route views.
        from exhibitions import selectors, views  # noqa: F401
