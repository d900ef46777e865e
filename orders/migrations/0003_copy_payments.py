"""Copy the shop's payments, refunds and webhook events into the payments app, keeping their
ids (so reversals keep pointing at the same refunds); an order's payment becomes a payment
for the payable "orders.order" with the order's id. 0004 then drops the old tables. In its
own migration (its own transaction on PostgreSQL) so the copy's deferred foreign-key checks
have run before 0004 alters the tables."""

import secrets

from django.core.management.color import no_style
from django.db import migrations


def copy(apps, schema_editor):
    OldPayment = apps.get_model("orders", "Payment")
    OldRefund = apps.get_model("orders", "Refund")
    OldWebhookEvent = apps.get_model("orders", "WebhookEvent")
    Payment = apps.get_model("payments", "Payment")
    Refund = apps.get_model("payments", "Refund")
    WebhookEvent = apps.get_model("payments", "WebhookEvent")
    db = schema_editor.connection.alias

    Payment.objects.using(db).bulk_create([
        Payment(
            pk=old.pk, payable_type="orders.order", payable_id=old.order_id,
            token=secrets.token_urlsafe(24), provider=old.provider, status=old.status,
            amount=old.amount, currency=old.currency, intent_id=old.intent_id,
            client_secret=old.client_secret, reference=old.reference,
            failure_message=old.failure_message, created_at=old.created_at,
            succeeded_at=old.succeeded_at, recorded_by_id=old.recorded_by_id,
        )
        for old in OldPayment.objects.using(db).order_by("pk").iterator()
    ], batch_size=500)
    refunds = []
    for old in OldRefund.objects.using(db).order_by("pk").iterator():
        payment_id = old.payment_id or OldPayment.objects.using(db).filter(
            order_id=old.order_id, status="succeeded").order_by("-pk").values_list(
            "pk", flat=True).first()
        if payment_id is None:
            raise RuntimeError(f"Refund {old.pk} of order {old.order_id} has no payment.")
        refunds.append(Refund(
            pk=old.pk, payment_id=payment_id, amount=old.amount,
            stripe_refund_id=old.stripe_refund_id, reason=old.reason,
            created_at=old.created_at, created_by_id=old.created_by_id,
        ))
    Refund.objects.using(db).bulk_create(refunds, batch_size=500)
    WebhookEvent.objects.using(db).bulk_create([
        WebhookEvent(
            pk=old.pk, event_id=old.event_id, type=old.type, payload=old.payload,
            received_at=old.received_at, deliveries=old.deliveries,
            processed_at=old.processed_at, error=old.error,
        )
        for old in OldWebhookEvent.objects.using(db).order_by("pk").iterator()
    ], batch_size=500)
    # Rows were inserted with their ids: move PostgreSQL's sequences past them.
    statements = schema_editor.connection.ops.sequence_reset_sql(
        no_style(), [Payment, Refund, WebhookEvent])
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def copy_back(apps, schema_editor):
    OldPayment = apps.get_model("orders", "Payment")
    OldRefund = apps.get_model("orders", "Refund")
    OldWebhookEvent = apps.get_model("orders", "WebhookEvent")
    Payment = apps.get_model("payments", "Payment")
    Refund = apps.get_model("payments", "Refund")
    WebhookEvent = apps.get_model("payments", "WebhookEvent")
    db = schema_editor.connection.alias
    payments = Payment.objects.using(db).filter(payable_type="orders.order")
    OldPayment.objects.using(db).bulk_create([
        OldPayment(
            pk=p.pk, order_id=p.payable_id, provider=p.provider, status=p.status,
            amount=p.amount, currency=p.currency, intent_id=p.intent_id,
            client_secret=p.client_secret, reference=p.reference,
            failure_message=p.failure_message, created_at=p.created_at,
            succeeded_at=p.succeeded_at, recorded_by_id=p.recorded_by_id,
        )
        for p in payments.order_by("pk")
    ])
    OldRefund.objects.using(db).bulk_create([
        OldRefund(
            pk=r.pk, order_id=r.payment.payable_id, payment_id=r.payment_id, amount=r.amount,
            stripe_refund_id=r.stripe_refund_id, reason=r.reason, created_at=r.created_at,
            created_by_id=r.created_by_id,
        )
        for r in Refund.objects.using(db).filter(payment__in=payments).select_related("payment")
    ])
    OldWebhookEvent.objects.using(db).bulk_create([
        OldWebhookEvent(
            pk=e.pk, event_id=e.event_id, type=e.type, payload=e.payload,
            received_at=e.received_at, deliveries=e.deliveries, processed_at=e.processed_at,
            error=e.error,
        )
        for e in WebhookEvent.objects.using(db).order_by("pk")
    ])


class Migration(migrations.Migration):
    dependencies = [("orders", "0002_group_permissions"), ("payments", "0001_initial")]
    operations = [migrations.RunPython(copy, copy_back)]
