"""Commissioned installations (承揽工程): the client's request and its reference photos, the
pipeline and its events, versioned quotes, milestone payments, the artisan team with its
labour, the job's direct costs, the settlement that shares the labour pool among households,
and the public showcase of finished installations (case pages)."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock, ImageWithCaptionBlock
from core.pages import SectionIndexPage

ZERO = Decimal("0.00")


def new_tracking_token() -> str:
    # 32 bytes of randomness: the token is the client's only key to the tracking page.
    return secrets.token_urlsafe(32)


def _random_name(folder: str, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"commissions/{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(12)}.{extension}"


def upload_reference_photo(instance, filename: str) -> str:
    # Unguessable names: clients' photos and receipts are not for the public.
    return _random_name("requests", filename)


def upload_receipt(instance, filename: str) -> str:
    return _random_name("receipts", filename)


class Stage(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    SITE_SURVEY = "site_survey", _("Site survey")
    QUOTED = "quoted", _("Quoted")
    CONTRACTED = "contracted", _("Contracted")
    IN_PRODUCTION = "in_production", _("In production")
    INSTALLED = "installed", _("Installed")
    ACCEPTED = "accepted", _("Accepted by the client")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STAGES = (Stage.INQUIRY, Stage.SITE_SURVEY, Stage.QUOTED, Stage.CONTRACTED,
               Stage.IN_PRODUCTION, Stage.INSTALLED, Stage.ACCEPTED)


class ClientType(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation (park, resort, school, town…)")


class WorkKind(models.TextChoices):
    SCULPTURE = "sculpture", _("Sculpture")
    ARCH = "arch", _("Arch")
    GREEN_WALL = "green_wall", _("Green wall")
    GARDEN = "garden", _("Garden installation")
    OTHER = "other", _("Other")


class BudgetRange(models.TextChoices):
    UNDER_20K = "lt20k", _("Under ¥20,000")
    FROM_20K = "20-50k", _("¥20,000–50,000")
    FROM_50K = "50-100k", _("¥50,000–100,000")
    FROM_100K = "100-300k", _("¥100,000–300,000")
    OVER_300K = "gt300k", _("Over ¥300,000")
    UNSURE = "unsure", _("Not sure yet")


class Commission(models.Model):
    """One commissioned installation, from the client's request to its settlement."""

    reference = models.CharField(_("commission number"), max_length=20, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_tracking_token,
                             editable=False)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices,
                             default=Stage.INQUIRY, db_index=True)
    title = models.CharField(_("title"), max_length=120, blank=True,
                             help_text=_("A short name for the job, e.g. 温江公园入口拱门."))
    language = models.CharField(_("language"), max_length=10, default="zh-hans")

    client_type = models.CharField(_("client"), max_length=20, choices=ClientType.choices,
                                   default=ClientType.ORGANISATION)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("email"), blank=True)
    district = models.CharField(_("district or town"), max_length=60)
    address = models.CharField(_("site address"), max_length=200)
    kind = models.CharField(_("kind of work"), max_length=20, choices=WorkKind.choices,
                            db_index=True)
    size = models.CharField(_("approximate size"), max_length=100)
    budget = models.CharField(_("budget"), max_length=10, choices=BudgetRange.choices)
    wanted_by = models.DateField(_("wanted completion date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    consent_to_contact = models.BooleanField(_("agreed to be contacted"), default=False)

    contract_price = models.DecimalField(_("contract price"), max_digits=12, decimal_places=2,
                                         null=True, blank=True)
    starts_on = models.DateField(_("job starts"), null=True, blank=True)
    ends_on = models.DateField(_("job ends"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    needs_attention = models.BooleanField(_("needs attention"), default=False)
    attention_reason = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        ordering = ["-created_at", "-pk"]
        permissions = [("settle_commission", "Can settle a commission")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_price__isnull=True) | models.Q(contract_price__gte=0),
                name="commission_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.display_title}"

    def get_absolute_url(self) -> str:
        return reverse("commissions:track", kwargs={"token": self.token})

    @property
    def client_label(self) -> str:
        return self.organisation or self.contact_name

    @property
    def display_title(self) -> str:
        return self.title or f"{self.client_label} · {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class CommissionEvent(models.Model):
    """One recorded step: a stage move, a quote issued or answered, a payment, a note."""

    class Kind(models.TextChoices):
        STAGE = "stage", _("Stage")
        QUOTE = "quote", _("Price quote")
        PAYMENT = "payment", _("Payment")
        REFUND = "refund", _("Refund")
        NOTE = "note", _("Note")

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STAGE)
    created_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.commission_id} {self.from_stage}→{self.to_stage}"

    @property
    def actor_label(self) -> str:
        if self.actor_id is None:
            return "—"
        return self.actor.get_full_name() or self.actor.get_username()


class ReferencePhoto(models.Model):
    """A photo the client sent with the request (checked by content when uploaded)."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE,
                                   related_name="reference_photos")
    image = models.ImageField(upload_to=upload_reference_photo, width_field="width",
                              height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    original_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name or self.image.name


class ProgressPhoto(models.Model):
    """A photo the committee posts while the work goes on; the client sees it on the
    tracking page and a case page can reuse it."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE,
                                   related_name="progress_photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.image)


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    ACCEPTED = "accepted", _("Accepted")
    REVISION_REQUESTED = "revision", _("Revision requested")
    SUPERSEDED = "superseded", _("Superseded")


class Quote(models.Model):
    """One version of the price offered; a revision is a new version, never an edit."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="quotes")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=QuoteStatus.choices,
                              default=QuoteStatus.DRAFT)
    valid_until = models.DateField(_("valid until"))
    note = models.TextField(_("note to the client"), blank=True, max_length=2000)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=ZERO)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_name = models.CharField(_("accepted by (name typed)"), max_length=60, blank=True)
    revision_comment = models.TextField(_("client's request for a revision"), blank=True)

    class Meta:
        verbose_name = _("quote")
        ordering = ["commission", "version"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "version"],
                                    name="quote_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.commission.reference} v{self.version}"

    @property
    def is_expired(self) -> bool:
        return self.valid_until < timezone.localdate()


class QuoteLineKind(models.TextChoices):
    MATERIALS = "materials", _("Materials")
    LABOUR = "labour", _("Labour (days)")
    DESIGN = "design", _("Design")
    TRANSPORT = "transport", _("Transport")
    INSTALLATION = "installation", _("Installation")


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=15, choices=QuoteLineKind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.description} {self.quantity} × {self.unit_price}"


class MilestoneStatus(models.TextChoices):
    DUE = "due", _("Due")
    PAID = "paid", _("Paid")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


class Milestone(models.Model):
    """A part of the contract price the client pays by a date. A commission's milestones
    always sum exactly to its contract price."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE,
                                   related_name="milestones")
    sequence = models.PositiveSmallIntegerField()
    label = models.CharField(_("label"), max_length=60)
    label_en = models.CharField(_("label (English)"), max_length=60, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True,
                                  blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.DUE)
    amount_paid = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    amount_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_via = models.CharField(_("paid by"), max_length=10, blank=True)
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        ordering = ["commission", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "sequence"],
                                    name="milestone_sequence_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="milestone_amount_positive"),
            models.CheckConstraint(condition=models.Q(amount_refunded__lte=models.F("amount_paid")),
                                   name="milestone_refund_within_payment"),
        ]

    def __str__(self) -> str:
        return f"{self.commission.reference} #{self.sequence} {self.display_label}"

    @property
    def display_label(self) -> str:
        return self.label_en if get_language() == "en" and self.label_en else self.label

    @property
    def is_overdue(self) -> bool:
        return self.status == MilestoneStatus.DUE and self.due_on < timezone.localdate()

    @property
    def refundable(self) -> Decimal:
        return self.amount_paid - self.amount_refunded


