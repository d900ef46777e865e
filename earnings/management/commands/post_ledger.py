"""Post to the ledger every sale, refund, on-site sale and commission settlement not yet
posted (for a site that predates the ledger, or after a failure). Safe to run again."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.demo import Progress
from earnings import services


class Command(BaseCommand):
    help = "Backfill the earnings ledger from orders, refunds, on-site sales and settlements."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only records dated on or after YYYY-MM-DD")

    def handle(self, *args, since=None, **options):
        if since:
            try:
                since = date.fromisoformat(since)
            except ValueError:
                raise CommandError(_("Not a date (YYYY-MM-DD): %(value)s")
                                   % {"value": since}) from None
        bars = {}

        def progress(name, done, total):
            bar = bars.setdefault(name, Progress(self.stdout, name, total))
            bar.advance(done - bar.done)

        try:
            created = services.ledger_backfill(since=since, progress=progress)
        except services.EarningsError as exc:
            raise CommandError(str(exc)) from exc
        for bar in bars.values():
            bar.finish()
        for name, count in created.items():
            self.stdout.write(_("%(source)s: %(count)s entries posted")
                              % {"source": name, "count": count})
