"""Household earnings: the cooperative's charter (every change a new version), monthly
accounting periods, the append-only ledger of what each household earned and where each fen
came from, and the year-end surplus distribution runs (盈余分配方案) with their lines."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")
LEGAL_PATRONAGE_FLOOR = Decimal("0.60")
rate_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class ImmutableRecordError(Exception):
    """A ledger entry (or an approved distribution) was about to be changed or deleted."""


class EntityType(models.TextChoices):
    COOPERATIVE = "cooperative", _("Farmers' specialised cooperative (农民专业合作社)")
    COLLECTIVE = "collective", _("Collective economic organisation (集体经济组织)")
    COMPANY = "company", _("Company (公司)")


class ReserveRule(models.TextChoices):
    VOLUME = "volume", _("By transaction volume")
    EQUAL = "equal", _("Equally per member household")


class Charter(models.Model):
    """One version of the charter's money rules (章程). A change is a new row with its own
    effective date; the version in force on a day is the latest one effective by then."""

    effective_from = models.DateField(_("effective from"))
    entity_type = models.CharField(
        _("entity type"), max_length=20, choices=EntityType.choices,
        default=EntityType.COOPERATIVE,
    )
    product_retention = models.DecimalField(
        _("retention rate on product sales"), max_digits=5, decimal_places=4,
        validators=rate_validators, help_text=_("A fraction: 0.10 for 10%."),
    )
    commission_retention = models.DecimalField(
        _("retention rate on commissions"), max_digits=5, decimal_places=4,
        validators=rate_validators,
    )
    reserve_rate = models.DecimalField(
        _("reserve rate (公积金提取比例)"), max_digits=5, decimal_places=4,
        validators=rate_validators,
    )
    patronage_share = models.DecimalField(
        _("patronage share (按交易量返还比例)"), max_digits=5, decimal_places=4,
        validators=rate_validators,
        help_text=_("At least 0.60 for a farmers' specialised cooperative (the law's 60%)."),
    )
    labour_counts_as_volume = models.BooleanField(
        _("labour income counts as transaction volume"), default=True
    )
    deduct_material_cost = models.BooleanField(
        _("deduct material cost before makers' shares"), default=True
    )
    reserve_rule = models.CharField(
        _("reserve quantified"), max_length=10, choices=ReserveRule.choices,
        default=ReserveRule.VOLUME,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["-effective_from", "-pk"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return str(_("Charter from %(date)s") % {"date": self.effective_from.isoformat()})

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecordError("A charter version is never changed: add a new one.")
        super().save(*args, **kwargs)

    @classmethod
    def defaults(cls) -> Charter:
        """The settings' defaults, for a site whose charter has never been entered."""
        values = settings.CHARTER_DEFAULTS
        return cls(
            effective_from=date(1900, 1, 1),
            product_retention=Decimal(values["product_retention"]),
            commission_retention=Decimal(values["commission_retention"]),
            reserve_rate=Decimal(values["reserve_rate"]),
            patronage_share=Decimal(values["patronage_share"]),
        )

    @property
    def enforces_floor(self) -> bool:
        return self.entity_type == EntityType.COOPERATIVE

    def clean(self):
        if self.patronage_share is not None and self.enforces_floor \
                and self.patronage_share < LEGAL_PATRONAGE_FLOOR:
            raise ValidationError({"patronage_share": _(
                "A farmers' specialised cooperative returns at least %(floor)s of the "
                "distributable surplus by transaction volume (农民专业合作社法 art. 44).")
                % {"floor": "60%"}})


