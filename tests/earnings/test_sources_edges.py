"""The sources' edges, through the apps' public services only (record a sale, import a file,
reverse a sale, pay and refund an order), each amount worked by hand in integer fen with the
default charter (10% retention on product sales; a shop work's material cost is ¥20.00):
on-site sales of works with three and four makers (an odd remainder, a tie, none), a free
description sold by one artisan, an imported file, partial refunds of an order line and
reversals of on-site sales mirroring exactly, a sale recorded late into a closed period, and
the transaction volume of households that joined or left during the year."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from artisans.models import Household
from earnings import services
from earnings.models import DistributionLine, EntryKind, LedgerEntry
from earnings.selectors import distribution_members
from exhibitions import services as exhibition_services
from orders import services as order_services
from payments import services as payment_services
from payments.models import Payment, PaymentStatus
from tests.earnings.factories import paid_order, refund
from tests.orders.conftest import BUYER
from tests.orders.factories import artisan_for, make_product

pytestmark = pytest.mark.django_db
D = Decimal


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def ledger(kind, **filters):
    """{household code: (amount, sales volume)} of one kind of entry."""
    return {e.household.code: (e.amount, e.sales_volume) for e in
            LedgerEntry.objects.filter(kind=kind, **filters).select_related("household")}


@pytest.fixture
def makers(home):
    """Four artisans of four households; page codes A0101… for the import file."""
    pages = []
    for n, name in enumerate(["李德明", "王秀英", "张桂兰", "陈玉珍"], start=1):
        page = artisan_for(home, code=f"TX-01-00{n}", name=name)
        page.code = f"A010{n}"
        page.save()
        pages.append(page)
    return pages


@pytest.fixture
def three_maker_work(home, makers):
    a, b, c, _d = makers
    # Listed out of code order: the tie still goes to the lowest household code.
    return make_product(home, title="三人合编花篮", price="100.00", stock=5,
                        makers=[(c, "1"), (a, "1"), (b, "1")])


def record(**options):
    values = dict(sold_on=date(2025, 10, 1), payment_means="cash")
    values.update(options)
    return exhibition_services.onsite_sale_record(**values)


def test_three_makers_an_odd_fen_and_a_tie_then_the_reversal_mirrors_it(three_maker_work):
    """100.00 among three equal makers: 3,333⅓ fen each → 3,333 × 3 = 9,999; the odd fen to
    the lowest code (TX-01-001): shares (the volume) 33.34 / 33.33 / 33.33.
    Makers' pool: 10,000 − 2,000 material = 8,000; 90% = 7,200 fen, split 3,334 : 3,333 :
    3,333 → quotas 2,400.48 / 2,399.76 / 2,399.76 → floors 2,400 + 2,399 + 2,399 = 7,198;
    the two fen left go to the larger remainders (.76, TX-01-002 and TX-01-003): 24.00 each.
    The reversal takes back exactly that: −24.00 each, volume −33.34 / −33.33 / −33.33."""
    sale = record(amount="100.00", reference="R-3M", product=three_maker_work)
    assert ledger(EntryKind.SALE) == {"TX-01-001": (D("24.00"), D("33.34")),
                                      "TX-01-002": (D("24.00"), D("33.33")),
                                      "TX-01-003": (D("24.00"), D("33.33"))}
    exhibition_services.onsite_sale_reverse(sale=sale, reason="退货",
                                            now=at_noon(date(2025, 10, 5)))
    assert ledger(EntryKind.REVERSAL) == {"TX-01-001": (D("-24.00"), D("-33.34")),
                                          "TX-01-002": (D("-24.00"), D("-33.33")),
                                          "TX-01-003": (D("-24.00"), D("-33.33"))}
    for reversal in LedgerEntry.objects.filter(kind=EntryKind.REVERSAL):
        assert reversal.reverses.kind == EntryKind.SALE
        assert reversal.reverses.household_id == reversal.household_id
        assert reversal.entry_date == date(2025, 10, 5)
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == 0
    assert services.ledger_backfill()["exhibitions.onsite_sale"] == 0


def test_four_makers_with_no_remainder(home, makers):
    """200.00 by 25% each: 50.00 each. Pool 20,000 − 2,000 = 18,000 × 90% = 16,200 fen
    → 4,050 each: 40.50, no fen left over; reversed: −40.50 each."""
    work = make_product(home, title="四人合编屏风", price="200.00", stock=2,
                        makers=[(page, "25") for page in makers])
    sale = record(amount="200.00", reference="R-4M", product=work)
    assert ledger(EntryKind.SALE) == {f"TX-01-00{n}": (D("40.50"), D("50.00"))
                                      for n in range(1, 5)}
    exhibition_services.onsite_sale_reverse(sale=sale)
    assert ledger(EntryKind.REVERSAL) == {f"TX-01-00{n}": (D("-40.50"), D("-50.00"))
                                          for n in range(1, 5)}


def test_a_free_description_sold_by_one_artisan(makers):
    """No shop work, so no material cost: 35.55 → 3,555 × 90% = 3,199.5 and 355.5 fen; the
    half fen is a tie, broken by the key: "makers" before "retention" → 32.00 to the
    artisan's household, volume 35.55, the artisan named on the entry."""
    a = makers[0]
    record(amount="35.55", reference="R-FREE", artisan=a, description="草编小篮")
    entry = LedgerEntry.objects.get(kind=EntryKind.SALE)
    assert (entry.household.code, entry.artisan_id, entry.amount, entry.sales_volume) == (
        "TX-01-001", a.pk, D("32.00"), D("35.55"))


