"""The year-end surplus distribution from the command line: a dry run prints the plan; without
--dry-run the plan is saved, published and approved, and posted to the ledger (run it once
the general meeting has approved the plan; the admin has the same steps one by one). For a
year with a loss, --loss-plan offsets the loss (or --reserve-offset of it) against the
members' quantified reserve shares and carries the rest forward; for a year whose surplus
does not cover the prior losses, --loss-plan records what is still carried forward (and
--reserve-offset, if given, offsets part of it against the reserve shares); --prior-losses
left out is what the previous year's loss plan carried forward."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.money import format_cny, from_fen
from earnings import exports, services


class Command(BaseCommand):
    help = "Compute (and unless --dry-run, post) the year-end surplus distribution."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True)
        parser.add_argument("--surplus", required=True, help="the year's surplus in yuan")
        parser.add_argument("--prior-losses",
                            help="default: what the previous year's loss plan carried forward")
        parser.add_argument("--subsidies", default="0",
                            help="state subsidies and donations, shared per member household")
        parser.add_argument("--reserve-rate", help="default: the charter's")
        parser.add_argument("--patronage-share", help="default: the charter's")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--supersede", action="store_true",
                            help="replace the year's approved distribution")
        parser.add_argument("--loss-plan", action="store_true",
                            help="a year with a loss, or whose surplus does not cover the "
                                 "prior losses: pay nothing, carry the losses forward")
        parser.add_argument("--reserve-offset",
                            help="with --loss-plan: the part of the losses to offset against "
                                 "the reserve shares (default: as much as the reserve "
                                 "allows in a loss year, nothing in a year with a surplus)")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args, **options):
        if options["loss_plan"]:
            values = dict(year=options["year"], surplus=options["surplus"],
                          prior_losses=options["prior_losses"],
                          reserve_offset=options["reserve_offset"])
            plan_of, draft = services.loss_plan, services.loss_draft
        elif options["reserve_offset"] is not None:
            raise CommandError(_("--reserve-offset is only for a loss plan (--loss-plan)."))
        else:
            values = dict(year=options["year"], surplus=options["surplus"],
                          prior_losses=options["prior_losses"], subsidies=options["subsidies"],
                          reserve_rate=options["reserve_rate"],
                          patronage_share=options["patronage_share"])
            plan_of, draft = services.distribution_plan, services.distribution_draft
        try:
            plan = plan_of(**values)
            if not options["dry_run"]:
                run = draft(supersede=options["supersede"], **values)
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
        if plan.covers_prior_losses:
            self.stderr.write(_("Loss plan: the year's surplus of %(surplus)s goes to the "
                                "%(prior)s of losses carried from earlier years; nobody is "
                                "paid; %(offset)s offset against the reserve shares, "
                                "%(carried)s carried forward.")
                              % {"surplus": format_cny(from_fen(plan.covered_by_surplus_fen)),
                                 "prior": format_cny(from_fen(
                                     plan.parameters.prior_losses_fen)),
                                 "offset": format_cny(from_fen(plan.offset_fen)),
                                 "carried": format_cny(from_fen(plan.carried_fen))})
        elif plan.is_loss:
            self.stderr.write(_("Loss plan: nobody is paid; %(offset)s offset against the "
                                "reserve shares, %(carried)s carried forward.")
                              % {"offset": format_cny(from_fen(plan.offset_fen)),
                                 "carried": format_cny(from_fen(plan.carried_fen))})
        elif plan.parameters.surplus_fen >= 0 and not plan.distributes:
            self.stderr.write(_("No distribution: the surplus does not cover the losses "
                                "carried from earlier years. To record the year and what "
                                "is carried forward: --loss-plan."))
        elif not plan.distributes:
            self.stderr.write(_("No distribution: the surplus after prior losses is not "
                                "positive. For a year with a loss: --loss-plan."))
        if plan.carried_fen and not plan.is_loss:
            self.stderr.write(_("Losses carried forward: %(carried)s")
                              % {"carried": format_cny(from_fen(plan.carried_fen))})
        if not options["dry_run"] and (plan.distributes or plan.is_loss):
            self.stderr.write(_("Approved and posted to the ledger."))

    def _table(self, plan):
        data = exports.plan_json(plan)
        keys = ("year", "kind", "surplus", "prior_losses", "distributable_base")
        keys += (("covered_by_surplus", "losses", "reserve_total", "reserve_offset",
                  "losses_carried_forward")
                 if plan.is_loss else
                 ("subsidies", "reserve", "distributable", "patronage_pool", "capital_pool"))
        for key in keys:
            self.stdout.write(f"{key:<24} {data[key]:>16}")
        if not plan.floor_met:
            self.stdout.write(_("Warning: less than %(floor)s returned by transaction volume.")
                              % {"floor": "60%"})
        columns = ["household", "transaction_volume", "patronage_return", "capital_basis",
                   "capital_return", "reserve_quantified", "total"]
        self.stdout.write("  ".join(f"{c[:18]:>18}" for c in columns))
        for row in data["households"]:
            self.stdout.write("  ".join(f"{row[c]:>18}" for c in columns))