class Period(models.Model):
    """A calendar month of the books. Once closed, nothing more is dated in it."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["-year", "-month"]
        default_permissions = ("view", "change")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="earnings_period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, monthrange(self.year, self.month)[1])


class EntryKind(models.TextChoices):
    SALE = "sale", _("Sales income")
    LABOUR = "labour", _("Labour income")
    PATRONAGE = "patronage", _("Patronage return")
    CAPITAL = "capital", _("Capital return")
    RESERVE = "reserve", _("Reserve quantified")
    REVERSAL = "reversal", _("Reversal")
    # A loss year's plan reduces the members' quantified reserve shares (公积金弥补亏损): the
    # one kind besides a reversal whose amount is negative (and never positive).
    OFFSET = "offset", _("Reserve offset against a loss")


# The kinds that are money the household receives (the reserve share is a book balance).
INCOME_KINDS = (EntryKind.SALE, EntryKind.LABOUR, EntryKind.PATRONAGE, EntryKind.CAPITAL,
                EntryKind.REVERSAL)


class LedgerEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError("Ledger entries are never changed.")

    def delete(self):
        raise ImmutableRecordError("Ledger entries are never deleted.")


class LedgerEntry(models.Model):
    """One amount credited to a household (and the artisan, where known), with the record it
    came from. Append-only: the model, the admin and a database trigger refuse any change;
    a correction is a reversal entry."""

    household = models.ForeignKey(
        "artisans.Household", on_delete=models.PROTECT, related_name="ledger_entries",
        verbose_name=_("household"),
    )
    artisan = models.ForeignKey(
        "artisans.ArtisanPage", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("artisan"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    # What the entry adds to the household's transaction volume (交易量): the gross value of
    # its makers' shares for sales, the income itself for labour; mirrored by reversals.
    sales_volume = models.DecimalField(
        _("sales volume"), max_digits=12, decimal_places=2, default=ZERO)
    labour_volume = models.DecimalField(
        _("labour volume"), max_digits=12, decimal_places=2, default=ZERO)
    entry_date = models.DateField(_("date"))
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="entries", verbose_name=_("period"))
    corrects_period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections",
        verbose_name=_("corrects period"),
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("source type"))
    source_id = models.PositiveBigIntegerField(_("source id"))
    source = GenericForeignKey("source_type", "source_id")
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals",
        verbose_name=_("reverses"),
    )
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    posted_by = models.CharField(_("posted by"), max_length=100)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["entry_date", "pk"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "kind"], name="earnings_entry_source_once"),
            models.CheckConstraint(
                condition=(models.Q(amount__gte=0) & ~models.Q(kind="offset"))
                | models.Q(kind="reversal") | models.Q(kind="offset", amount__lte=0),
                name="earnings_entry_sign_by_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["entry_date", "household"]),
            models.Index(fields=["household", "entry_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.entry_date} {self.household_id} {self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update"):
            raise ImmutableRecordError("Ledger entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("Ledger entries are never deleted.")


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Published to members")
    APPROVED = "approved", _("Approved and posted")
    SUPERSEDED = "superseded", _("Superseded")


class RunKind(models.TextChoices):
    DISTRIBUTION = "distribution", _("Surplus distribution (盈余分配)")
    LOSS = "loss", _("Loss offset (弥补亏损)")


class DistributionRun(models.Model):
    """A year-end surplus distribution plan (盈余分配方案) with its inputs and outputs. Drafted,
    published to members for review, then approved by the general meeting and posted to the
    ledger; an approved run is never changed, only superseded by a newer run."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of plan"), max_length=12, choices=RunKind.choices,
                            default=RunKind.DISTRIBUTION)
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT)
    # Inputs.
    surplus = models.DecimalField(_("surplus (盈余)"), max_digits=14, decimal_places=2)
    prior_losses = models.DecimalField(
        _("losses carried from earlier years"), max_digits=14, decimal_places=2, default=ZERO)
    subsidies = models.DecimalField(
        _("state subsidies and donations"), max_digits=14, decimal_places=2, default=ZERO)
    entity_type = models.CharField(_("entity type"), max_length=20, choices=EntityType.choices)
    reserve_rate = models.DecimalField(_("reserve rate"), max_digits=5, decimal_places=4)
    patronage_share = models.DecimalField(_("patronage share"), max_digits=5, decimal_places=4)
    labour_counts_as_volume = models.BooleanField(default=True)
    reserve_rule = models.CharField(max_length=10, choices=ReserveRule.choices)
    # Outputs.
    distributable_base = models.DecimalField(
        _("surplus after prior losses"), max_digits=14, decimal_places=2)
    reserve = models.DecimalField(_("reserve (公积金)"), max_digits=14, decimal_places=2)
    distributable = models.DecimalField(
        _("distributable surplus (可分配盈余)"), max_digits=14, decimal_places=2)
    patronage_pool = models.DecimalField(
        _("returned by transaction volume"), max_digits=14, decimal_places=2)
    capital_pool = models.DecimalField(
        _("returned by capital basis"), max_digits=14, decimal_places=2)
    member_households = models.PositiveIntegerField(_("member households"), default=0)
    subsidy_per_member = models.DecimalField(
        _("subsidy share per member household"), max_digits=14, decimal_places=4, default=0)
    floor_met = models.BooleanField(_("legal floor met"), default=True)
    # A loss plan's outputs: the part of the losses offset against the members' quantified
    # reserve shares, and the rest, carried forward as the next year's prior losses.
    reserve_offset = models.DecimalField(
        _("offset against reserve shares"), max_digits=14, decimal_places=2, default=ZERO)
    losses_carried_forward = models.DecimalField(
        _("losses carried forward"), max_digits=14, decimal_places=2, default=ZERO)

    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("drafted by"),
    )
    reviewed_at = models.DateTimeField(_("published to members at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("approved by"),
    )

    class Meta:
        verbose_name = _("surplus distribution plan")
        verbose_name_plural = _("surplus distribution plans")
        ordering = ["-year", "-pk"]
        permissions = [("approve_distributionrun", "Can approve and post a distribution")]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(status="approved"),
                name="earnings_one_approved_run_per_year",
            ),
        ]

    def __str__(self) -> str:
        if self.is_loss:
            return str(_("Loss plan %(year)s (%(status)s)") % {
                "year": self.year, "status": self.get_status_display()})
        return str(_("Distribution plan %(year)s (%(status)s)") % {
            "year": self.year, "status": self.get_status_display()})

    @property
    def is_loss(self) -> bool:
        return self.kind == RunKind.LOSS

    @property
    def covers_prior_losses(self) -> bool:
        """A loss plan for a year with a surplus (S ≥ 0) that does not cover the losses
        carried into it: the surplus goes to those losses, nothing is paid."""
        return self.is_loss and self.surplus >= 0

    @property
    def covered_by_surplus(self) -> Decimal:
        """The part of the losses carried into the year that its own surplus covered."""
        return max(min(self.surplus, self.prior_losses), ZERO)

    @property
    def losses_to_cover(self) -> Decimal:
        """A loss plan's losses (−S′): the losses carried into the year less its surplus —
        the year's loss and the prior losses, or what the year's surplus left of them."""
        return -self.surplus + self.prior_losses

    def delete(self, *args, **kwargs):
        if self.status in (RunStatus.APPROVED, RunStatus.SUPERSEDED):
            raise ImmutableRecordError("An approved distribution is never deleted.")
        return super().delete(*args, **kwargs)


