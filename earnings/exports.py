"""The reports as tables (a header row and data rows, money as Decimal) and the writers that
turn any of them into CSV (formula cells neutralised), XLSX or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.csv import safe_cell
from earnings.distribution import Plan
from earnings.models import DistributionRun
from earnings.selectors import HouseholdEarnings, Statement


@dataclass
class Table:
    title: str
    header: list[str]
    rows: Iterable[list]


def earnings_table(rows: list[HouseholdEarnings], *, title: str) -> Table:
    return Table(
        title=title,
        header=[_("Household"), _("Head of household"), _("Village group"), _("Member"),
                _("Sales income"), _("Labour income"), _("Patronage return"),
                _("Capital return"), _("Reversals"), _("Total"), _("Reserve quantified")],
        rows=([row.code, row.head_name, row.village_group, _("yes") if row.is_member else
               _("no"), row.sale, row.labour, row.patronage, row.capital, row.reversal,
               row.total, row.reserve] for row in rows),
    )


def entries_table(entries, *, title: str) -> Table:
    return Table(
        title=title,
        header=[_("Date"), _("Kind"), _("Amount"), _("Sales volume"), _("Labour volume"),
                _("Artisan"), _("Source"), _("Corrects period"), _("Posted by"), _("Note")],
        rows=([entry.entry_date, entry.get_kind_display(), entry.amount, entry.sales_volume,
               entry.labour_volume, entry.artisan.title if entry.artisan else "", source.label,
               str(entry.corrects_period or ""), entry.posted_by, entry.note]
              for entry, source in entries),
    )


def statement_table(statement: Statement) -> Table:
    line = statement.distribution
    e = statement.earnings
    rows = [
        [_("Capital contribution (出资额)"), statement.household.capital_contribution],
        [_("Quantified reserve share, opening"), statement.reserve_opening],
        [_("Reserve offset against the losses carried forward")
         if statement.covers_prior_losses
         else _("Reserve offset against a loss this year") if statement.is_loss_year
         else _("Reserve quantified this year"), statement.reserve_quantified],
        [_("Quantified reserve share, closing"), statement.reserve_closing],
        [_("Transaction volume: sales"), statement.sales_volume],
        [_("Transaction volume: labour"), statement.labour_volume],
        [_("Sales income"), e.sale], [_("Labour income"), e.labour],
        [_("Reversals"), e.reversal],
        [_("Patronage return for the year"), line.patronage_return if line else Decimal("0")],
        [_("Capital return for the year"), line.capital_return if line else Decimal("0")],
    ]
    if statement.is_loss_year:
        run = line.run
        rows += [[_("The cooperative's surplus that covered earlier losses"),
                  run.covered_by_surplus],
                 [_("The cooperative's losses carried forward to next year"),
                  run.losses_carried_forward]]
    return Table(title=f"{statement.household.code} {statement.year}",
                 header=[_("Item"), _("Amount")], rows=rows)


def run_table(run: DistributionRun) -> Table:
    if run.is_loss:
        return Table(
            title=str(run),
            header=[_("Household"), _("Reserve share before"),
                    _("Offset against the loss"), _("Reserve share after"), _("Paid out")],
            rows=([line.household_code, line.reserve_share_before, line.reserve_quantified,
                   line.reserve_share_after, line.total] for line in run.lines.all()),
        )
    return Table(
        title=str(run),
        header=[_("Household"), _("Transaction volume"), _("Patronage return"),
                _("Capital basis"), _("Capital return"), _("Reserve quantified"), _("Total")],
        rows=([line.household_code, line.transaction_volume, line.patronage_return,
               line.capital_basis.quantize(Decimal("0.01")), line.capital_return,
               line.reserve_quantified, line.total] for line in run.lines.all()),
    )


def _yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f}"


def _fraction_yuan(fen) -> str:
    return f"{Decimal(fen.numerator) / fen.denominator / 100:.2f}"


def plan_json(plan: Plan) -> dict:
    """The distribution as the issue's JSON: yuan as decimal strings, every member listed."""
    p = plan.parameters
    return {
        "year": p.year, "surplus": _yuan(p.surplus_fen),
        "prior_losses": _yuan(p.prior_losses_fen), "subsidies": _yuan(p.subsidies_fen),
        "reserve_rate": str(p.reserve_rate), "patronage_share": str(p.patronage_share),
        "distributable_base": _yuan(plan.base_fen), "reserve": _yuan(plan.reserve_fen),
        "distributable": _yuan(plan.distributable_fen),
        "patronage_pool": _yuan(plan.patronage_fen), "capital_pool": _yuan(plan.capital_fen),
        "floor_met": plan.floor_met, "kind": "loss" if plan.is_loss else "distribution",
        "covers_prior_losses": plan.covers_prior_losses,
        "covered_by_surplus": _yuan(plan.covered_by_surplus_fen),
        "losses": _yuan(plan.losses_fen), "reserve_total": _yuan(plan.reserve_total_fen),
        "reserve_offset": _yuan(plan.offset_fen),
        "losses_carried_forward": _yuan(plan.carried_fen),
        "households": [
            {"household": r.member.code, "transaction_volume": _yuan(r.member.volume_fen),
             "patronage_return": _yuan(r.patronage_fen),
             "capital_basis": _fraction_yuan(r.capital_basis),
             "capital_return": _yuan(r.capital_fen), "reserve_quantified": _yuan(r.reserve_fen),
             "total": _yuan(r.total_fen)}
            for r in plan.members
        ],
    }


def plan_table(plan: Plan) -> Table:
    data = plan_json(plan)
    keys = ["household", "transaction_volume", "patronage_return", "capital_basis",
            "capital_return", "reserve_quantified", "total"]
    return Table(title=str(plan.parameters.year), header=keys,
                 rows=([row[k] for k in keys] for row in data["households"]))


def write_csv(table: Table, stream) -> None:
    writer = csv.writer(stream)
    writer.writerow([safe_cell(cell) for cell in table.header])
    for row in table.rows:
        writer.writerow([safe_cell(cell) for cell in row])


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Chinese Excel opens it right."""
    buffer = io.StringIO()
    write_csv(table, buffer)
    return ("\ufeff" + buffer.getvalue()).encode()


def xlsx_bytes(table: Table) -> bytes:
    workbook = Workbook(write_only=True)
    title = "".join(c for c in table.title if c not in "[]:*?/\\")[:31]
    sheet = workbook.create_sheet(title=title or "report")
    sheet.append([safe_cell(cell) for cell in table.header])
    for row in table.rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
