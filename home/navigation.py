"""The main menu, cached: it is the same for every visitor in a language and changes only
when a top-level page changes, yet building it costs several queries on every page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language
from wagtail.models import Page

from core.caching import cached, invalidate

FAMILY = "menu"


def menu_items(request, site) -> list[dict]:
    """[{"title", "url", "is_home"}] for the site's home page in the active language and its
    live children that are shown in menus."""

    def build():
        home = site.root_page.localized
        items = [{"title": home.title, "url": home.get_url(request), "is_home": True}]
        return items + [
            {"title": page.title, "url": page.get_url(request), "is_home": False}
            for page in home.get_children().live().in_menu()
        ]

    return cached(FAMILY, f"{site.pk}:{get_language()}", build)


@receiver(post_save)
@receiver(post_delete)
def forget_menu_when_a_top_level_page_changes(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.depth is not None and instance.depth <= 3:
        invalidate(FAMILY)
