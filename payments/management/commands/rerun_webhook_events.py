from django.core.management.base import BaseCommand

from payments.models import WebhookEvent
from payments.webhooks import webhook_process


class Command(BaseCommand):
    help = "Process again the stored Stripe webhook events whose processing failed."

    def add_arguments(self, parser):
        parser.add_argument("event_ids", nargs="*", help="only these Stripe event ids")

    def handle(self, *args, event_ids, **options):
        events = WebhookEvent.objects.filter(processed_at__isnull=True).order_by("received_at")
        if event_ids:
            events = events.filter(event_id__in=event_ids)
        done = failed = 0
        for event in events:
            try:
                webhook_process(event=event)
                done += 1
            except Exception as exc:  # noqa: BLE001 - reported and kept for the next run
                failed += 1
                self.stderr.write(f"{event.event_id} {event.type}: {exc}")
        self.stdout.write(f"processed {done}, still failing {failed}")
