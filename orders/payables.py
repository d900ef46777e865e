"""The payments app's handler for payments whose payable is an order ("orders.order"),
registered in OrdersConfig.ready()."""

from __future__ import annotations

from orders.services.payments import order_payment_failed, order_payment_succeeded
from orders.services.refunds import order_refund_recorded


class OrderPayments:
    def on_payment_succeeded(self, *, payment) -> None:
        order_payment_succeeded(payment=payment)

    def on_payment_failed(self, *, payment) -> None:
        order_payment_failed(payment=payment)

    def on_payment_refunded(self, *, refund) -> None:
        order_refund_recorded(refund=refund)
