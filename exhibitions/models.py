"""Exhibitions, fairs, workshops and open days: the pages the committee publishes (with their
sessions, galleries, featured artisans and works), visitors' registrations for a session, and
the pieces sold on site with their exact split among the makers' households."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import BaseStreamBlock
from core.clock import SHANGHAI, shanghai_today  # noqa: F401  (used by the app)
from core.pages import RouteViewsMixin, SectionIndexPage, SelectorContextMixin


class ExhibitionKind(models.TextChoices):
    EXHIBITION = "exhibition", _("Exhibition")
    FAIR = "fair", _("Fair")
    WORKSHOP = "workshop", _("Workshop")
    OPEN_DAY = "open_day", _("Open day")


class ExhibitionIndexPage(SectionIndexPage):
    """Upcoming and running exhibitions (soonest first), then one page of past ones (by year,
    newest first); listed by `exhibitions.selectors.exhibition_listing`."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["exhibitions.ExhibitionPage"]
    listing_object_name = "past_exhibitions"
    has_own_search = False

    class Meta:
        verbose_name = _("exhibitions")


class ExhibitionPageForm(WagtailAdminPageForm):
    """A session that people registered for cannot be removed (cancel it by setting its
    capacity to what is already booked, or keep it)."""

    def clean(self):
        cleaned_data = super().clean()
        starts_on, ends_on = cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        sessions = self.formsets.get("sessions")
        if sessions is not None:
            for form in sessions.forms:
                instance = form.instance
                if (form.cleaned_data.get("DELETE") and instance.pk
                        and instance.registrations.exists()):
                    self.add_error(None, _("The session of %(start)s has registrations and "
                                           "cannot be removed.") % {"start": instance.starts_at})
        return cleaned_data


