"""What the two import commands share: reading the file, printing the report (in the site's
default language, Chinese, like the admin's import page)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from artisans.imports import ImportFileError


class ImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8 or GBK) or .xlsx file")
        parser.add_argument("--dry-run", action="store_true",
                            help="check every row and report, but save nothing")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="save the good rows even if some rows fail")

    def run_import(self, *, content: bytes, filename: str, dry_run: bool, skip_invalid: bool):
        raise NotImplementedError

    def handle(self, *args, file, dry_run, skip_invalid, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            report = self.run_import(content=path.read_bytes(), filename=path.name,
                                     dry_run=dry_run, skip_invalid=skip_invalid)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for number, reason in report.errors:
            self.stderr.write(_("row %(number)d: %(reason)s") % {"number": number,
                                                                 "reason": reason})
        counts = {"created": len(report.created), "updated": len(report.updated),
                  "failed": len(report.errors)}
        if report.saved:
            message = _("Saved: %(created)d created, %(updated)d updated.") % counts
            if report.errors:
                message += " " + _("%(failed)d rows skipped.") % counts
            self.stdout.write(self.style.SUCCESS(message))
        elif dry_run and report.ok:
            self.stdout.write(
                _("Dry run, nothing saved: %(created)d to create, %(updated)d to update.")
                % counts
            )
        elif dry_run:
            raise CommandError(_("Dry run: %(failed)d rows fail.") % counts)
        else:
            raise CommandError(
                _("Nothing saved: %(failed)d rows fail. Fix them, or run with --skip-invalid "
                  "to save the other rows.") % counts
            )
