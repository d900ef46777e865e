"""Shop orders: what a buyer ordered at which frozen price, whose hands made it (frozen maker
shares, allocated to the fen), every status move, and the reversal each refund posts against
the makers' shares. The payments and refunds themselves live in the payments app, keyed by
the order as their payable ("orders.order")."""

from __future__ import annotations

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payments.models import PaymentProvider, Refund

ZERO = Decimal("0.00")


def new_tracking_token() -> str:
    # 32 bytes of randomness: the token is the buyer's only key to the tracking page.
    return secrets.token_urlsafe(32)


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    IN_PRODUCTION = "in_production", _("In production")
    READY = "ready", _("Ready to ship")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")


class DeliveryMethod(models.TextChoices):
    COURIER = "courier", _("Courier, nationwide")
    LOCAL = "local", _("Local delivery, Chengdu area")
    PICKUP = "pickup", _("Pick-up at the village base")


class Order(models.Model):
    PAYABLE_TYPE = "orders.order"  # how the payments app names an order

    number = models.CharField(_("order number"), max_length=20, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_tracking_token, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices,
        default=OrderStatus.AWAITING_PAYMENT, db_index=True,
    )
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="shop_orders", verbose_name=_("account"),
    )

    buyer_name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("mobile phone"), max_length=20, db_index=True)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    province = models.CharField(_("province"), max_length=30)
    city = models.CharField(_("city"), max_length=30)
    district = models.CharField(_("district"), max_length=30)
    address_detail = models.CharField(_("street address"), max_length=200)
    delivery_method = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryMethod.choices
    )
    payment_provider = models.CharField(
        _("payment"), max_length=10, choices=PaymentProvider.choices
    )
    note = models.TextField(_("note"), blank=True, max_length=500)

    subtotal = models.DecimalField(_("subtotal"), max_digits=12, decimal_places=2)
    shipping_fee = models.DecimalField(_("shipping"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    amount_paid = models.DecimalField(
        _("paid"), max_digits=12, decimal_places=2, default=ZERO
    )
    amount_refunded = models.DecimalField(
        _("refunded"), max_digits=12, decimal_places=2, default=ZERO
    )
    currency = models.CharField(max_length=3, default="CNY")

    created_at = models.DateTimeField(_("placed"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    payment_due_at = models.DateTimeField(_("pay by"), null=True, blank=True)
    stock_held = models.BooleanField(
        _("stock held"), default=True,
        help_text=_("Whether this order's pieces are still taken out of stock."),
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=40, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    max_lead_time_days = models.PositiveSmallIntegerField(default=0)

    needs_attention = models.BooleanField(_("needs attention"), default=False, db_index=True)
    attention_reason = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "payment_due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__gte=0), name="order_total_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_refunded__lte=models.F("amount_paid")),
                name="order_refund_within_payment",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:

        return reverse("orders:track", kwargs={"token": self.token})

    @property
    def full_address(self) -> str:
        return f"{self.province} {self.city} {self.district} {self.address_detail}"

    @property
    def refundable(self) -> Decimal:
        return self.amount_paid - self.amount_refunded

    @property
    def expected_delivery_date(self):
        """Made-to-order works first need their lead time; then a few days on the road."""
        if self.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
            return None
        if self.delivered_at:
            return timezone.localdate(self.delivered_at)
        start = self.paid_at or self.created_at
        travel = {DeliveryMethod.COURIER: 5, DeliveryMethod.LOCAL: 2, DeliveryMethod.PICKUP: 1}
        days = self.max_lead_time_days + travel.get(self.delivery_method, 5)
        return timezone.localdate(start) + timedelta(days=days)


class OrderLine(models.Model):
    """One work in an order, with the price and availability as they were when ordered."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalogue.ProductPage", null=True, on_delete=models.SET_NULL, related_name="+",
    )
    product_title = models.CharField(_("work"), max_length=255)
    kind = models.CharField(max_length=10)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)
    material_cost = models.DecimalField(max_digits=12, decimal_places=2, default=ZERO)
    made_to_order = models.BooleanField(default=False)
    lead_time_days = models.PositiveSmallIntegerField(default=0)
    stock_reserved = models.PositiveIntegerField(
        default=0, help_text="Pieces taken from stock for this line (0 for made-to-order)."
    )

    class Meta:
        verbose_name = _("order line")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="order_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_title} × {self.quantity}"


class OrderLineMaker(models.Model):
    """A maker's frozen share of one line: the household it is credited to and the fen of the
    line's total that share comes to (largest-remainder allocation, so the parts sum exactly)."""

    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="makers")
    artisan = models.ForeignKey(
        "artisans.ArtisanPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    household = models.ForeignKey(
        "artisans.Household", on_delete=models.PROTECT, related_name="order_line_shares"
    )
    artisan_name = models.CharField(max_length=255)
    household_code = models.CharField(max_length=20)
    share = models.DecimalField(max_digits=5, decimal_places=2)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.artisan_name} {self.share}% {self.amount}"


class OrderEvent(models.Model):
    class Kind(models.TextChoices):
        STATUS = "status", _("Status")
        PAYMENT = "payment", _("Payment")
        REFUND = "refund", _("Refund")
        FLAG = "flag", _("Needs attention")
        NOTE = "note", _("Note")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATUS)
    created_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.from_status}→{self.to_status}"

    @property
    def actor_label(self) -> str:
        if self.actor_id is None:
            return "—"
        return self.actor.get_full_name() or self.actor.get_username()


class RefundAllocation(models.Model):
    """The reversal a refund posts against one maker's share: a negative mirror amount, never
    an edit of the original share (see domain/income-distribution.md)."""

    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, related_name="allocations")
    line_maker = models.ForeignKey(
        OrderLineMaker, on_delete=models.PROTECT, related_name="reversals"
    )
    household = models.ForeignKey("artisans.Household", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.household_id} {self.amount}"
