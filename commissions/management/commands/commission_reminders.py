"""python manage.py commission_reminders [--days N] — mail clients whose milestone payment
is due within N days (default 3) or overdue; at most once a day per milestone. Run daily."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from commissions import selectors
from commissions.models import Milestone
from commissions.tasks import send_commission_email


class Command(BaseCommand):
    help = "Remind clients of milestone payments that are due soon or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3)

    def handle(self, *args, days, **options):
        now = timezone.now()
        sent = 0
        for milestone in selectors.reminders_due(days_ahead=days):
            # Claim the reminder first, so two workers running at once send it once.
            claimed = Milestone.objects.filter(pk=milestone.pk, reminded_at=milestone.reminded_at
                                               ).update(reminded_at=now)
            if claimed and send_commission_email.enqueue(
                    commission_id=milestone.commission_id, kind="milestone_due",
                    milestone_id=milestone.pk):
                sent += 1
        self.stdout.write(f"{sent} reminder(s) queued.")