class TeamMember(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="team")
    artisan = models.ForeignKey("artisans.ArtisanPage", on_delete=models.PROTECT,
                                related_name="commission_teams", verbose_name=_("artisan"))
    role = models.CharField(_("role"), max_length=60, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "artisan"], name="team_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.commission_id} {self.artisan_id}"


class LabourEntry(models.Model):
    """Days an artisan worked on the job (half-day steps), with their skill coefficient:
    points = days × coefficient share the labour pool."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE,
                                   related_name="labour_entries")
    artisan = models.ForeignKey("artisans.ArtisanPage", on_delete=models.PROTECT,
                                related_name="labour_entries", verbose_name=_("artisan"))
    date = models.DateField(_("date"))
    days = models.DecimalField(_("days"), max_digits=3, decimal_places=1)
    skill_coefficient = models.DecimalField(_("skill coefficient"), max_digits=4,
                                            decimal_places=2, default=Decimal("1.00"))
    task = models.CharField(_("task"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("labour entry")
        verbose_name_plural = _("labour entries")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["commission", "artisan", "date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gt=0, days__lte=1),
                                   name="labour_days_half_or_whole"),
            models.CheckConstraint(condition=models.Q(skill_coefficient__gt=0),
                                   name="labour_coefficient_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.artisan_id} {self.date} {self.days}"

    @property
    def points(self) -> Decimal:
        return self.days * self.skill_coefficient


class CostKind(models.TextChoices):
    MATERIALS = "materials", _("Materials")
    TRANSPORT = "transport", _("Transport")
    EQUIPMENT = "equipment", _("Equipment hire")
    SUBCONTRACT = "subcontract", _("Subcontracted work")
    OTHER = "other", _("Other direct cost")


class CostEntry(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField(_("kind"), max_length=15, choices=CostKind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    incurred_on = models.DateField(_("date"))
    receipt = models.FileField(_("receipt"), upload_to=upload_receipt, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("cost")
        ordering = ["incurred_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="cost_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"


class Settlement(models.Model):
    """The books of one finished commission: margin, the cooperative's retention and the
    labour pool shared among households (read by the earnings ledger)."""

    commission = models.OneToOneField(Commission, on_delete=models.PROTECT,
                                      related_name="settlement")
    settled_at = models.DateTimeField(_("settled at"), default=timezone.now)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    contract_price = models.DecimalField(_("contract price"), max_digits=12, decimal_places=2)
    direct_costs = models.DecimalField(_("materials and direct costs"), max_digits=12,
                                       decimal_places=2)
    margin = models.DecimalField(_("margin"), max_digits=12, decimal_places=2)
    retention_rate = models.DecimalField(_("retention rate"), max_digits=6, decimal_places=4)
    retention = models.DecimalField(_("retention"), max_digits=12, decimal_places=2)
    labour_pool = models.DecimalField(_("labour pool"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("settlement")

    def __str__(self) -> str:
        return f"{self.commission.reference} {self.labour_pool}"


class SettlementLine(models.Model):
    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="lines")
    household = models.ForeignKey("artisans.Household", on_delete=models.PROTECT,
                                  related_name="commission_settlement_lines")
    artisan = models.ForeignKey("artisans.ArtisanPage", on_delete=models.PROTECT,
                                related_name="commission_settlement_lines")
    points = models.DecimalField(_("labour points"), max_digits=12, decimal_places=3)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["household__code", "artisan__code"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.artisan_id} {self.amount}"


# --- the showcase -----------------------------------------------------------------------


class CommissionCaseIndexPage(SectionIndexPage):
    """/commissions/: the finished installations a park manager looks at before asking.
    commissions.selectors registers its listing (filtered by kind of work)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["commissions.CommissionCasePage"]
    per_page = 12
    listing_object_name = "cases"
    has_own_search = False

    class Meta:
        verbose_name = _("commission showcase")


