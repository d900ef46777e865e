from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TianxingConfig(AppConfig):
    name = "tianxing"
    verbose_name = _("Tianxing site")

    def ready(self):
        from tianxing import navigation  # noqa: F401  (connects the menu's cache signals)
