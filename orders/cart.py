"""The buyer's cart, kept in the session as {product id: quantity}. Django keeps session
data when a buyer signs in (the key is cycled, the data stays), so the cart survives it.
Prices are never stored here: they are read from the catalogue every time."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from catalogue.models import ProductPage
from core.money import from_fen, to_fen
from orders.services import (
    MAX_MADE_TO_ORDER_QUANTITY,
    MAX_PIECES_PER_ORDER,
    MAX_PIECES_PER_WORK,
    OrderError,
)

SESSION_KEY = "tianxing_cart"
MAX_LINES = 30
MAX_PAGE_ID = 2**31 - 1  # page ids are 32-bit integers in PostgreSQL


@dataclass
class CartLine:
    product: object  # the page that owns the work's stock
    quantity: int
    available: int | None  # None: made to order
    display: object = None  # the same work's page in the buyer's language

    @property
    def unit_price(self) -> Decimal:
        return self.product.price

    @property
    def line_total(self) -> Decimal:
        return from_fen(to_fen(self.product.price) * self.quantity)

    @property
    def max_quantity(self) -> int:
        if self.available is None:
            return MAX_MADE_TO_ORDER_QUANTITY
        return min(self.available, MAX_PIECES_PER_WORK)


def available_quantity(product) -> int | None:
    """Pieces on hand. Stock hangs on the work's original page; a translation reads it
    through the translation key (as the catalogue does)."""
    if product.made_to_order:
        return None
    return product.stock_quantity


def stock_owner(product):
    """The page an order line points at: the one holding the work's StockRecord, whichever
    language's page the buyer added it from."""
    try:
        product.stock  # noqa: B018 - raises when this translation holds no stock
        return product
    except ObjectDoesNotExist:
        owner = (ProductPage.objects.live().filter(translation_key=product.translation_key,
                                                   stock__isnull=False)
                 .select_related("stock").first())
        return owner or product


def parse_quantity(raw) -> int:
    try:
        quantity = int(str(raw).strip())
    except (TypeError, ValueError):
        raise OrderError(_("Enter the quantity as a whole number.")) from None
    if quantity <= 0:
        raise OrderError(_("The quantity must be at least 1."))
    return quantity


class Cart:
    def __init__(self, session):
        self.session = session
        self.dropped: list[str] = []  # titles of works lines() took out: no longer for sale
        raw = session.get(SESSION_KEY) or {}
        self.quantities: dict[str, int] = {
            str(k): int(v) for k, v in raw.items()
            if str(k).isdigit() and 0 < int(k) <= MAX_PAGE_ID and int(v) > 0
        }

    def save(self) -> None:
        self.session[SESSION_KEY] = self.quantities
        self.session.modified = True

    def _product(self, product_id):
        try:
            pk = int(product_id)
            if not 0 < pk <= MAX_PAGE_ID:  # a 40-digit id would overflow the query (#11.8)
                raise ValueError(product_id)
            product = ProductPage.objects.live().select_related("stock").get(pk=pk)
        except (ProductPage.DoesNotExist, TypeError, ValueError):
            raise OrderError(_("That work is not for sale.")) from None
        return stock_owner(product)

    def _check(self, product, quantity: int) -> None:
        available = available_quantity(product)
        limit = (MAX_MADE_TO_ORDER_QUANTITY if available is None
                 else min(available, MAX_PIECES_PER_WORK))
        if available == 0:
            raise OrderError(_("“%(title)s” is sold out.") % {"title": product.title})
        if quantity > limit:
            raise OrderError(
                _("Only %(n)d of “%(title)s” can be ordered.")
                % {"n": limit, "title": product.title}
            )
        others = sum(n for key, n in self.quantities.items() if key != str(product.pk))
        if others + quantity > MAX_PIECES_PER_ORDER:
            raise OrderError(
                _("At most %(n)d pieces per order. For more, please contact the cooperative.")
                % {"n": MAX_PIECES_PER_ORDER}
            )

    def add(self, product_id, quantity: int):
        product = self._product(product_id)
        if str(product.pk) not in self.quantities and len(self.quantities) >= MAX_LINES:
            raise OrderError(_("Your cart is full."))
        total = self.quantities.get(str(product.pk), 0) + quantity
        self._check(product, total)
        self.quantities[str(product.pk)] = total
        self.save()
        return product

    def set(self, product_id, quantity: int):
        product = self._product(product_id)
        if str(product.pk) not in self.quantities:
            raise OrderError(_("That work is not in your cart."))
        self._check(product, quantity)
        self.quantities[str(product.pk)] = quantity
        self.save()

    def remove(self, product_id) -> None:
        self.quantities.pop(str(product_id), None)
        self.save()

    def clear(self) -> None:
        self.quantities = {}
        self.save()

    @property
    def count(self) -> int:
        return sum(self.quantities.values())

    def __bool__(self) -> bool:
        return bool(self.quantities)

    def lines(self) -> list[CartLine]:
        if not self.quantities:
            return []
        products = ProductPage.objects.live().filter(
            pk__in=[int(k) for k in self.quantities]
        ).select_related("stock").specific()
        by_id = {p.pk: p for p in products}
        gone = [key for key in self.quantities if int(key) not in by_id]
        if gone:
            # Unpublished or deleted since it was added: no longer for sale, so it leaves the
            # cart (else checkout would refuse the cart for good, #11.5); `dropped` names it.
            titles = dict(ProductPage.objects.filter(pk__in=[int(k) for k in gone])
                          .values_list("pk", "title"))
            self.dropped = [titles.get(int(key), "") for key in gone]
            for key in gone:
                del self.quantities[key]
            self.save()
        return [CartLine(by_id[int(key)], quantity, available_quantity(by_id[int(key)]),
                         display=by_id[int(key)].localized)
                for key, quantity in self.quantities.items()]

    def items(self) -> list[tuple[int, int]]:
        return [(int(k), v) for k, v in self.quantities.items()]
