from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def forget_cached_pictures(sender, **kwargs):
    from tianxing.caching import IMAGES, invalidate

    invalidate(IMAGES)


class TianxingConfig(AppConfig):
    name = "tianxing"
    verbose_name = _("Tianxing site")

    def ready(self):
        from wagtail.images import get_image_model

        # Register the deployment checks; connect the menu's and page serving's cache signals.
        from tianxing import checks, navigation, serving  # noqa: F401

        # A new rendition needs no invalidation; an edited image or a deleted rendition does.
        image_model = get_image_model()
        post_save.connect(forget_cached_pictures, sender=image_model)
        post_delete.connect(forget_cached_pictures, sender=image_model)
        post_delete.connect(forget_cached_pictures, sender=image_model.get_rendition_model())
