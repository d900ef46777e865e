"""Quotes: versioned (v1, v2 …), each line quantity × unit price rounded to the fen and the
total summed in fen; issuing one supersedes the earlier ones; the client accepts the current
one online (which makes the contract and its milestone plan) or asks for a revision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissions.models import (
    CommissionEvent,
    Quote,
    QuoteLine,
    QuoteLineKind,
    QuoteStatus,
    Stage,
)
from commissions.services.base import CommissionError, lock, mail_after_commit, record_event
from commissions.services.milestones import DEFAULT_PLAN, plan_milestones
from commissions.services.pipeline import move
from core.dates import format_date
from core.money import from_fen, to_fen

QUOTABLE_STAGES = (Stage.INQUIRY, Stage.SITE_SURVEY, Stage.QUOTED)
MAX_QUANTITY = Decimal("100000")


@dataclass(frozen=True)
class QuoteLineInput:
    kind: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    unit: str = ""


def line_total_fen(quantity: Decimal, unit_price: Decimal) -> int:
    """quantity × unit price, in fen, rounded half up (2.5 days at ¥333.33 = ¥833.33)."""
    exact = Decimal(quantity) * to_fen(unit_price)
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


def _checked_lines(lines: Sequence[QuoteLineInput]) -> list[QuoteLineInput]:
    if not lines:
        raise CommissionError(_("A quote needs at least one line."))
    checked = []
    for number, line in enumerate(lines, start=1):
        try:
            quantity, price = Decimal(line.quantity), Decimal(line.unit_price)
        except (InvalidOperation, TypeError) as exc:
            raise CommissionError(_("Line %(n)d: enter a quantity and a unit price.")
                                  % {"n": number}) from exc
        if line.kind not in QuoteLineKind.values:
            raise CommissionError(_("Line %(n)d: choose what the line is for.") % {"n": number})
        if not (line.description or "").strip():
            raise CommissionError(_("Line %(n)d: describe the line.") % {"n": number})
        if not Decimal("0") < quantity <= MAX_QUANTITY or quantity != quantity.quantize(
                Decimal("0.01")):
            raise CommissionError(_("Line %(n)d: the quantity must be more than 0 (two decimals "
                                    "at most).") % {"n": number})
        if price < 0 or price != price.quantize(Decimal("0.01")):
            raise CommissionError(_("Line %(n)d: the unit price must be an amount in yuan, "
                                    "not negative.") % {"n": number})
        checked.append(QuoteLineInput(kind=line.kind, description=line.description.strip(),
                                      quantity=quantity, unit_price=price, unit=line.unit))
    return checked


def quote_create(*, commission, lines: Sequence[QuoteLineInput], valid_until: date,
                 note: str = "", actor=None, now=None) -> Quote:
    """A new draft version; earlier versions stay as they were."""
    now = now or timezone.now()
    lines = _checked_lines(lines)
    if valid_until < timezone.localdate(now):
        raise CommissionError(_("The validity date is in the past."))
    with transaction.atomic():
        commission = lock(commission)
        if commission.stage not in QUOTABLE_STAGES:
            raise CommissionError(_("Quotes are made before the contract is signed."))
        version = (commission.quotes.aggregate(v=Max("version"))["v"] or 0) + 1
        totals = [line_total_fen(line.quantity, line.unit_price) for line in lines]
        if sum(totals) <= 0:
            raise CommissionError(_("The quote's total must be more than ¥0.00."))
        quote = Quote.objects.create(
            commission=commission, version=version, valid_until=valid_until, note=note,
            total=from_fen(sum(totals)), created_at=now, created_by=actor,
        )
        QuoteLine.objects.bulk_create([
            QuoteLine(quote=quote, kind=line.kind, description=line.description[:200],
                      quantity=line.quantity, unit=line.unit[:20], unit_price=line.unit_price,
                      line_total=from_fen(total))
            for line, total in zip(lines, totals, strict=True)
        ])
    return quote


def quote_issue(*, quote: Quote, actor=None, now=None) -> Quote:
    """Send a draft to the client: earlier quotes are superseded, the commission is quoted."""
    now = now or timezone.now()
    with transaction.atomic():
        commission = lock(quote.commission_id)
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        if quote.status != QuoteStatus.DRAFT:
            raise CommissionError(_("Only a draft quote can be issued."))
        if commission.stage not in (Stage.SITE_SURVEY, Stage.QUOTED):
            raise CommissionError(_("Survey the site before issuing a quote."))
        if quote.valid_until < timezone.localdate(now):
            raise CommissionError(_("The validity date is in the past."))
        commission.quotes.filter(version__lt=quote.version).exclude(
            status=QuoteStatus.SUPERSEDED).update(status=QuoteStatus.SUPERSEDED)
        quote.status, quote.issued_at = QuoteStatus.ISSUED, now
        quote.save(update_fields=["status", "issued_at"])
        note = _("Quote v%(version)d issued: %(total)s") % {"version": quote.version,
                                                             "total": quote.total}
        if commission.stage != Stage.QUOTED:
            move(commission, Stage.QUOTED, actor=actor, note=note, now=now)
            commission.save()
        else:
            record_event(commission, kind=CommissionEvent.Kind.QUOTE, actor=actor, note=note,
                         now=now)
        mail_after_commit(commission, "quote_issued")
    quote.commission = commission
    return quote


def _answerable(quote: Quote, commission, now) -> None:
    if quote.status == QuoteStatus.SUPERSEDED or commission.quotes.filter(
            version__gt=quote.version).exclude(status=QuoteStatus.DRAFT).exists():
        raise CommissionError(_("This quote was replaced by a newer one: please read the "
                                "current quote."))
    if quote.status != QuoteStatus.ISSUED or commission.stage != Stage.QUOTED:
        raise CommissionError(_("This quote can no longer be answered."))
    if quote.valid_until < timezone.localdate(now):
        raise CommissionError(_("This quote expired on %(date)s: please ask us for a new one.")
                              % {"date": format_date(quote.valid_until)})


def quote_accept(*, quote: Quote, name: str, now=None) -> Quote:
    """The client accepts online, typing their name: the contract price is the quote's total
    and the milestone plan (deposit 30% / progress 40% / final 30%) is drawn up."""
    now = now or timezone.now()
    name = (name or "").strip()
    if not 2 <= len(name) <= 60:
        raise CommissionError(_("Type your full name to accept the quote."))
    with transaction.atomic():
        commission = lock(quote.commission_id)
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        _answerable(quote, commission, now)
        quote.status, quote.accepted_at, quote.accepted_name = QuoteStatus.ACCEPTED, now, name
        quote.save(update_fields=["status", "accepted_at", "accepted_name"])
        commission.contract_price = quote.total
        move(commission, Stage.CONTRACTED,
             note=_("Quote v%(version)d accepted online by %(name)s")
             % {"version": quote.version, "name": name}, now=now)
        commission.save()
        if not commission.milestones.exists():
            plan_milestones(commission, DEFAULT_PLAN.for_contract(now=now,
                                                                  wanted_by=commission.wanted_by))
    return quote


def quote_request_revision(*, quote: Quote, comment: str, now=None) -> Quote:
    now = now or timezone.now()
    comment = (comment or "").strip()
    if len(comment) < 2:
        raise CommissionError(_("Tell us what you would like changed."))
    with transaction.atomic():
        commission = lock(quote.commission_id)
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        _answerable(quote, commission, now)
        quote.status, quote.revision_comment = QuoteStatus.REVISION_REQUESTED, comment[:2000]
        quote.save(update_fields=["status", "revision_comment"])
        commission.needs_attention = True
        commission.attention_reason = str(_("The client asked for a revised quote."))
        commission.save(update_fields=["needs_attention", "attention_reason", "updated_at"])
        record_event(commission, kind=CommissionEvent.Kind.QUOTE,
                     note=_("Revision of quote v%(version)d asked for: %(comment)s")
                     % {"version": quote.version, "comment": comment[:300]}, now=now)
    return quote
