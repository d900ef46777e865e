"""Close a month of the books: nothing more is dated in it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from earnings import services


class Command(BaseCommand):
    help = "Close an accounting month, e.g. close_period 2025-03."

    def add_arguments(self, parser):
        parser.add_argument("period", help="YYYY-MM")

    def handle(self, *args, period, **options):
        try:
            year, month = (int(part) for part in period.split("-"))
        except ValueError:
            raise CommandError(_("Not a month (YYYY-MM): %(value)s") % {"value": period}) \
                from None
        try:
            closed = services.period_close(year=year, month=month)
        except services.EarningsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("%(period)s closed.") % {"period": closed})
