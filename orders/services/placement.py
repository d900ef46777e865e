"""Placing an order, in steps as Oscar's OrderCreator does: check the request, then inside
one transaction read the works and their prices, check the lines, quote shipping, take the
stock, and write the order, its lines (prices frozen) and each maker's share of every line
(allocated to the fen). A price edited while a buyer checks out is either wholly before the
order or wholly after it."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import ProductMaker, ProductPage
from core.money import allocate, from_fen, to_fen
from orders.models import DeliveryMethod, Order, OrderLine, OrderLineMaker, OrderStatus
from orders.services.common import record_event
from orders.services.errors import OrderError, OutOfStock
from orders.services.notifications import order_notify_after_commit
from orders.services.shipping import ShippingQuote, shipping_quote
from orders.services.stock import stock_take
from payments.models import PaymentProvider

MAX_MADE_TO_ORDER_QUANTITY = 5
PAYMENT_WINDOW = {
    PaymentProvider.STRIPE: timedelta(minutes=30),
    # A bank transfer takes a working day or two; payment at pick-up is arranged by phone.
    PaymentProvider.OFFLINE: timedelta(days=3),
}


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


def check_quantity(*, made_to_order: bool, quantity: int) -> None:
    """The cap on made-to-order pieces: the cart and the order both ask here."""
    if made_to_order and quantity > MAX_MADE_TO_ORDER_QUANTITY:
        raise OrderError(
            _("At most %(n)d pieces of a made-to-order work per order.")
            % {"n": MAX_MADE_TO_ORDER_QUANTITY}
        )


class OrderCreator:
    """One order's placement. `place_order` runs the steps; each step is a method so the
    rules read in order (and a subclass could change one)."""

    def __init__(self, *, buyer: Buyer, delivery_method: str, payment_provider: str,
                 language: str, user=None, now=None):
        self.buyer = buyer
        self.delivery_method = delivery_method
        self.payment_provider = payment_provider
        self.language = language if language in dict(settings.LANGUAGES) else (
            settings.LANGUAGE_CODE)
        self.user = user if user is not None and user.is_authenticated else None
        self.now = now or timezone.now()

    def place_order(self, items: Sequence[tuple[int, int]]) -> Order:
        wanted = self.validate_request(items)
        with transaction.atomic():
            products = self.load_products(wanted)
            subtotal_fen, has_living = self.check_lines(products, wanted)
            quote = self.quote_shipping(subtotal_fen, has_living)
            self.update_stock_records(products, wanted)
            order = self.create_order_model(products, wanted, subtotal_fen, quote)
            lines = self.create_line_models(order, products, wanted)
            self.create_maker_shares(lines, products)
            record_event(order, to_status=OrderStatus.AWAITING_PAYMENT, note=_("Order placed"))
            order_notify_after_commit(order, "placed")
        return order

    def validate_request(self, items) -> dict[int, int]:
        if not items:
            raise OrderError(_("Your cart is empty."))
        if self.delivery_method not in DeliveryMethod.values:
            raise OrderError(_("Choose a delivery method."))
        if self.payment_provider not in PaymentProvider.values:
            raise OrderError(_("Choose a way to pay."))
        wanted: dict[int, int] = {}
        for product_id, quantity in items:
            if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
                raise OrderError(_("Each quantity must be a whole number of at least 1."))
            wanted[int(product_id)] = wanted.get(int(product_id), 0) + quantity
        return wanted

    def load_products(self, wanted: dict[int, int]) -> dict[int, ProductPage]:
        """The works as they are now, with their makers (read inside the transaction)."""
        products = {
            product.pk: product
            for product in ProductPage.objects.live().filter(pk__in=list(wanted))
            .select_related("stock")
            .prefetch_related(Prefetch(
                "makers",
                queryset=ProductMaker.objects.select_related("artisan__household")
                .order_by("sort_order", "pk"),
            ))
        }
        if len(products) != len(wanted) or any(not p.makers.all() for p in products.values()):
            raise OrderError(_("One of the works in your cart is no longer for sale."))
        return products

    def check_lines(self, products, wanted) -> tuple[int, bool]:
        subtotal_fen = 0
        has_living = False
        for product_id, quantity in wanted.items():
            product = products[product_id]
            check_quantity(made_to_order=product.made_to_order, quantity=quantity)
            subtotal_fen += to_fen(product.price) * quantity
            has_living = has_living or not product.ships_nationwide
        return subtotal_fen, has_living

    def quote_shipping(self, subtotal_fen: int, has_living: bool) -> ShippingQuote:
        quote = shipping_quote(
            delivery_method=self.delivery_method, subtotal_fen=subtotal_fen,
            has_living=has_living, province=self.buyer.province, city=self.buyer.city,
        )
        if not quote.allowed:
            raise OrderError(quote.reason)
        return quote

    def update_stock_records(self, products, wanted) -> None:
        for product_id, quantity in wanted.items():
            if products[product_id].made_to_order:
                continue
            if not stock_take(product_id=product_id, quantity=quantity):
                raise OutOfStock(
                    _("Sorry, there are not enough pieces of “%(title)s” left.")
                    % {"title": products[product_id].title}
                )

    def create_order_model(self, products, wanted, subtotal_fen: int,
                           quote: ShippingQuote) -> Order:
        buyer = self.buyer
        order = Order(
            number=new_order_number(self.now),
            status=OrderStatus.AWAITING_PAYMENT,
            language=self.language,
            user=self.user,
            buyer_name=buyer.name, phone=buyer.phone, email=buyer.email,
            province=buyer.province, city=buyer.city, district=buyer.district,
            address_detail=buyer.address_detail, note=buyer.note,
            delivery_method=self.delivery_method, payment_provider=self.payment_provider,
            subtotal=from_fen(subtotal_fen), shipping_fee=from_fen(quote.fee_fen),
            total=from_fen(subtotal_fen + quote.fee_fen),
            created_at=self.now, payment_due_at=self.now + PAYMENT_WINDOW[self.payment_provider],
            max_lead_time_days=max(
                (products[pid].lead_time_days or 0 for pid in wanted
                 if products[pid].made_to_order), default=0,
            ),
        )
        order.save(force_insert=True)
        return order

    def create_line_models(self, order: Order, products, wanted) -> list[OrderLine]:
        # The line keeps the work's title in the buyer's language when a translation exists.
        titles = dict(ProductPage.objects.filter(
            translation_key__in=[p.translation_key for p in products.values()],
            locale__language_code=self.language,
        ).values_list("translation_key", "title"))
        lines = []
        for pid, quantity in wanted.items():
            product = products[pid]
            lines.append(OrderLine(
                order=order, product=product,
                product_title=titles.get(product.translation_key, product.title),
                kind=product.kind, unit_price=product.price, quantity=quantity,
                line_total=from_fen(to_fen(product.price) * quantity),
                material_cost=product.material_cost, made_to_order=product.made_to_order,
                lead_time_days=product.lead_time_days or 0,
                stock_reserved=0 if product.made_to_order else quantity,
            ))
        return OrderLine.objects.bulk_create(lines)

    def create_maker_shares(self, lines: list[OrderLine], products) -> None:
        """Each maker's frozen share of each line, allocated to the fen (largest remainder,
        ties by household code)."""
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


def new_order_number(now) -> str:
    return f"TX{timezone.localtime(now):%y%m%d}{secrets.randbelow(10**6):06d}"


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
    """Place an order for (product id, quantity) pairs (see OrderCreator)."""
    return OrderCreator(
        buyer=buyer, delivery_method=delivery_method, payment_provider=payment_provider,
        language=language, user=user, now=now,
    ).place_order(items)
