"""Every state change of a commission, one transaction each: the client's request, pipeline
moves, quotes, milestone payments, team and labour, costs, photos and the settlement. Views,
the admin desk, the payments handler, commands and the demo all come through here."""

from commissions.services.base import CommissionError
from commissions.services.details import (
    case_page_create,
    commission_clear_flag,
    commission_set_details,
)
from commissions.services.labour import (
    LABOUR_COLUMNS,
    LabourImportReport,
    artisans_by_code,
    cost_add,
    labour_add,
    labour_import,
    progress_photo_add,
    team_add,
    team_remove,
)
from commissions.services.milestones import (
    DEFAULT_PLAN,
    MilestoneInput,
    milestone_check_payable,
    milestone_record_payment,
    milestone_record_refund,
    milestones_plan,
    plan_amounts,
)
from commissions.services.payments import (
    PAYABLE_TYPE,
    milestone_pay_online,
    milestone_payments,
    milestone_record_offline_payment,
    milestone_refund,
)
from commissions.services.pipeline import (
    ALLOWED_MOVES,
    SYSTEM_ONLY_TARGETS,
    IllegalMove,
    commission_allowed_moves,
    commission_move,
)
from commissions.services.quotes import (
    QuoteLineInput,
    line_total_fen,
    quote_accept,
    quote_create,
    quote_issue,
    quote_request_revision,
)
from commissions.services.requests import ClientRequest, commission_request
from commissions.services.settlement import (
    SettlementPlan,
    commission_settle,
    settlement_compute,
    split_pool,
)

__all__ = [
    "ALLOWED_MOVES", "ClientRequest", "CommissionError", "DEFAULT_PLAN", "IllegalMove",
    "LABOUR_COLUMNS", "LabourImportReport", "MilestoneInput", "PAYABLE_TYPE", "QuoteLineInput",
    "SYSTEM_ONLY_TARGETS", "SettlementPlan", "artisans_by_code", "case_page_create",
    "commission_clear_flag", "commission_allowed_moves", "commission_move", "commission_request",
    "commission_set_details",
    "commission_settle", "cost_add", "labour_add", "labour_import", "line_total_fen",
    "milestone_check_payable", "milestone_pay_online", "milestone_payments",
    "milestone_record_offline_payment", "milestone_record_payment", "milestone_record_refund",
    "milestone_refund", "milestones_plan", "plan_amounts", "progress_photo_add", "quote_accept",
    "quote_create", "quote_issue", "quote_request_revision", "settlement_compute", "split_pool",
    "team_add", "team_remove",
]
