"""The year-end surplus distribution from the command line: a dry run prints the plan; without
--dry-run the plan is saved, published and approved, and posted to the ledger (run it once
the general meeting has approved the plan; the admin has the same steps one by one)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from earnings import exports, services


class Command(BaseCommand):
    help = "Compute (and unless --dry-run, post) the year-end surplus distribution."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True)
        parser.add_argument("--surplus", required=True, help="the year's surplus in yuan")
        parser.add_argument("--prior-losses", default="0")
        parser.add_argument("--subsidies", default="0",
                            help="state subsidies and donations, shared per member household")
        parser.add_argument("--reserve-rate", help="default: the charter's")
        parser.add_argument("--patronage-share", help="default: the charter's")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--supersede", action="store_true",
                            help="replace the year's approved distribution")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args, **options):
        values = dict(year=options["year"], surplus=options["surplus"],
                      prior_losses=options["prior_losses"], subsidies=options["subsidies"],
                      reserve_rate=options["reserve_rate"],
                      patronage_share=options["patronage_share"])
        try:
            plan = services.distribution_plan(**values)
            if not options["dry_run"]:
                run = services.distribution_draft(supersede=options["supersede"], **values)
                services.distribution_publish(run=run)
                services.distribution_approve(run=run)
        except services.EarningsError as exc:
            raise CommandError(str(exc)) from exc
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(exports.json_text(exports.plan_json(plan)))
        elif fmt == "csv":
            exports.write_csv(exports.plan_table(plan), self.stdout)
        else:
            self._table(plan)
        if not plan.distributes:
            self.stderr.write(_("No distribution: the surplus after prior losses is not "
                                "positive."))
        elif not options["dry_run"]:
            self.stderr.write(_("Approved and posted to the ledger."))

    def _table(self, plan):
        data = exports.plan_json(plan)
        for key in ("year", "surplus", "prior_losses", "subsidies", "distributable_base",
                    "reserve", "distributable", "patronage_pool", "capital_pool"):
            self.stdout.write(f"{key:<20} {data[key]:>16}")
        if not plan.floor_met:
            self.stdout.write(_("Warning: less than %(floor)s returned by transaction volume.")
                              % {"floor": "60%"})
        columns = ["household", "transaction_volume", "patronage_return", "capital_basis",
                   "capital_return", "reserve_quantified", "total"]
        self.stdout.write("  ".join(f"{c[:18]:>18}" for c in columns))
        for row in data["households"]:
            self.stdout.write("  ".join(f"{row[c]:>18}" for c in columns))
