from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def forget_cached_pictures(sender, **kwargs):
    from core.caching import IMAGES, invalidate

    invalidate(IMAGES)


class CoreConfig(AppConfig):
    """The bottom of the project: money, shared blocks, i18n helpers, admin widgets, caching
    and the demo toolkit. It imports no other app of the project."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from wagtail.images import get_image_model

        from core import checks  # noqa: F401  (registers the deployment checks)

        # A new rendition needs no invalidation; an edited image or a deleted rendition does.
        image_model = get_image_model()
        post_save.connect(forget_cached_pictures, sender=image_model)
        post_delete.connect(forget_cached_pictures, sender=image_model)
        post_delete.connect(forget_cached_pictures, sender=image_model.get_rendition_model())