class DistributionLine(models.Model):
    """One member household's part of a run: its inputs (volume, capital basis) and returns."""

    run = models.ForeignKey(DistributionRun, on_delete=models.CASCADE, related_name="lines")
    household = models.ForeignKey(
        "artisans.Household", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("household"))
    household_code = models.CharField(_("household code"), max_length=20)
    transaction_volume = models.DecimalField(
        _("transaction volume"), max_digits=14, decimal_places=2)
    capital_contribution = models.DecimalField(max_digits=14, decimal_places=2)
    reserve_share_before = models.DecimalField(max_digits=14, decimal_places=2)
    capital_basis = models.DecimalField(_("capital basis"), max_digits=14, decimal_places=4)
    patronage_return = models.DecimalField(
        _("patronage return"), max_digits=14, decimal_places=2)
    capital_return = models.DecimalField(_("capital return"), max_digits=14, decimal_places=2)
    # Negative in a loss plan: the part of the loss offset against this reserve share.
    reserve_quantified = models.DecimalField(
        _("reserve quantified"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("distribution line")
        ordering = ["household_code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "household"], name="earnings_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.household_code}"

    @property
    def total(self) -> Decimal:
        return self.patronage_return + self.capital_return

    @property
    def reserve_share_after(self) -> Decimal:
        return self.reserve_share_before + self.reserve_quantified


class HouseholdMonth(models.Model):
    """One household's entries in one month, added up per report column in integer fen and
    kept in step with the ledger (in the posting's own transaction): a report over whole
    months reads these, some 18,000 rows a year at 1,500 households, instead of every entry.
    Integer fen add up exactly in every database (SQLite keeps decimals as floating point)."""

    household = models.ForeignKey(
        "artisans.Household", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    sale = models.BigIntegerField(default=0)
    labour = models.BigIntegerField(default=0)
    patronage = models.BigIntegerField(default=0)
    capital = models.BigIntegerField(default=0)
    reversal = models.BigIntegerField(default=0)
    reserve = models.BigIntegerField(default=0)
    sales_volume = models.BigIntegerField(default=0)
    labour_volume = models.BigIntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["household", "year", "month"],
                                    name="earnings_household_month_once"),
        ]
        indexes = [models.Index(fields=["year", "month"])]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}-{self.month:02d}"


# The report columns a HouseholdMonth keeps, and the volumes.
MONTH_COLUMNS = ("sale", "labour", "patronage", "capital", "reversal", "reserve")
MONTH_VOLUMES = ("sales_volume", "labour_volume")
