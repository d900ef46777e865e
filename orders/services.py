"""Every state change of an order: placing it (prices and maker shares frozen, stock reserved
with conditional updates), moving it along the declared pipeline, recording payments and
refunds, and giving back the stock of orders that were never paid.

Each function takes keyword-only arguments and runs in one transaction; views, the admin
desk, the webhook and the demo loader all come through here."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import allocate, from_fen, to_fen
from orders.models import (
    DeliveryMethod,
    Order,
    OrderEvent,
    OrderLine,
    OrderLineMaker,
    OrderStatus,
    Payment,
    PaymentProvider,
    PaymentStatus,
    Refund,
    RefundAllocation,
)

S = OrderStatus

# Oscar's pipeline: the only moves an order may make. Moves into paid, refunded and
# partially_refunded are made by payments and refunds, never by a button.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    S.AWAITING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.IN_PRODUCTION, S.READY, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.IN_PRODUCTION: frozenset({S.READY, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.READY: frozenset({S.SHIPPED, S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.COMPLETED: frozenset({S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset(
        {S.IN_PRODUCTION, S.READY, S.SHIPPED, S.DELIVERED, S.COMPLETED, S.REFUNDED,
         S.PARTIALLY_REFUNDED}
    ),
    # A payment that arrives after the order was cancelled is refunded from here.
    S.CANCELLED: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
}
SYSTEM_ONLY_TARGETS = frozenset({S.PAID, S.REFUNDED, S.PARTIALLY_REFUNDED})

MAX_MADE_TO_ORDER_QUANTITY = 5
PAYMENT_WINDOW = {
    PaymentProvider.STRIPE: timedelta(minutes=30),
    # A bank transfer takes a working day or two; payment at pick-up is arranged by phone.
    PaymentProvider.OFFLINE: timedelta(days=3),
}
REMOTE_PROVINCES = frozenset({"新疆维吾尔自治区", "西藏自治区", "青海省", "内蒙古自治区",
                              "宁夏回族自治区", "甘肃省", "海南省"})
CHENGDU_NAMES = frozenset({"成都", "成都市", "chengdu"})


class OrderError(Exception):
    """A domain rule refused the change; the message is shown to the person as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class IllegalStatusMove(OrderError):
    pass


class OutOfStock(OrderError):
    pass


@dataclass(frozen=True)
class Buyer:
    name: str
    phone: str
    email: str
    province: str
    city: str
    district: str
    address_detail: str
    note: str = ""


@dataclass(frozen=True)
class ShippingQuote:
    fee_fen: int
    allowed: bool
    reason: str = ""


def shipping_quote(
    *, delivery_method: str, subtotal_fen: int, has_living: bool, province: str = "",
    city: str = "",
) -> ShippingQuote:
    """The shipping fee rules, in fen. Living works travel badly: Chengdu-area delivery or
    pick-up only."""
    if delivery_method == DeliveryMethod.PICKUP:
        return ShippingQuote(0, True)
    if delivery_method == DeliveryMethod.LOCAL:
        if city and city.strip().lower() not in CHENGDU_NAMES:
            return ShippingQuote(0, False, _("Local delivery only reaches addresses in Chengdu."))
        return ShippingQuote(0 if subtotal_fen >= 100_000 else 4_000, True)
    if delivery_method == DeliveryMethod.COURIER:
        if has_living:
            return ShippingQuote(
                0, False,
                _("Living works cannot travel by courier: choose local delivery in the Chengdu "
                  "area or pick-up at the village base."),
            )
        if province in REMOTE_PROVINCES:
            return ShippingQuote(3_800, True)
        return ShippingQuote(0 if subtotal_fen >= 50_000 else 1_800, True)
    return ShippingQuote(0, False, _("Choose a delivery method."))


def _new_order_number(now) -> str:
    return f"TX{timezone.localtime(now):%y%m%d}{secrets.randbelow(10**6):06d}"


def _products_for(ids):
    from catalogue.models import ProductMaker, ProductPage

    return {
        product.pk: product
        for product in ProductPage.objects.live()
        .filter(pk__in=ids)
        .select_related("stock")
        .prefetch_related(
            Prefetch(
                "makers",
                queryset=ProductMaker.objects.select_related("artisan__household").order_by(
                    "sort_order", "pk"
                ),
            )
        )
    }


