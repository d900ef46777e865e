"""Mails to the buyer, in the language they ordered in, sent by a background task once the
change that causes them is committed (a rolled-back change sends nothing)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from orders.models import Order

EMAIL_KINDS = ("placed", "paid", "shipped", "delivered", "refunded")


@task()
def send_order_email(order_id: int, kind: str) -> bool:
    if kind not in EMAIL_KINDS:
        raise ValueError(kind)
    order = Order.objects.filter(pk=order_id).prefetch_related("lines").first()
    if order is None or not order.email:
        return False
    with translation.override(order.language):
        context = {
            "order": order,
            "kind": kind,
            "track_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + order.get_absolute_url(),
        }
        subject = render_to_string("orders/email/subject.txt", context).strip()
        body = render_to_string("orders/email/body.txt", context)
    send_mail(subject, body, None, [order.email])
    return True


def order_notify_after_commit(order: Order, kind: str) -> None:
    if kind not in EMAIL_KINDS:
        raise ValueError(kind)
    order_id = order.pk
    transaction.on_commit(lambda: send_order_email.enqueue(order_id=order_id, kind=kind))
