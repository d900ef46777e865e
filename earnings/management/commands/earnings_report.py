"""Per-household earnings for a date range, as CSV, XLSX or JSON (to a file or stdout), with
a progress bar on a terminal."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.demo import Progress
from earnings import exports, selectors


class Command(BaseCommand):
    help = "Export each household's earnings for a date range."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, start, end, output=None, **options):
        try:
            start, end = date.fromisoformat(start), date.fromisoformat(end)
        except ValueError:
            raise CommandError(_("Dates are written YYYY-MM-DD.")) from None
        if end < start:
            raise CommandError(_("The end date is before the start date."))
        fmt = options["format"]
        if fmt == "xlsx" and not output:
            raise CommandError(_("An XLSX report needs --output FILE."))
        rows = selectors.household_earnings(start=start, end=end)
        progress = Progress(self.stderr if not output else self.stdout,
                            _("households"), len(rows))

        def counted():
            for row in rows:
                progress.advance()
                yield row

        if fmt == "json":
            summary = selectors.summarise(rows)
            content = exports.json_text({
                "from": start.isoformat(), "to": end.isoformat(),
                "summary": {"households": summary.households, "total": summary.total,
                            "average": summary.average, "median": summary.median,
                            "min": summary.minimum, "max": summary.maximum},
                "households": [
                    {"household": r.code, "sale": r.sale, "labour": r.labour,
                     "patronage": r.patronage, "capital": r.capital, "reversal": r.reversal,
                     "total": r.total, "reserve": r.reserve}
                    for r in counted()],
            }).encode()
        else:
            table = exports.earnings_table(list(counted()), title=f"{start}–{end}")
            content = (exports.xlsx_bytes(table) if fmt == "xlsx"
                       else exports.csv_bytes(table))
        progress.finish()
        if output:
            with open(output, "wb") as stream:
                stream.write(content)
            self.stdout.write(_("%(count)s households written to %(file)s")
                              % {"count": len(rows), "file": output})
        else:
            sys.stdout.flush()
            self.stdout.write(content.decode("utf-8-sig"), ending="")
