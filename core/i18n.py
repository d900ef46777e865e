"""Small helpers for the two site languages: records that carry their own Chinese and English
names, and a page's translations for the language switch."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core.caching import PAGES, cached


class BilingualName(models.Model):
    """A vocabulary entry (technique, material, category) named in both site languages."""

    name = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


def page_translations(request, page) -> dict[str, dict[str, str]]:
    """{language code: {"url", "full_url"}} of the page's live translations (itself
    included), for the language switch and the hreflang links. Cached until a page is
    published, unpublished, moved or deleted."""
    site = Site.find_for_request(request)

    def build():
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        return {translation.locale.language_code: translation.get_url(request)
                for translation in translations}

    # The cache holds paths only: the full address takes the host of each request.
    urls = cached(PAGES, f"translations:{site.pk if site else 0}:{page.translation_key}", build)
    return {code: {"url": url, "full_url": request.build_absolute_uri(url) if url else ""}
            for code, url in urls.items()}