# Paths served by commissions.urls under /commissions/: a case page may not take them.
RESERVED_CASE_SLUGS = frozenset({"request", "track"})


class CommissionCasePage(Page):
    """A finished installation: photos, place, size, year, team and the client's words."""

    commission = models.ForeignKey(
        Commission, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_pages",
        verbose_name=_("commission"), help_text=_("Only staff see which commission this was."),
    )
    cover = models.ForeignKey("wagtailimages.Image", verbose_name=_("cover photo"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    place = models.CharField(_("place"), max_length=120)
    size = models.CharField(_("size"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of work"), max_length=20, choices=WorkKind.choices,
                            default=WorkKind.OTHER)
    team = models.TextField(_("team"), blank=True, help_text=_("The artisans, one per line."))
    client_words = models.TextField(_("the client's words"), blank=True)
    client_attribution = models.CharField(_("who said it"), max_length=120, blank=True)
    photos = StreamField([("photo", ImageWithCaptionBlock())], verbose_name=_("photos"),
                         blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("story"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("place"),
        index.SearchField("client_words"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("commission", permission="commissions.view_commission"),
        FieldPanel("cover"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("place"), FieldPanel("year")]),
            FieldRowPanel([FieldPanel("size"), FieldPanel("kind")]),
            FieldPanel("team"),
        ], heading=_("The installation")),
        MultiFieldPanel([FieldPanel("client_words"), FieldPanel("client_attribution")],
                        heading=_("The client's words")),
        FieldPanel("photos"),
        FieldPanel("body"),
    ]

    parent_page_types = ["commissions.CommissionCaseIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("commission case")
        verbose_name_plural = _("commission cases")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_CASE_SLUGS:
            raise ValidationError({"slug": _("This address is used by the request form and the "
                                             "tracking pages; choose another slug.")})

    @property
    def team_names(self) -> list[str]:
        return [line.strip() for line in self.team.splitlines() if line.strip()]
