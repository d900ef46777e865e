"""Households (the register all income is credited to), artisans' portfolio pages, and the
vocabularies that describe artisans' work."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BaseStreamBlock, GalleryBlock
from core.i18n import BilingualName
from core.pages import SectionIndexPage
from core.translation import pinyin_name

money_validators = [MinValueValidator(Decimal("0.00"))]


class Household(models.Model):
    """A village household (户): the unit that income is credited to and that may be a member
    of the cooperative (成员)."""

    code = models.CharField(
        _("household code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2}-\d{2}-\d{3}$",
                _("Use the form TX-03-017: village prefix, group number, household number."),
            )
        ],
    )
    head_name = models.CharField(_("head of household"), max_length=40)
    village_group = models.PositiveSmallIntegerField(_("village group (村民小组)"))
    members = models.PositiveSmallIntegerField(_("number of people"), default=1)
    is_member = models.BooleanField(_("cooperative member"), default=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    capital_contribution = models.DecimalField(
        _("capital contribution (出资额)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=money_validators,
    )
    reserve_share = models.DecimalField(
        _("quantified reserve share (公积金份额)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=money_validators,
    )
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("village_group")]),
        FieldRowPanel([FieldPanel("head_name"), FieldPanel("members")]),
        MultiFieldPanel(
            [
                FieldPanel("is_member"),
                FieldRowPanel([FieldPanel("joined_on"), FieldPanel("left_on")]),
                FieldRowPanel([FieldPanel("capital_contribution"), FieldPanel("reserve_share")]),
            ],
            heading=_("Membership"),
        ),
        FieldPanel("phone"),
        FieldPanel("notes"),
    ]

    search_fields = [
        index.SearchField("code"),
        index.SearchField("head_name"),
        index.AutocompleteField("head_name"),
        index.FilterField("village_group"),
        index.FilterField("is_member"),
    ]

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.head_name}"

    def clean(self):
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("A household cannot leave before it joined.")})


class Technique(BilingualName):
    """A weaving technique (e.g. 活体绿雕, 草编, 竹编)."""

    class Meta(BilingualName.Meta):
        verbose_name = _("technique")
        verbose_name_plural = _("techniques")


class Specialty(BilingualName):
    """What an artisan is known for (e.g. animal figures, garden arches, furniture)."""

    class Meta(BilingualName.Meta):
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")


class ArtisanIndexPage(SectionIndexPage):
    """The artisan directory: filters and pages of artisans' cards (artisans.selectors)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["artisans.ArtisanPage"]

    listing_object_name = "artisans"

    class Meta:
        verbose_name = _("artisan directory")


class PortfolioStreamBlock(BaseStreamBlock):
    gallery = GalleryBlock()


class ArtisanPageForm(WagtailAdminPageForm):
    """An artisan sees their page without the register fields (code and household). They can
    edit their own page but not start one: a page needs its household, which only the
    committee and the accountants set."""

    def clean(self):
        cleaned_data = super().clean()
        if "household" not in self.fields and not self.instance.household_id:
            raise ValidationError(
                _("Only the committee can start a new artisan page. Please ask them to create "
                  "yours; you can then edit it here.")
            )
        return cleaned_data


class ArtisanPage(Page):
    """An artisan's portfolio. The page's owner is the artisan's user account: Wagtail's
    ownership rule lets an artisan edit the pages they own and nothing else."""

    code = models.CharField(_("artisan code"), max_length=20, db_index=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="artisans",
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    biography = RichTextField(_("biography"), blank=True, features=["bold", "italic", "link"])
    techniques = ParentalManyToManyField(Technique, verbose_name=_("techniques"), blank=True)
    specialties = ParentalManyToManyField(Specialty, verbose_name=_("specialties"), blank=True)
    years_weaving = models.PositiveSmallIntegerField(_("years weaving"), default=0)
    awards = models.TextField(_("awards"), blank=True, help_text=_("One award per line."))
    portfolio = StreamField(PortfolioStreamBlock(), verbose_name=_("portfolio"), blank=True)
    name_pinyin = models.CharField(
        _("name in pinyin"), max_length=80, blank=True,
        help_text=_("Shown on the English site and found by searches in pinyin. Left empty, "
                    "it is written from the Chinese name; correct it if a character is read "
                    "differently in this name."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("name_pinyin"),
        index.AutocompleteField("name_pinyin"),
        index.SearchField("biography"),
        index.FilterField("years_weaving"),
        index.RelatedFields("techniques", [index.SearchField("name")]),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("code", permission="artisans.view_household"),
                FieldPanel("household", permission="artisans.view_household"),
            ],
            heading=_("Register"),
        ),
        FieldPanel("name_pinyin"),
        FieldPanel("portrait"),
        FieldPanel("biography"),
        FieldPanel("techniques"),
        FieldPanel("specialties"),
        FieldPanel("years_weaving"),
        FieldPanel("awards"),
        FieldPanel("portfolio"),
    ]

    # wagtail-localize: facts follow the Chinese page at once when it is published; words
    # are translated by the committee, and marked out of date when the Chinese changes.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("slug"),
        SynchronizedField("code"),
        SynchronizedField("household"),
        SynchronizedField("name_pinyin"),
        SynchronizedField("portrait"),
        TranslatableField("biography"),
        SynchronizedField("techniques"),
        SynchronizedField("specialties"),
        SynchronizedField("years_weaving"),
        TranslatableField("awards"),
        TranslatableField("portfolio"),
    ]

    base_form_class = ArtisanPageForm

    parent_page_types = ["artisans.ArtisanIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")

    def full_clean(self, *args, **kwargs):
        if not self.name_pinyin and self.title:
            self.name_pinyin = pinyin_name(self.title)
        super().full_clean(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The name in the visitor's language: pinyin on the English site."""
        if get_language() == "en" and self.name_pinyin:
            return self.name_pinyin
        return self.title

    @property
    def award_list(self) -> list[str]:
        return [line.strip() for line in self.awards.splitlines() if line.strip()]
