from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")

    def ready(self):
        from exhibitions import selectors  # noqa: F401  (registers the pages' listing and context)