def _event(order, *, kind=OrderEvent.Kind.STATUS, actor=None, from_status="", to_status="",
           note="") -> OrderEvent:
    return OrderEvent.objects.create(
        order=order, kind=kind, actor=actor, from_status=from_status, to_status=to_status,
        note=str(note)[:500],
    )


def _after_commit_email(order: Order, kind: str) -> None:
    from orders.tasks import send_order_email

    order_id = order.pk
    transaction.on_commit(lambda: send_order_email.enqueue(order_id=order_id, kind=kind))


def order_place(
    *,
    items: Sequence[tuple[int, int]],
    buyer: Buyer,
    delivery_method: str,
    payment_provider: str,
    language: str = "zh-hans",
    user=None,
    now=None,
) -> Order:
    """Place an order for (product id, quantity) pairs. Prices come from the catalogue at this
    moment and are frozen on the lines with each maker's share; stock is taken with one
    conditional UPDATE per line, so two buyers can never both take the last piece."""
    now = now or timezone.now()
    if not items:
        raise OrderError(_("Your cart is empty."))
    if delivery_method not in DeliveryMethod.values:
        raise OrderError(_("Choose a delivery method."))
    if payment_provider not in PaymentProvider.values:
        raise OrderError(_("Choose a way to pay."))
    wanted: dict[int, int] = {}
    for product_id, quantity in items:
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
            raise OrderError(_("Each quantity must be a whole number of at least 1."))
        wanted[int(product_id)] = wanted.get(int(product_id), 0) + quantity

    products = _products_for(list(wanted))
    if len(products) != len(wanted):
        raise OrderError(_("One of the works in your cart is no longer for sale."))

    subtotal_fen = 0
    has_living = False
    for product_id, quantity in wanted.items():
        product = products[product_id]
        subtotal_fen += to_fen(product.price) * quantity
        has_living = has_living or not product.ships_nationwide
        if product.made_to_order and quantity > MAX_MADE_TO_ORDER_QUANTITY:
            raise OrderError(
                _("At most %(n)d pieces of a made-to-order work per order.")
                % {"n": MAX_MADE_TO_ORDER_QUANTITY}
            )
        if not product.makers.all():
            raise OrderError(_("One of the works in your cart is no longer for sale."))
    quote = shipping_quote(
        delivery_method=delivery_method, subtotal_fen=subtotal_fen, has_living=has_living,
        province=buyer.province, city=buyer.city,
    )
    if not quote.allowed:
        raise OrderError(quote.reason)

    from catalogue.models import ProductPage, StockRecord

    # The line keeps the work's title in the buyer's language when a translation exists.
    titles = dict(ProductPage.objects.filter(
        translation_key__in=[p.translation_key for p in products.values()],
        locale__language_code=language,
    ).values_list("translation_key", "title"))

    with transaction.atomic():
        for product_id, quantity in wanted.items():
            if products[product_id].made_to_order:
                continue
            taken = StockRecord.objects.filter(
                product_id=product_id, quantity__gte=quantity
            ).update(quantity=F("quantity") - quantity)
            if not taken:
                raise OutOfStock(
                    _("Sorry, there are not enough pieces of “%(title)s” left.")
                    % {"title": products[product_id].title}
                )
        order = Order(
            number=_new_order_number(now),
            status=S.AWAITING_PAYMENT,
            language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
            user=user if user is not None and user.is_authenticated else None,
            buyer_name=buyer.name, phone=buyer.phone, email=buyer.email,
            province=buyer.province, city=buyer.city, district=buyer.district,
            address_detail=buyer.address_detail, note=buyer.note,
            delivery_method=delivery_method, payment_provider=payment_provider,
            subtotal=from_fen(subtotal_fen), shipping_fee=from_fen(quote.fee_fen),
            total=from_fen(subtotal_fen + quote.fee_fen),
            created_at=now, payment_due_at=now + PAYMENT_WINDOW[payment_provider],
            max_lead_time_days=max(
                (products[pid].lead_time_days or 0 for pid in wanted
                 if products[pid].made_to_order), default=0,
            ),
        )
        order.save(force_insert=True)
        lines = [
            OrderLine(
                order=order, product=products[pid],
                product_title=titles.get(products[pid].translation_key, products[pid].title),
                kind=products[pid].kind, unit_price=products[pid].price, quantity=quantity,
                line_total=from_fen(to_fen(products[pid].price) * quantity),
                material_cost=products[pid].material_cost,
                made_to_order=products[pid].made_to_order,
                lead_time_days=products[pid].lead_time_days or 0,
                stock_reserved=0 if products[pid].made_to_order else quantity,
            )
            for pid, quantity in wanted.items()
        ]
        OrderLine.objects.bulk_create(lines)
        makers = []
        for line in lines:
            product_makers = list(products[line.product_id].makers.all())
            weights = {
                (maker.artisan.household.code, maker.artisan_id, index): maker.share
                for index, maker in enumerate(product_makers)
            }
            parts = allocate(to_fen(line.line_total), weights)
            for key, maker in zip(weights, product_makers, strict=True):
                makers.append(OrderLineMaker(
                    line=line, artisan=maker.artisan, household=maker.artisan.household,
                    artisan_name=maker.artisan.title, household_code=maker.artisan.household.code,
                    share=maker.share, amount=from_fen(parts[key]),
                ))
        OrderLineMaker.objects.bulk_create(makers)
        _event(order, to_status=S.AWAITING_PAYMENT, note=_("Order placed"))
        _after_commit_email(order, "placed")
    return order