def test_imported_sales_post_as_recorded_ones_and_an_import_run_twice_posts_nothing(
        makers, three_maker_work):
    """The file: a free description by A0101 (35.55 → 32.00) and the three-maker work
    (100.00 → 24.00 × 3, as above). TX-01-001 has both: 56.00 on volume 68.89."""
    text = ("date,artisan_code,amount,reference,description,product_slug,exhibition_slug\n"
            "2025-10-01,A0101,35.55,IMP-1,草编小篮,,\n"
            f"2025-10-02,,100.00,IMP-2,三人合编花篮,{three_maker_work.slug},\n")
    report = exhibition_services.onsite_sales_import(content=text.encode(),
                                                     filename="sales.csv")
    assert report.saved, report.errors
    sums = {}
    for entry in LedgerEntry.objects.filter(kind=EntryKind.SALE).select_related("household"):
        amount, volume = sums.get(entry.household.code, (D(0), D(0)))
        sums[entry.household.code] = (amount + entry.amount, volume + entry.sales_volume)
    assert sums == {"TX-01-001": (D("56.00"), D("68.89")),
                    "TX-01-002": (D("24.00"), D("33.33")),
                    "TX-01-003": (D("24.00"), D("33.33"))}
    assert {e.entry_date for e in LedgerEntry.objects.all()} == {date(2025, 10, 1),
                                                                 date(2025, 10, 2)}
    again = exhibition_services.onsite_sales_import(content=text.encode(),
                                                    filename="sales.csv")
    assert not again.saved and len(again.errors) == 2
    assert LedgerEntry.objects.count() == 4
    assert services.ledger_backfill()["exhibitions.onsite_sale"] == 0


