from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top of the project: the home page, site search, site settings, impact figures and
    the demo village loader. It may import every app."""

    name = "home"
    verbose_name = _("Tianxing site")

    def ready(self):
        from core.caching import SETTINGS, invalidate_on_change
        from home import selectors  # noqa: F401  (registers the home page's figures)

        invalidate_on_change(SETTINGS, self.get_model("CooperativeSettings"))
