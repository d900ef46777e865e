"""Quotes: totals in fen, versions, superseding, acceptance (the contract and its milestone
plan) and revision requests; expired and superseded quotes cannot be answered."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from commissions import services
from commissions.models import Quote, QuoteStatus, Stage
from tests.commissions.factories import make_quoted, make_request, quote_lines

pytestmark = pytest.mark.django_db
D = Decimal


def next_month():
    return timezone.localdate() + timedelta(days=30)


@pytest.mark.parametrize(("quantity", "price", "fen"), [
    ("2.5", "333.33", 83333),   # 833.325 rounds half up to 833.33
    ("1", "100000.01", 10000001),
    ("0.5", "0.01", 1),         # half a fen rounds up
    ("3", "0.00", 0),
])
def test_line_totals_are_rounded_to_the_fen(quantity, price, fen):
    assert services.line_total_fen(D(quantity), D(price)) == fen


def test_a_quote_totals_its_lines_in_fen():
    commission = make_request()
    quote = services.quote_create(commission=commission, valid_until=next_month(), lines=[
        services.QuoteLineInput("materials", "柳条", D("2.5"), D("333.33"), "捆"),
        services.QuoteLineInput("labour", "编织工日", D("12.5"), D("280.00"), "工日"),
        services.QuoteLineInput("design", "设计", D("1"), D("1500.00")),
        services.QuoteLineInput("transport", "运输", D("1"), D("600.00")),
        services.QuoteLineInput("installation", "安装", D("1"), D("1200.00")),
    ])
    assert quote.version == 1 and quote.status == QuoteStatus.DRAFT
    assert quote.total == D("833.33") + D("3500.00") + D("1500.00") + D("600.00") + D("1200.00")
    assert [line.line_total for line in quote.lines.all()][:2] == [D("833.33"), D("3500.00")]


@pytest.mark.parametrize("lines", [
    [],
    [services.QuoteLineInput("materials", "柳条", D("-1"), D("10.00"))],
    [services.QuoteLineInput("materials", "柳条", D("1"), D("-10.00"))],
    [services.QuoteLineInput("materials", "柳条", D("1"), D("10.001"))],
    [services.QuoteLineInput("bribe", "柳条", D("1"), D("10.00"))],
    [services.QuoteLineInput("materials", " ", D("1"), D("10.00"))],
    [services.QuoteLineInput("materials", "柳条", D("1"), D("0.00"))],
])
def test_bad_quotes_are_refused_and_nothing_is_saved(lines):
    commission = make_request()
    with pytest.raises(services.CommissionError):
        services.quote_create(commission=commission, lines=lines, valid_until=next_month())
    assert not Quote.objects.exists()


def test_issuing_needs_a_survey_and_moves_to_quoted_with_a_mail(
        django_capture_on_commit_callbacks):
    commission = make_request()
    quote = services.quote_create(commission=commission, lines=quote_lines(),
                                  valid_until=next_month())
    with pytest.raises(services.CommissionError, match="Survey"):
        services.quote_issue(quote=quote)
    services.commission_move(commission=commission, to_stage=Stage.SITE_SURVEY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.quote_issue(quote=quote)
    commission.refresh_from_db()
    assert commission.stage == Stage.QUOTED
    assert len(mail.outbox) == 1 and "¥10,000.00" in mail.outbox[0].body


def test_a_revision_supersedes_the_earlier_version_which_can_no_longer_be_accepted():
    commission = make_quoted("10000.00")
    v1 = commission.quotes.get()
    services.quote_request_revision(quote=v1, comment="预算有限，能否去掉设计费？")
    commission.refresh_from_db()
    assert commission.needs_attention and commission.stage == Stage.QUOTED
    v2 = services.quote_create(commission=commission, lines=quote_lines("8800.00"),
                               valid_until=next_month())
    assert v2.version == 2
    services.quote_issue(quote=v2)
    v1.refresh_from_db()
    assert v1.status == QuoteStatus.SUPERSEDED
    with pytest.raises(services.CommissionError, match="replaced by a newer one"):
        services.quote_accept(quote=v1, name="张丽")
    services.quote_accept(quote=v2, name="张丽")
    commission.refresh_from_db()
    v2.refresh_from_db()
    assert commission.stage == Stage.CONTRACTED and commission.contract_price == D("8800.00")
    assert v2.status == QuoteStatus.ACCEPTED and v2.accepted_name == "张丽" and v2.accepted_at


def test_acceptance_draws_up_30_40_30_milestones_that_sum_to_the_price():
    commission = make_quoted("100000.01")
    services.quote_accept(quote=commission.quotes.get(), name="张丽")
    amounts = list(commission.milestones.values_list("amount", flat=True))
    assert amounts == [D("30000.00"), D("40000.01"), D("30000.00")]
    assert sum(amounts) == D("100000.01")


def test_an_expired_quote_cannot_be_accepted():
    commission = make_quoted()
    quote = commission.quotes.get()
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    quote.refresh_from_db()
    with pytest.raises(services.CommissionError, match="expired"):
        services.quote_accept(quote=quote, name="张丽")
    commission.refresh_from_db()
    assert commission.stage == Stage.QUOTED and commission.contract_price is None


def test_accepting_twice_or_without_a_name_is_refused():
    commission = make_quoted()
    quote = commission.quotes.get()
    with pytest.raises(services.CommissionError, match="name"):
        services.quote_accept(quote=quote, name=" ")
    services.quote_accept(quote=quote, name="张丽")
    with pytest.raises(services.CommissionError):
        services.quote_accept(quote=quote, name="张丽")
    assert commission.milestones.count() == 3