def _lock(order: Order | int) -> Order:
    pk = order.pk if isinstance(order, Order) else order
    return Order.objects.select_for_update().get(pk=pk)


def _move(order: Order, to_status: str, *, actor=None, note="") -> None:
    """Apply one move of the declared map (the caller holds the order's row lock)."""
    if to_status not in ALLOWED_MOVES.get(order.status, ()):
        raise IllegalStatusMove(
            _("An order that is “%(from)s” cannot become “%(to)s”.")
            % {"from": S(order.status).label, "to": S(to_status).label}
        )
    from_status = order.status
    order.status = to_status
    _event(order, actor=actor, from_status=from_status, to_status=to_status, note=note)


def _release_stock(order: Order) -> None:
    from catalogue.models import StockRecord

    if not order.stock_held:
        return
    for line in order.lines.filter(stock_reserved__gt=0, product__isnull=False):
        StockRecord.objects.filter(product_id=line.product_id).update(
            quantity=F("quantity") + line.stock_reserved
        )
    order.stock_held = False


def _reserve_again(order: Order) -> bool:
    """Take an order's pieces out of stock again (a payment arrived after expiry)."""
    from catalogue.models import StockRecord

    with transaction.atomic():
        try:
            for line in order.lines.filter(stock_reserved__gt=0):
                taken = StockRecord.objects.filter(
                    product_id=line.product_id, quantity__gte=line.stock_reserved
                ).update(quantity=F("quantity") - line.stock_reserved)
                if not taken:
                    raise OutOfStock("")
        except OutOfStock:
            transaction.set_rollback(True)
            return False
    order.stock_held = True
    return True


def _record_sales(order: Order) -> None:
    """Count the pieces as sold for the shop's popularity sort (the catalogue's service)."""
    from catalogue.services import product_record_sale

    for line in order.lines.filter(product__isnull=False):
        product_record_sale(product_id=line.product_id, quantity=line.quantity)


def order_allowed_moves(order: Order) -> list[str]:
    """The moves staff may make with a button, in pipeline order."""
    targets = ALLOWED_MOVES.get(order.status, frozenset()) - SYSTEM_ONLY_TARGETS
    has_made_to_order = any(line.made_to_order for line in order.lines.all())
    result = []
    for status in S.values:
        if status not in targets:
            continue
        if status == S.IN_PRODUCTION and not has_made_to_order:
            continue
        if status == S.DELIVERED and order.status == S.READY and (
            order.delivery_method != DeliveryMethod.PICKUP
        ):
            continue
        if status == S.SHIPPED and order.delivery_method == DeliveryMethod.PICKUP:
            continue
        result.append(status)
    return result


