from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top of the project: the home page, site search, site settings, impact figures and
    the demo village loader. It may import every app."""

    name = "home"
    verbose_name = _("Tianxing site")

    def ready(self):
        # Connect the menu's and page serving's cache signals.
        from home import navigation, serving  # noqa: F401
