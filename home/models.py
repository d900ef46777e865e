"""The project's own pages and settings: the home page and the cooperative's site settings."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.pages import SelectorContextMixin


class HomePage(SelectorContextMixin, Page):
    """The site's root in each language. Its figures and featured artisans come from
    home.selectors."""

    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_work = models.ForeignKey(
        "catalogue.ProductPage",
        verbose_name=_("hero work"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A work from the shop shown large at the top of the home page."),
    )
    hero_cta_label = models.CharField(_("button label"), max_length=40, blank=True)
    body = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_work"),
                FieldPanel("hero_cta_label"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # Each section's index page; a new section (exhibitions, commission cases) adds its own.
    subpage_types = ["artisans.ArtisanIndexPage", "catalogue.CatalogueIndexPage",
                     "commissions.CommissionCaseIndexPage", "exhibitions.ExhibitionIndexPage",
                     "news.NewsIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hero_work"] = self.hero_work if self.hero_work and self.hero_work.live else None
        return context


@register_setting(icon="site")
class CooperativeSettings(BaseSiteSetting):
    """Contact and payment details the footer, the contact lines and offline payment show."""

    name = models.CharField(_("cooperative name"), max_length=100, default="天星村植物编艺合作社")
    name_en = models.CharField(
        _("cooperative name (English)"),
        max_length=100,
        default="Tianxing Village Plant-Weaving Cooperative",
    )
    address = models.CharField(
        _("address"), max_length=200, default="四川省成都市温江区寿安镇天星村"
    )
    address_en = models.CharField(
        _("address (English)"),
        max_length=200,
        default="Tianxing Village, Shou'an Town, Wenjiang District, Chengdu, Sichuan",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    wechat_account = models.CharField(_("WeChat account"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    bank_account_name = models.CharField(_("bank account name"), max_length=100, blank=True)
    bank_account_name_en = models.CharField(
        _("bank account name (English)"), max_length=100, blank=True)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_name_en = models.CharField(_("bank (English)"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("bank account number"), max_length=40, blank=True)
    opening_hours = models.CharField(_("opening hours of the base"), max_length=100, blank=True)
    opening_hours_en = models.CharField(
        _("opening hours of the base (English)"), max_length=100, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("address"),
             FieldPanel("address_en"), FieldPanel("opening_hours"),
             FieldPanel("opening_hours_en")],
            heading=_("Cooperative"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("wechat_account"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("bank_account_name"), FieldPanel("bank_account_name_en"),
             FieldPanel("bank_name"), FieldPanel("bank_name_en"),
             FieldPanel("bank_account_number")],
            heading=_("Bank details for offline payment"),
        ),
    ]

    class Meta:
        verbose_name = _("cooperative settings")

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    @property
    def display_address(self) -> str:
        return self.address_en if get_language() == "en" and self.address_en else self.address

    def _in_language(self, field: str) -> str:
        """The English version of `field` on the English site when there is one."""
        english = getattr(self, f"{field}_en")
        return english if get_language() == "en" and english else getattr(self, field)

    @property
    def display_opening_hours(self) -> str:
        return self._in_language("opening_hours")

    @property
    def display_bank_account_name(self) -> str:
        return self._in_language("bank_account_name")

    @property
    def display_bank_name(self) -> str:
        return self._in_language("bank_name")