def order_set_status(
    *, order: Order | int, to_status: str, actor=None, note: str = "", carrier: str = "",
    tracking_number: str = "", now=None,
) -> Order:
    """Move an order one step along the pipeline (a staff button, or the expiry task)."""
    now = now or timezone.now()
    if to_status not in S.values:
        raise IllegalStatusMove(_("Unknown status."))
    if to_status in SYSTEM_ONLY_TARGETS:
        raise IllegalStatusMove(
            _("Payments and refunds set this status: record a payment or issue a refund.")
        )
    with transaction.atomic():
        order = _lock(order)
        if to_status not in order_allowed_moves(order):
            if to_status in ALLOWED_MOVES.get(order.status, ()):
                raise IllegalStatusMove(_("This order cannot take that step (check its lines "
                                          "and delivery method)."))
            _move(order, to_status)  # raises the domain error with both labels
        if to_status == S.SHIPPED:
            carrier, tracking_number = carrier.strip(), tracking_number.strip()
            if not carrier or (order.delivery_method == DeliveryMethod.COURIER
                               and not tracking_number):
                raise OrderError(_("Enter the carrier and the tracking number to ship."))
            order.carrier, order.tracking_number, order.shipped_at = carrier, tracking_number, now
            note = note or f"{carrier} {tracking_number}".strip()
        if to_status == S.DELIVERED:
            order.delivered_at = now
        if to_status == S.CANCELLED:
            _release_stock(order)
        _move(order, to_status, actor=actor, note=note)
        order.save()
        if to_status in (S.SHIPPED, S.DELIVERED):
            _after_commit_email(order, to_status)
    return order


def order_flag(*, order: Order, reason: str, actor=None) -> None:
    """Ask staff to look at an order (caller holds the lock)."""
    order.needs_attention = True
    order.attention_reason = str(reason)[:300]
    _event(order, kind=OrderEvent.Kind.FLAG, actor=actor, note=reason)


def order_clear_flag(*, order: Order | int, actor=None, note: str = "") -> Order:
    with transaction.atomic():
        order = _lock(order)
        order.needs_attention = False
        order.attention_reason = ""
        _event(order, kind=OrderEvent.Kind.NOTE, actor=actor, note=note or _("Checked by staff"))
        order.save()
    return order


def payment_start(*, order: Order, provider: str, intent_id: str | None = None,
                  client_secret: str = "") -> Payment:
    """Record that a payment was asked for (for Stripe: the PaymentIntent just created)."""
    payment, _created = Payment.objects.get_or_create(
        order=order, provider=provider, status=PaymentStatus.PENDING, intent_id=intent_id,
        defaults={"amount": order.total, "currency": order.currency,
                  "client_secret": client_secret},
    )
    return payment


def payment_record_success(
    *, order: Order | int, amount_fen: int, currency: str, provider: str,
    intent_id: str | None = None, reference: str = "", actor=None, now=None,
) -> Order:
    """Money arrived. Idempotent per PaymentIntent: a second call changes nothing. A wrong
    amount or currency flags the order for staff instead of marking it paid."""
    now = now or timezone.now()
    with transaction.atomic():
        order = _lock(order)
        payment = None
        if intent_id:
            payment = Payment.objects.filter(intent_id=intent_id).first()
            if payment is not None and payment.status == PaymentStatus.SUCCEEDED:
                return order
        if payment is None:
            payment = Payment(order=order, provider=provider, intent_id=intent_id or None)
        if payment.order_id != order.pk:
            raise OrderError(f"Payment {intent_id} belongs to another order.")
        payment.amount = from_fen(amount_fen)
        payment.currency = currency.upper()
        payment.status = PaymentStatus.SUCCEEDED
        payment.succeeded_at = now
        payment.reference = reference[:100]
        payment.recorded_by = actor
        payment.save()
        label = PaymentProvider(provider).label
        _event(order, kind=OrderEvent.Kind.PAYMENT, actor=actor,
               note=f"{label}: {from_fen(amount_fen)} {currency.upper()} {reference}".strip())
        if payment.currency == order.currency:
            order.amount_paid = order.amount_paid + from_fen(amount_fen)
        if payment.currency != order.currency or amount_fen != to_fen(order.total):
            order_flag(order=order, reason=_(
                "Payment of %(amount)s %(currency)s does not match the order total of "
                "%(total)s %(order_currency)s: not marked paid."
            ) % {"amount": from_fen(amount_fen), "currency": payment.currency,
                 "total": order.total, "order_currency": order.currency})
        elif order.status == S.AWAITING_PAYMENT:
            if not order.stock_held and not _reserve_again(order):
                order_flag(order=order, reason=_(
                    "Paid after the reservation expired and the pieces are gone: refund or "
                    "arrange with the buyer."))
            else:
                order.paid_at = now
                _move(order, S.PAID, actor=actor)
                _record_sales(order)
                _after_commit_email(order, "paid")
        elif order.status == S.CANCELLED:
            order_flag(order=order, reason=_(
                "Payment arrived for a cancelled order: refund it or contact the buyer."))
        order.save()
    return order


