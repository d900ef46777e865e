"""Background work: mails to buyers (orders.services.notifications) and giving back the
stock of orders not paid in time. Immediate backend in development and tests,
django_tasks_db in production (run `manage.py release_unpaid_orders` every few minutes)."""

from __future__ import annotations

from django_tasks import task

from orders.services.notifications import send_order_email
from orders.services.pipeline import orders_release_expired

__all__ = ["send_order_email", "release_unpaid_orders"]


@task()
def release_unpaid_orders() -> int:
    return orders_release_expired()
