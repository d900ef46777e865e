"""sitemap.xml for every language tree of the site (pages carry their hreflang alternates).
Wagtail's own sitemap lists the default site root's descendants only, so the English tree
(a sibling of the Chinese home page) would be missing."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class BilingualSitemap(Sitemap):
    i18n = False
    alternates = False

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_site = Q()
        for root in roots:
            in_site |= Q(path__startswith=root.path)
        return (
            Page.objects.live().public().filter(in_site)
            .order_by("path").defer_streamfields().specific()
        )
