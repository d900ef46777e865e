"""Who is told about a payable's money. Each app that takes payments registers one handler
per payable type in its AppConfig.ready(); the providers and the webhook call it, so this app
never names the apps that use it.

    registry.register("orders.order", OrderPayments())
"""

from __future__ import annotations

from typing import Protocol


class PayableHandler(Protocol):
    def on_payment_succeeded(self, *, payment) -> None: ...

    def on_payment_failed(self, *, payment) -> None: ...

    def on_payment_refunded(self, *, refund) -> None: ...


_handlers: dict[str, PayableHandler] = {}


def register(payable_type: str, handler: PayableHandler) -> None:
    current = _handlers.get(payable_type)
    if current is not None and current is not handler and type(current) is not type(handler):
        raise ValueError(f"A handler for {payable_type!r} is already registered.")
    _handlers[payable_type] = handler


def handler_for(payable_type: str) -> PayableHandler:
    try:
        return _handlers[payable_type]
    except KeyError:
        raise LookupError(f"No payment handler registered for {payable_type!r}") from None


def is_registered(payable_type: str) -> bool:
    return payable_type in _handlers
