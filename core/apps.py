from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom of the project: money, shared blocks, i18n helpers, admin widgets, caching
    and the demo toolkit. It imports no other app of the project."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from wagtail.images import get_image_model
        from wagtail.models import Locale, PageViewRestriction, Revision, Site
        from wagtail.signals import page_published

        from core import admin_csp, checks  # noqa: F401  (checks: the deployment checks)
        from core.caching import IMAGES, PAGES, connect_page_signals, invalidate_on_change
        from core.translation import adopt_translations_before_first_edit, keep_translations_in_step

        connect_page_signals()
        admin_csp.install()
        # A site's root or a locale changes every page's address; a view restriction decides
        # who may see a page, so no cached copy may outlive it.
        invalidate_on_change(PAGES, Site, Locale, PageViewRestriction)
        # Cached HTML holds renditions' URLs: an edited image (a new focal point, a replaced
        # file) or a deleted rendition makes it stale. A new rendition needs nothing.
        image_model = get_image_model()
        # Wagtail fills in an image's file hash and size when it first makes a rendition.
        invalidate_on_change(IMAGES, image_model,
                             bookkeeping=frozenset({"file_hash", "file_size"}))
        invalidate_on_change(IMAGES, image_model.get_rendition_model(), on_save=False)
        # Translations follow their Chinese page on publish (never on drafts or autosaves).
        page_published.connect(keep_translations_in_step, dispatch_uid="translations-in-step")
        post_save.connect(adopt_translations_before_first_edit, sender=Revision,
                          dispatch_uid="adopt-translations")
