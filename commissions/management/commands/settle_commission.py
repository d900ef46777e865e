"""python manage.py settle_commission REF [--dry-run] [--format table|csv|json]"""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from commissions import services
from commissions.models import Commission


class Command(BaseCommand):
    help = ("Settle a finished commission: margin, the cooperative's retention and the labour "
            "pool split among households and their artisans, exact to the fen.")

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the commission's reference, e.g. CM-2026-0007")
        parser.add_argument("--dry-run", action="store_true", help="compute and show, save nothing")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args, reference, dry_run, format, **options):
        commission = Commission.objects.filter(reference__iexact=reference.strip()).first()
        if commission is None:
            raise CommandError(f"No commission {reference}.")
        try:
            plan = services.commission_settle(commission=commission, dry_run=dry_run)
        except services.CommissionError as exc:
            raise CommandError(str(exc)) from exc
        data = plan.as_dict()
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        elif format == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(["commission", "household", "artisan", "points", "amount"])
            for household in data["households"]:
                for artisan in household["artisans"]:
                    writer.writerow([data["commission"], household["household"],
                                     artisan["artisan"], artisan["points"], artisan["amount"]])
        else:
            self._table(data)
        for warning in plan.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if format == "table":
            self.stdout.write(self.style.SUCCESS(
                "Dry run: nothing saved." if dry_run else f"{data['commission']} settled."))

    def _table(self, data):
        for label in ("contract_price", "direct_costs", "margin", "retention", "labour_pool"):
            self.stdout.write(f"{label:<16}{data[label]:>14}")
        self.stdout.write("")
        self.stdout.write(f"{'household':<12}{'artisan':<10}{'points':>10}{'amount':>14}")
        for household in data["households"]:
            self.stdout.write(f"{household['household']:<12}{'':<10}{household['points']:>10}"
                              f"{household['amount']:>14}")
            for artisan in household["artisans"]:
                self.stdout.write(f"{'':<12}{artisan['artisan']:<10}{artisan['points']:>10}"
                                  f"{artisan['amount']:>14}")

    def execute(self, *args, **options):
        with translation.override("en"):
            return super().execute(*args, **options)
