"""The cooperative's works for sale: product pages, their makers' shares, stock, and the
vocabularies (categories, materials) that buyers filter by."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from catalogue.search import index_text
from core.blocks import BaseStreamBlock
from core.caching import STOCK, invalidate
from core.i18n import BilingualName
from core.pages import SectionIndexPage, SelectorContextMixin

SHARES_TOTAL = Decimal("100.00")


class Category(BilingualName):
    class Meta(BilingualName.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Material(BilingualName):
    class Meta(BilingualName.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class CatalogueIndexPage(SectionIndexPage):
    """The shop: searches, filters, sorts and pages of works' cards (catalogue.selectors)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalogue.ProductPage"]

    listing_object_name = "works"

    class Meta:
        verbose_name = _("shop")


class ProductPageForm(WagtailAdminPageForm):
    """Checks what one field cannot: the makers' shares add up to exactly 100%."""

    def clean(self):
        cleaned_data = super().clean()
        makers = self.formsets.get("makers")
        if makers is None or not makers.is_valid():
            return cleaned_data
        shares = [
            form.cleaned_data.get("share") or Decimal("0")
            for form in makers.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if shares and sum(shares) != SHARES_TOTAL:
            self.add_error(
                None,
                _("The makers' shares add up to %(total)s%%; they must add up to exactly 100%%.")
                % {"total": sum(shares)},
            )
        return cleaned_data


class ProductKind(models.TextChoices):
    LIVING = "living", _("Living plant weaving")
    CRAFTED = "crafted", _("Crafted piece")


class ProductPage(SelectorContextMixin, Page):
    """A work for sale. Its page also shows its makers, gallery, techniques and materials
    (catalogue.selectors.product_details)."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=ProductKind.choices, default=ProductKind.CRAFTED
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    techniques = ParentalManyToManyField(
        "artisans.Technique", verbose_name=_("techniques"), blank=True
    )
    materials = ParentalManyToManyField(Material, verbose_name=_("materials"), blank=True)
    price = models.DecimalField(
        _("price (CNY)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    material_cost = models.DecimalField(
        _("material cost (CNY)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("Private: seen by the committee and the accountants only."),
    )
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"), null=True, blank=True
    )
    width_cm = models.PositiveIntegerField(_("width (cm)"), null=True, blank=True)
    depth_cm = models.PositiveIntegerField(_("depth (cm)"), null=True, blank=True)
    height_cm = models.PositiveIntegerField(_("height (cm)"), null=True, blank=True)
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    care_instructions = models.TextField(
        _("care instructions"), blank=True, help_text=_("For living works: light, water, pruning.")
    )
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    description = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("han_search_terms"),
        index.RelatedFields("category", [index.SearchField("name"), index.SearchField("name_en"),
                                         index.FilterField("slug")]),
        index.RelatedFields(
            "techniques", [index.SearchField("name"), index.SearchField("name_en")]
        ),
        index.RelatedFields("materials", [index.SearchField("name"), index.SearchField("name_en")]),
        index.FilterField("kind"),
        index.FilterField("price"),
        index.FilterField("category"),
        index.FilterField("made_to_order"),
    ]

    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("price"),
        APIField("made_to_order"),
        APIField("lead_time_days"),
        APIField("width_cm"),
        APIField("depth_cm"),
        APIField("height_cm"),
        APIField("weight_kg"),
        APIField("care_instructions"),
        APIField("ships_nationwide"),
        APIField("category_name"),
        APIField("technique_names"),
        APIField("material_names"),
        APIField("maker_list"),
        APIField("in_stock"),
    ]

    # wagtail-localize: facts follow the Chinese page at once when it is published (stock
    # is shared through the translation key anyway); words are translated by the committee.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("slug"),
        TranslatableField("summary"),
        SynchronizedField("kind"),
        SynchronizedField("category"),
        SynchronizedField("techniques"),
        SynchronizedField("materials"),
        SynchronizedField("makers"),
        SynchronizedField("price"),
        SynchronizedField("material_cost"),
        SynchronizedField("made_to_order"),
        SynchronizedField("lead_time_days"),
        SynchronizedField("width_cm"),
        SynchronizedField("depth_cm"),
        SynchronizedField("height_cm"),
        SynchronizedField("weight_kg"),
        TranslatableField("care_instructions"),
        SynchronizedField("gallery_images"),
        TranslatableField("description"),
    ]

    base_form_class = ProductPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("category"),
                FieldPanel("techniques"),
                FieldPanel("materials"),
            ],
            heading=_("Classification"),
        ),
        InlinePanel("makers", min_num=1, label=_("Makers and their shares")),
        MultiFieldPanel(
            [
                FieldPanel("price"),
                FieldPanel("material_cost", permission="catalogue.view_material_cost"),
                FieldPanel("made_to_order"),
                FieldPanel("lead_time_days"),
            ],
            heading=_("Price and availability"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("width_cm"), FieldPanel("depth_cm"),
                               FieldPanel("height_cm")]),
                FieldPanel("weight_kg"),
                FieldPanel("care_instructions"),
            ],
            heading=_("Size and care"),
        ),
        InlinePanel("gallery_images", label=_("Gallery")),
        FieldPanel("description"),
    ]

    parent_page_types = ["catalogue.CatalogueIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        permissions = [("view_material_cost", "Can see material costs")]

    @property
    def ships_nationwide(self) -> bool:
        """Living works travel badly: Chengdu-area delivery or pick-up only."""
        return self.kind == ProductKind.CRAFTED

    @property
    def is_living(self) -> bool:
        return self.kind == ProductKind.LIVING

    # Stock belongs to the work, not to one language's page: the StockRecord hangs on the
    # original (Chinese) page and every translation reads it through the translation key.
    # Listings annotate `shared_quantity`/`shared_units_sold` (see selectors.product_cards).
    @cached_property
    def stock_record(self) -> "StockRecord | None":
        return StockRecord.objects.filter(product__translation_key=self.translation_key).first()

    @property
    def stock_quantity(self) -> int:
        if "shared_quantity" in self.__dict__:
            return self.shared_quantity or 0
        record = self.stock_record
        return record.quantity if record else 0

    @property
    def in_stock(self) -> bool:
        return not self.made_to_order and self.stock_quantity > 0

    @property
    def category_name(self) -> str:
        return self.category.display_name

    @property
    def technique_names(self) -> list[str]:
        return [technique.display_name for technique in self.techniques.all()]

    @property
    def material_names(self) -> list[str]:
        return [material.display_name for material in self.materials.all()]

    @property
    def maker_list(self) -> list[dict]:
        """Who made the work, for the public API; the shares stay private to the books."""
        return [{"artisan": maker.artisan_id, "name": maker.artisan.title}
                for maker in self.makers.all()]

    def han_search_terms(self) -> str:
        """Chinese n-grams of everything a buyer might search for (see catalogue.search)."""
        description = " ".join(
            self._meta.get_field("description").get_searchable_content(self.description)
        )
        names = [self.category.name] if self.category_id else []
        names += [technique.name for technique in self.techniques.all()]
        names += [material.name for material in self.materials.all()]
        names += [maker.artisan.title for maker in self.makers.all()]
        return index_text(self.title, self.summary, description, self.care_instructions, *names)

    def clean(self):
        super().clean()
        if self.made_to_order and not self.lead_time_days:
            raise ValidationError({"lead_time_days": _("Made-to-order works need a lead time.")})


class ProductMaker(Orderable):
    """One artisan's declared share of a work; the shares of a work sum to 100%."""

    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="makers")
    artisan = models.ForeignKey(
        "artisans.ArtisanPage",
        verbose_name=_("artisan"),
        on_delete=models.PROTECT,
        related_name="made_products",
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100.00"))],
    )

    panels = [FieldPanel("artisan"), FieldPanel("share")]

    class Meta(Orderable.Meta):
        verbose_name = _("maker")
        verbose_name_plural = _("makers")


class ProductGalleryImage(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class StockRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Stock is taken and given back with conditional UPDATEs (never a lost sale), which
        send no signal: a changed figure renews the cached pages and cards that show stock."""
        rows = super().update(**kwargs)
        if rows:
            invalidate(STOCK)
        return rows


class StockRecord(models.Model):
    """How many pieces of a work are on hand. Kept outside the page so that publishing an
    older revision can never overwrite a quantity that orders have since changed."""

    product = models.OneToOneField(
        ProductPage, on_delete=models.CASCADE, related_name="stock", verbose_name=_("work")
    )
    quantity = models.PositiveIntegerField(_("pieces in stock"), default=0)
    units_sold = models.PositiveIntegerField(
        _("pieces sold"),
        default=0,
        help_text=_("Counted when an order is paid; the shop's popularity sort uses it."),
    )

    objects = StockRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock record")
        verbose_name_plural = _("stock records")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="stock_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.product}: {self.quantity}"