def test_a_refund_of_part_of_an_order_line_and_then_the_rest_mirror_exactly(home, makers):
    """Two pieces at 128.00 by TX-01-001 (60%) and TX-01-002 (40%): line 256.00, shares
    153.60 / 102.40; pool 25,600 − 4,000 material = 21,600 × 90% = 19,440 → 116.64 / 77.76.
    Refund 100.01: −10,001 split 3 : 2 → 6,000.6 / 4,000.4 → −60.01 / −40.00 (odd fen to the
    larger remainder). Income taken back ∝ income/gross (0.759375):
      TX-01-001: 6,001 × 0.759375 = 4,557.009 (withheld 1,443.991 takes the fen) → −45.57;
      TX-01-002: 4,000 × 0.759375 = 3,037.5 (a tie: "income" first) → −30.38.
    Refund the other 155.99: −15,599 → 9,359.4 / 6,239.6 → −93.59 / −62.40; the income
    is what is left of the mirror: −116.64 + 45.57 = −71.07 and −77.76 + 30.38 = −47.38."""
    a, b = makers[0], makers[1]
    work = make_product(home, price="128.00", stock=5, makers=[(a, "60"), (b, "40")])
    order = order_services.order_place(items=[(work.pk, 2)], buyer=BUYER,
                                       delivery_method="pickup", payment_provider="offline")
    order_services.payment_record_success(order=order, amount_fen=25600, currency="CNY",
                                          provider="offline", reference="BANK-2")
    assert ledger(EntryKind.SALE) == {"TX-01-001": (D("116.64"), D("153.60")),
                                      "TX-01-002": (D("77.76"), D("102.40"))}
    payment = Payment.objects.get(payable_id=order.pk, status=PaymentStatus.SUCCEEDED)

    payment_services.refund_record(payment=payment, amount_fen=10001, reason="一件有瑕疵")
    first = ledger(EntryKind.REVERSAL)
    assert first == {"TX-01-001": (D("-45.57"), D("-60.01")),
                     "TX-01-002": (D("-30.38"), D("-40.00"))}

    last_pk = LedgerEntry.objects.latest("pk").pk
    payment_services.refund_record(payment=payment, amount_fen=15599, reason="退货")
    second = ledger(EntryKind.REVERSAL, pk__gt=last_pk)
    assert second == {"TX-01-001": (D("-71.07"), D("-93.59")),
                      "TX-01-002": (D("-47.38"), D("-62.40"))}
    for household_id in (a.household_id, b.household_id):
        entries = LedgerEntry.objects.filter(household_id=household_id)
        assert sum(entries.values_list("amount", flat=True)) == 0
        assert sum(entries.values_list("sales_volume", flat=True)) == 0


def test_a_sale_recorded_after_its_month_was_closed_posts_into_the_open_month(makers):
    """The app's rule (issue #14): an entry dated in a closed period posts into the open
    period, dated the day it is posted, noting the period it corrects. 50.00 by one artisan
    → 45.00; its reversal mirrors it; an imported late row follows the same rule."""
    a = makers[0]
    services.period_close(year=2025, month=1)
    today = timezone.localdate()
    sale = record(sold_on=date(2025, 1, 20), amount="50.00", reference="LATE-1", artisan=a)
    entry = LedgerEntry.objects.get(kind=EntryKind.SALE)
    assert (entry.amount, entry.entry_date, str(entry.corrects_period), str(entry.period)) == (
        D("45.00"), today, "2025-01", f"{today.year}-{today.month:02d}")
    assert "2025-01" in entry.note and "2025-01-20" in entry.note

    exhibition_services.onsite_sale_reverse(sale=sale)
    reversal = LedgerEntry.objects.get(kind=EntryKind.REVERSAL)
    assert (reversal.amount, reversal.sales_volume, reversal.reverses) == (
        D("-45.00"), D("-50.00"), entry)
    assert reversal.corrects_period is None

    text = ("date,artisan_code,amount,reference,description,product_slug,exhibition_slug\n"
            "2025-01-21,A0101,10.00,LATE-2,草帽,,\n")
    assert exhibition_services.onsite_sales_import(content=text.encode(),
                                                   filename="late.csv").saved
    late = LedgerEntry.objects.get(kind=EntryKind.SALE, note__contains="LATE-2")
    assert (late.amount, late.entry_date, str(late.corrects_period)) == (
        D("9.00"), today, "2025-01")
    assert not LedgerEntry.objects.filter(period__closed_at__isnull=False).exists()


