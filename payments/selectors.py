"""Reads of a payable's payments and refunds (a payable's app shows them on its pages)."""

from __future__ import annotations

from payments.models import Payment, Refund


def payments_for(*, payable_type: str, payable_id: int) -> list[Payment]:
    return list(Payment.objects.filter(payable_type=payable_type, payable_id=payable_id)
                .select_related("recorded_by"))


def refunds_for(*, payable_type: str, payable_id: int) -> list[Refund]:
    return list(Refund.objects.filter(payment__payable_type=payable_type,
                                      payment__payable_id=payable_id)
                .select_related("payment", "created_by"))


def latest_payment(*, payable_type: str, payable_id: int, provider: str | None = None):
    query = Payment.objects.filter(payable_type=payable_type, payable_id=payable_id)
    if provider:
        query = query.filter(provider=provider)
    return query.order_by("-created_at", "-pk").first()
