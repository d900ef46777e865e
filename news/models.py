"""The village committee's news: the news index (`/news/`, newest first, by year and kind,
with its RSS feed) and the articles — village news, notices and press coverage."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BaseStreamBlock
from core.clock import SHANGHAI, shanghai_today  # noqa: F401  (used by the app)
from core.pages import RouteViewsMixin, SectionIndexPage


class NewsKind(models.TextChoices):
    VILLAGE = "village", _("Village news")
    NOTICE = "notice", _("Notice")
    PRESS = "press", _("In the press")


class NewsIndexPage(RouteViewsMixin, RoutablePageMixin, SectionIndexPage):
    """/news/: the articles, newest first, filtered by year and kind (listed by
    `news.selectors.news_listing`), and their RSS feed at /news/feed/."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    per_page = 12
    listing_object_name = "articles"
    has_own_search = False

    class Meta:
        verbose_name = _("news")

    @path("feed/", name="feed")
    def feed(self, request):
        return self.route_to("feed", request)  # news.feeds


class NewsPage(Page):
    """One article. Its date, kind and cover are facts the English page shares; its title,
    summary, picture description and body are words the committee translates."""

    date = models.DateField(_("date"), default=shanghai_today,
                            help_text=_("The day of the news, in Beijing time."))
    kind = models.CharField(_("kind"), max_length=10, choices=NewsKind.choices,
                            default=NewsKind.VILLAGE)
    summary = models.CharField(
        _("summary"), max_length=200,
        help_text=_("One or two sentences: shown on the news cards, to search engines and in "
                    "the RSS feed."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("cover image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    cover_alt = models.CharField(
        _("cover image description"), max_length=200, blank=True,
        help_text=_("What the picture shows, for visitors who cannot see it. Left empty, the "
                    "picture's own description or title is used."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")],
                        heading=_("Cover image")),
        FieldPanel("body"),
    ]

    override_translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("slug"),
        SynchronizedField("date"),
        SynchronizedField("kind"),
        SynchronizedField("cover_image"),
        TranslatableField("summary"),
        TranslatableField("cover_alt"),
        TranslatableField("body"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [models.Index(fields=["date"])]

    @property
    def cover_alt_text(self) -> str:
        """The cover's alt text: the editor's words, else the picture's description or
        title (as `core.blocks.TitledImageBlock` does for pictures in the body)."""
        if not self.cover_image:
            return ""
        return self.cover_alt.strip() or self.cover_image.default_alt_text
