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
        from wagtail.models import Revision
        from wagtail.signals import page_published

        from core import checks  # noqa: F401  (registers the deployment checks)
        from core.translation import adopt_translations_before_first_edit, keep_translations_in_step

        # A new rendition needs no invalidation; an edited image or a deleted rendition does.
        image_model = get_image_model()
        post_save.connect(forget_cached_pictures, sender=image_model)
        post_delete.connect(forget_cached_pictures, sender=image_model)
        post_delete.connect(forget_cached_pictures, sender=image_model.get_rendition_model())
        # Translations follow their Chinese page on publish (never on drafts or autosaves).
        page_published.connect(keep_translations_in_step, dispatch_uid="translations-in-step")
        post_save.connect(adopt_translations_before_first_edit, sender=Revision,
                          dispatch_uid="adopt-translations")
