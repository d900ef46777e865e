"""The main menu, cached: it is the same for every visitor in a language and changes only
when a page is published, unpublished, moved or deleted, yet building it costs several
queries on every page that is not served whole from the cache."""

from django.utils.translation import get_language
from wagtail.models import Site

from core.caching import PAGES, cached


def menu_items(request) -> list[dict]:
    """[{"title", "url", "is_home"}] for the site's home page in the active language and its
    live children that are shown in menus."""
    site = Site.find_for_request(request)
    if site is None:
        return []

    def build():
        home = site.root_page.localized
        items = [{"title": home.title, "url": home.get_url(request), "is_home": True}]
        return items + [
            {"title": page.title, "url": page.get_url(request), "is_home": False}
            for page in home.get_children().live().in_menu()
        ]

    return cached(PAGES, f"menu:{site.pk}:{get_language()}", build)