def payment_record_failure(*, intent_id: str, message: str = "") -> Payment | None:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(intent_id=intent_id).first()
        if payment is None or payment.status == PaymentStatus.SUCCEEDED:
            return payment  # a late failure never undoes a success
        payment.status = PaymentStatus.FAILED
        payment.failure_message = message[:300]
        payment.save(update_fields=["status", "failure_message"])
        _event(payment.order, kind=OrderEvent.Kind.PAYMENT,
               note=_("Card payment failed: %(message)s") % {"message": message or "—"})
    return payment


def _reversals(order: Order, refund: Refund, refund_fen: int) -> None:
    """Post the refund's reversal against the makers' shares, allocated to the fen: the part
    of the refund that is goods (not shipping), split in proportion to each share."""
    subtotal_fen, shipping_fen = to_fen(order.subtotal), to_fen(order.shipping_fee)
    if subtotal_fen == 0:
        return
    goods_fen = allocate(refund_fen, {"goods": subtotal_fen, "shipping": shipping_fen})["goods"]
    shares = list(OrderLineMaker.objects.filter(line__order=order).order_by("household_code", "pk"))
    weights = {(s.household_code, s.pk): to_fen(s.amount) for s in shares}
    if not goods_fen or not any(weights.values()):
        return
    parts = allocate(-goods_fen, weights)
    RefundAllocation.objects.bulk_create([
        RefundAllocation(refund=refund, line_maker=s, household_id=s.household_id,
                         amount=from_fen(parts[(s.household_code, s.pk)]))
        for s in shares
    ])


def refund_record(
    *, order: Order | int, amount_fen: int, stripe_refund_id: str | None = None,
    reason: str = "", actor=None, now=None,
) -> Order:
    """A refund was made (through Stripe, or by bank transfer for offline payments).
    Idempotent per Stripe refund id."""
    now = now or timezone.now()
    with transaction.atomic():
        order = _lock(order)
        if stripe_refund_id and Refund.objects.filter(stripe_refund_id=stripe_refund_id).exists():
            return order
        if amount_fen <= 0:
            raise OrderError(_("A refund must be at least ¥0.01."))
        if amount_fen > to_fen(order.refundable):
            raise OrderError(_("At most %(amount)s can still be refunded.")
                             % {"amount": order.refundable})
        payment = order.payments.filter(status=PaymentStatus.SUCCEEDED).last()
        refund = Refund.objects.create(
            order=order, payment=payment, amount=from_fen(amount_fen),
            stripe_refund_id=stripe_refund_id or None, reason=reason[:300], created_by=actor,
            created_at=now,
        )
        _reversals(order, refund, amount_fen)
        order.amount_refunded = order.amount_refunded + from_fen(amount_fen)
        full = order.amount_refunded >= order.amount_paid
        _event(order, kind=OrderEvent.Kind.REFUND, actor=actor,
               note=f"{from_fen(amount_fen)} {order.currency} {reason}".strip())
        target = S.REFUNDED if full else S.PARTIALLY_REFUNDED
        if order.status == S.AWAITING_PAYMENT:
            # Out of order: the refund reached us before the payment did; the payment event
            # for it is recorded by the caller first, so this only happens for flagged orders.
            order_flag(order=order, reason=_("Refund recorded before payment was confirmed."))
        elif order.status == S.CANCELLED and not full:
            pass
        else:
            if full and order.shipped_at is None and order.delivered_at is None:
                _release_stock(order)
            _move(order, target, actor=actor, note=reason)
        order.save()
        _after_commit_email(order, "refunded")
    return order


def orders_release_expired(*, now=None) -> int:
    """Cancel unpaid orders whose payment window has passed and give their stock back.
    Returns how many were released. Safe to run from several workers at once."""
    now = now or timezone.now()
    released = 0
    due = Order.objects.filter(
        status=S.AWAITING_PAYMENT, stock_held=True, payment_due_at__lt=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=pk)
            if order.status != S.AWAITING_PAYMENT or order.payment_due_at >= now:
                continue
            _release_stock(order)
            _move(order, S.CANCELLED, note=_("Not paid in time: stock given back"))
            order.save()
            released += 1
    return released

