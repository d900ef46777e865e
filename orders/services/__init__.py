"""Every state change of an order, by concern: placement (prices and maker shares frozen,
stock taken), the pipeline (declared moves, flags, expiry), payments and refunds (through
the payments app), stock, shipping fees and the mails to the buyer.

Each function takes keyword-only arguments and runs in one transaction; views, the admin
desk, the payments app's handler and the demo loader all come through here."""

from orders.services.errors import IllegalStatusMove, OrderError, OutOfStock
from orders.services.payments import (
    order_payment_start,
    order_payment_succeeded,
    payment_record_success,
)
from orders.services.pipeline import (
    ALLOWED_MOVES,
    SYSTEM_ONLY_TARGETS,
    order_allowed_moves,
    order_clear_flag,
    order_flag,
    order_set_status,
    orders_release_expired,
)
from orders.services.placement import (
    MAX_MADE_TO_ORDER_QUANTITY,
    Buyer,
    OrderCreator,
    check_quantity,
    order_place,
)
from orders.services.refunds import order_refund, order_refund_recorded
from orders.services.shipping import ShippingQuote, shipping_quote

__all__ = [
    "ALLOWED_MOVES", "MAX_MADE_TO_ORDER_QUANTITY", "SYSTEM_ONLY_TARGETS", "Buyer",
    "IllegalStatusMove", "OrderCreator", "OrderError", "OutOfStock", "ShippingQuote",
    "check_quantity", "order_allowed_moves", "order_clear_flag", "order_flag",
    "order_payment_start", "order_payment_succeeded", "order_place", "order_refund",
    "order_refund_recorded", "order_set_status", "orders_release_expired",
    "payment_record_success", "shipping_quote",
]