class ExhibitionPage(SelectorContextMixin, RouteViewsMixin, RoutablePageMixin, Page):
    kind = models.CharField(_("kind"), max_length=12, choices=ExhibitionKind.choices,
                            default=ExhibitionKind.EXHIBITION)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True,
                                     help_text=_("e.g. 每日 9:00–17:30"))
    venue = models.CharField(_("venue"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=120, blank=True)
    admission_price = models.DecimalField(
        _("admission (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.00"))], help_text=_("Leave empty if free."),
    )
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("cover image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    registration_open = models.BooleanField(
        _("visitors register online"), default=True,
        help_text=_("Registration still closes by itself when a session is full or has started."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("starts_on"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldPanel("opening_hours"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("organiser"),
                FieldPanel("admission_price"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [FieldPanel("registration_open"),
             InlinePanel("sessions", label=_("Sessions"), min_num=1)],
            heading=_("Sessions and registration"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        InlinePanel("gallery_images", label=_("Gallery")),
        InlinePanel("featured_artisans", label=_("Featured artisans")),
        InlinePanel("featured_works", label=_("Featured works")),
        InlinePanel("related_pages", label=_("Related news")),
    ]

    # wagtail-localize: the facts (dates, sessions and their capacities, admission, pictures,
    # who and what is featured) follow the Chinese page at once when it is published; the
    # words (title, summary, opening hours, venue, address, organiser, body) are translated
    # by the committee. Registrations are held on the Chinese page's sessions (`booking_page`),
    # so the English page's copies carry none and are replaced freely.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("starts_on"),
        SynchronizedField("ends_on"),
        TranslatableField("opening_hours"),
        TranslatableField("venue"),
        TranslatableField("address"),
        TranslatableField("organiser"),
        SynchronizedField("admission_price"),
        TranslatableField("summary"),
        SynchronizedField("cover_image"),
        TranslatableField("body"),
        SynchronizedField("registration_open"),
        SynchronizedField("sessions"),
        SynchronizedField("gallery_images"),
        SynchronizedField("featured_artisans"),
        SynchronizedField("featured_works"),
        SynchronizedField("related_pages"),
    ]

    base_form_class = ExhibitionPageForm
    parent_page_types = ["exhibitions.ExhibitionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        indexes = [models.Index(fields=["ends_on", "starts_on"])]

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})

    @property
    def is_free(self) -> bool:
        return not self.admission_price

    def is_past(self, now=None) -> bool:
        return self.ends_on < shanghai_today(now)

    @property
    def booking_page(self) -> ExhibitionPage:
        """Registrations are held on the Chinese page's sessions, whichever language the
        visitor registers in: one capacity per session, not one per translation."""
        if self.locale_id == Locale.get_default().pk:
            return self
        original = ExhibitionPage.objects.filter(
            translation_key=self.translation_key, locale=Locale.get_default()).first()
        return original or self

    def serve(self, request, *args, **kwargs):
        # Places left change with every registration, and the registration pages are one
        # visitor's own: never kept in the shared whole-page cache.
        response = super().serve(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    @path("")
    def exhibition(self, request):
        return self.render(request)

    @path("register/", name="register")
    def register(self, request):
        return self.route_to('register', request)

    @path("registration/<str:token>/", name="registration")
    def registration(self, request, token):
        return self.route_to('registration', request, token=token)

    @path("calendar/", name="calendar")
    def calendar(self, request):
        return self.route_to('calendar', request)


class ExhibitionSession(Orderable):
    """One opening of an exhibition visitors register for (a day, a morning, a workshop
    slot), with its own capacity."""

    page = ParentalKey(ExhibitionPage, on_delete=models.CASCADE, related_name="sessions")
    label = models.CharField(_("label"), max_length=80, blank=True,
                             help_text=_("e.g. 上午场 / morning"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity (people)"), default=50)

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("capacity"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at, SHANGHAI)
        text = f"{start:%Y-%m-%d %H:%M}"
        return f"{text} {self.label}" if self.label else text

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class ExhibitionGalleryImage(Orderable):
    page = ParentalKey(ExhibitionPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("image"),
                              on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class ExhibitionArtisan(Orderable):
    page = ParentalKey(ExhibitionPage, on_delete=models.CASCADE, related_name="featured_artisans")
    artisan = models.ForeignKey("artisans.ArtisanPage", verbose_name=_("artisan"),
                                on_delete=models.CASCADE, related_name="exhibitions")

    panels = [FieldPanel("artisan")]


class ExhibitionWork(Orderable):
    page = ParentalKey(ExhibitionPage, on_delete=models.CASCADE, related_name="featured_works")
    product = models.ForeignKey("catalogue.ProductPage", verbose_name=_("work"),
                                on_delete=models.CASCADE, related_name="exhibitions")

    panels = [FieldPanel("product")]


class ExhibitionRelatedPage(Orderable):
    page = ParentalKey(ExhibitionPage, on_delete=models.CASCADE, related_name="related_pages")
    related = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"),
                                on_delete=models.CASCADE, related_name="+")

    # The chooser offers news articles; a page linked before the news section existed stays
    # valid (only the chooser is limited, not the field).
    panels = [PageChooserPanel("related", "news.NewsPage")]


class Registration(models.Model):
    """A visitor's booking of places in one session. Cancelled registrations are kept (with
    the time of cancelling) so the counts stay explainable."""

    session = models.ForeignKey(ExhibitionSession, verbose_name=_("session"),
                                on_delete=models.PROTECT, related_name="registrations")
    name = models.CharField(_("name"), max_length=40)
    phone = models.CharField(_("mobile phone"), max_length=11)
    party_size = models.PositiveSmallIntegerField(_("people"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked in by"),
                                      null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "phone"],
                                    condition=Q(cancelled_at__isnull=True),
                                    name="one_registration_per_phone_and_session"),
            models.CheckConstraint(condition=Q(party_size__gte=1), name="party_size_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party_size}) · {self.session}"

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-4:]}"

    @property
    def exhibition(self) -> ExhibitionPage:
        return self.session.page


class PaymentMeans(models.TextChoices):
    CASH = "cash", _("Cash")
    WECHAT = "wechat", _("WeChat transfer")
    ALIPAY = "alipay", _("Alipay transfer")
    CARD = "card", _("Card")


class OnsiteSale(models.Model):
    """A piece sold at an exhibition or at the village base. Never edited: a correction is a
    reversal row (negative amount, `reversal_of` the original) with mirror shares."""

    sold_on = models.DateField(_("date sold"))
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("receipt reference"), max_length=60, unique=True)
    payment_means = models.CharField(_("means of payment"), max_length=10,
                                     choices=PaymentMeans.choices, default=PaymentMeans.CASH)
    product = models.ForeignKey("catalogue.ProductPage", verbose_name=_("work"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="onsite_sales")
    exhibition = models.ForeignKey(ExhibitionPage, verbose_name=_("exhibition"), null=True,
                                   blank=True, on_delete=models.PROTECT,
                                   related_name="onsite_sales")
    description = models.CharField(_("description"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    reversal_of = models.OneToOneField("self", verbose_name=_("reversal of"), null=True,
                                       blank=True, on_delete=models.PROTECT,
                                       related_name="reversal")

    class Meta:
        verbose_name = _("on-site sale")
        verbose_name_plural = _("on-site sales")
        ordering = ["-sold_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} · {self.amount}"

    @property
    def is_reversal(self) -> bool:
        return self.reversal_of_id is not None


class OnsiteSaleShare(models.Model):
    """One household's exact part of an on-site sale (its maker's share of the amount)."""

    sale = models.ForeignKey(OnsiteSale, on_delete=models.CASCADE, related_name="shares")
    household = models.ForeignKey("artisans.Household", verbose_name=_("household"),
                                  on_delete=models.PROTECT, related_name="onsite_sale_shares")
    artisan = models.ForeignKey("artisans.ArtisanPage", verbose_name=_("artisan"), null=True,
                                blank=True, on_delete=models.SET_NULL,
                                related_name="onsite_sale_shares")
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("on-site sale share")
        verbose_name_plural = _("on-site sale shares")

    def __str__(self) -> str:
        return f"{self.sale.reference}: {self.household_id} {self.amount}"
