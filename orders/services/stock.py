"""An order's pieces in and out of the catalogue's stock: taken with conditional UPDATEs
(`… WHERE quantity >= n`), so two buyers can never both take the last piece; given back when
an unpaid order is cancelled; counted as sold for the shop's popularity sort.

An order awaiting payment always holds its pieces: the same transaction that gives them
back cancels it, so a payment that arrives later finds a cancelled order (flagged for staff,
orders.services.payments) and never needs to take the pieces again."""

from __future__ import annotations

from django.db.models import F

from catalogue.models import StockRecord
from catalogue.services import product_record_sale
from orders.models import Order


def stock_take(*, product_id: int, quantity: int) -> bool:
    """Take pieces if that many are left; False (nothing changed) otherwise."""
    return bool(StockRecord.objects.filter(product_id=product_id, quantity__gte=quantity)
                .update(quantity=F("quantity") - quantity))


def stock_release(order: Order) -> None:
    """Give an order's pieces back (the caller holds the order's lock and saves it)."""
    if not order.stock_held:
        return
    for line in order.lines.filter(stock_reserved__gt=0, product__isnull=False):
        StockRecord.objects.filter(product_id=line.product_id).update(
            quantity=F("quantity") + line.stock_reserved
        )
    order.stock_held = False


def stock_record_sales(order: Order) -> None:
    """Count the pieces as sold for the shop's popularity sort (the catalogue's service)."""
    for line in order.lines.filter(product__isnull=False):
        product_record_sale(product_id=line.product_id, quantity=line.quantity)