def test_households_that_joined_or_left_count_what_they_traded_while_members(home, makers):
    """TX-01-001 a member all year; TX-01-002 left on 1 July 2025; TX-01-003 joined on
    1 July 2025 (capital 200.00); TX-01-004 never a member. Volumes (the gross shares):
      TX-01-001: 100.00 in March                                              = 100.00
      TX-01-002: 100.00 on 30 June (counts), 100.00 on 1 July (the day it left: not),
                 an on-site sale of 40.00 in May reversed in August (nets to 0), 50.00 in
                 June refunded 20.00 in September (30.00: a refund goes with its sale)
                                                                              = 130.00
      TX-01-003: 100.00 on 30 June (before joining) refunded in July (neither counts),
                 80.00 on 1 July (the day it joined: counts)                  =  80.00
      TX-01-004: 100.00 — never in the plan, never paid.
    S = 1,000.00: reserve 100.00, D = 900.00, P = 540.00 by 100 : 130 : 80 (310):
      quotas 17,419.35 / 22,645.16 / 13,935.48 fen → 53,999; the fen to .48 (TX-01-003)
      → 174.19 / 226.45 / 139.36.
    C = 360.00 by the capital of the members at the year's end, 1,000 : 200 → 300.00 / 60.00;
    the leaver keeps its patronage return but takes no capital return."""
    a, leaver, joiner, outsider = (page.household for page in makers)
    Household.objects.filter(pk=leaver.pk).update(
        is_member=False, joined_on=date(2019, 1, 1), left_on=date(2025, 7, 1))
    Household.objects.filter(pk=joiner.pk).update(
        joined_on=date(2025, 7, 1), capital_contribution=D("200"))
    Household.objects.filter(pk=outsider.pk).update(is_member=False)

    def sell(household, day, amount):
        return paid_order(day=day, lines=[(amount, "0", 1, [(household, 100)])])

    sell(a, date(2025, 3, 1), "100.00")
    sell(leaver, date(2025, 6, 30), "100.00")
    sell(leaver, date(2025, 7, 1), "100.00")
    refund(sell(leaver, date(2025, 6, 1), "50.00"), amount="20.00", day=date(2025, 9, 1))
    refund(sell(joiner, date(2025, 6, 30), "100.00"), amount="100.00", day=date(2025, 7, 15))
    sell(joiner, date(2025, 7, 1), "80.00")
    sell(outsider, date(2025, 3, 1), "100.00")
    services.ledger_backfill()
    stand = record(sold_on=date(2025, 5, 10), amount="40.00", reference="LEAVER-1",
                   artisan=makers[1])
    exhibition_services.onsite_sale_reverse(sale=stand, now=at_noon(date(2025, 8, 1)))

    volumes = {m.code: (m.volume_fen, m.member_at_year_end)
               for m in distribution_members(year=2025, labour_counts=True)}
    assert volumes == {"TX-01-001": (10000, True), "TX-01-002": (13000, False),
                       "TX-01-003": (8000, True)}

    run = services.distribution_draft(year=2025, surplus="1000", today=date(2026, 3, 1))
    services.distribution_publish(run=run)
    services.distribution_approve(run=run, today=date(2026, 3, 1))
    lines = {line.household_code: (line.patronage_return, line.capital_return)
             for line in DistributionLine.objects.filter(run=run)}
    assert lines == {"TX-01-001": (D("174.19"), D("300.00")),
                     "TX-01-002": (D("226.45"), D("0.00")),
                     "TX-01-003": (D("139.36"), D("60.00"))}
    paid = LedgerEntry.objects.filter(kind__in=[EntryKind.PATRONAGE, EntryKind.CAPITAL])
    assert not paid.filter(household=outsider).exists()
    assert sum(paid.values_list("amount", flat=True)) == D("900.00")
