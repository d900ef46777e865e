"""What the two import commands share: reading the file, printing the report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from artisans.imports import ImportFileError


class ImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8 or GBK) or .xlsx file")
        parser.add_argument("--dry-run", action="store_true",
                            help="check every row and report, but save nothing")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="save the good rows even if some rows fail")

    def run_import(self, *, file, dry_run, skip_invalid, **kwargs):
        raise NotImplementedError

    def handle(self, *args, file, dry_run, skip_invalid, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            report = self.run_import(content=path.read_bytes(), filename=path.name,
                                     dry_run=dry_run, skip_invalid=skip_invalid)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for number, reason in report.errors:
            self.stderr.write(f"row {number}: {reason}")
        summary = f"{len(report.created)} to create, {len(report.updated)} to update"
        if report.saved:
            self.stdout.write(self.style.SUCCESS(
                f"Saved: {len(report.created)} created, {len(report.updated)} updated"
                + (f", {len(report.errors)} rows skipped." if report.errors else ".")))
        elif dry_run and report.ok:
            self.stdout.write(f"Dry run, nothing saved: {summary}.")
        elif dry_run:
            raise CommandError(f"Dry run: {len(report.errors)} rows fail; {summary}.")
        else:
            raise CommandError(
                f"Nothing saved: {len(report.errors)} rows fail. Fix them, or run with "
                "--skip-invalid to save the other rows."
            )
