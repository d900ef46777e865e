"""Money asked for and received, whatever it pays for: every payment (Stripe or offline) for
a *payable* — an order, a commission milestone — named by its type and id, never by a
foreign key, so this app knows nothing of the apps that use it; every refund of a payment;
and every Stripe webhook delivery as it arrived."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import to_fen


def new_payment_token() -> str:
    # The token is the payer's only key to paying this payment by card: unguessable.
    return secrets.token_urlsafe(24)


class PaymentProvider(models.TextChoices):
    STRIPE = "stripe", _("Card (Stripe)")
    OFFLINE = "offline", _("Bank transfer or payment at pick-up")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Payment(models.Model):
    payable_type = models.CharField(
        max_length=50, help_text="The app's label and model, e.g. orders.order."
    )
    payable_id = models.PositiveBigIntegerField()
    token = models.CharField(max_length=40, unique=True, default=new_payment_token,
                             editable=False)
    provider = models.CharField(_("provider"), max_length=10, choices=PaymentProvider.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="CNY")
    description = models.CharField(max_length=200, blank=True)
    intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    client_secret = models.CharField(max_length=255, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    failure_message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the payer's browser confirmed the payment; the webhook settles it.",
    )
    succeeded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["payable_type", "payable_id"], name="payments_payable")]

    def __str__(self) -> str:
        return f"{self.provider} {self.amount} {self.status}"

    @property
    def refunded(self) -> Decimal:
        return self.refunds.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")

    @property
    def refundable_fen(self) -> int:
        if self.status != PaymentStatus.SUCCEEDED:
            return 0
        return to_fen(self.amount) - to_fen(self.refunded)

    @property
    def is_being_confirmed(self) -> bool:
        """The payer finished in the browser; the provider's confirmation has not come yet."""
        return self.status == PaymentStatus.PENDING and self.submitted_at is not None


class Refund(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("refund")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="payments_refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} −{self.amount}"


class WebhookEventStatus(models.TextChoices):
    FAILING = "failing", _("Failed: kept for staff")
    WAITING = "waiting", _("Not processed yet")
    PROCESSED = "processed", _("Processed")


class WebhookEvent(models.Model):
    """Every Stripe delivery, stored before it is processed (dj-stripe's practice)."""

    event_id = models.CharField(_("event id"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100, db_index=True)
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    deliveries = models.PositiveIntegerField(_("deliveries"), default=1)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        permissions = [("rerun_webhookevent", _("Can process stored webhook events again"))]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"

    @property
    def status(self) -> str:
        if self.processed_at is not None:
            return WebhookEventStatus.PROCESSED
        return WebhookEventStatus.FAILING if self.error else WebhookEventStatus.WAITING

    def get_status_display(self) -> str:
        return WebhookEventStatus(self.status).label
