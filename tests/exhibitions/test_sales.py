"""On-site sales: the exact split among makers' households, stock, the signal, reversals, and
the import (good file, GBK, bad rows, repeated references, unknown artisans, dry runs)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import StockRecord
from exhibitions import services
from exhibitions.models import OnsiteSale, OnsiteSaleShare
from exhibitions.signals import onsite_sale_recorded
from tests.exhibitions.factories import make_exhibition
from tests.orders.factories import artisan_for, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_makers(home):
    wang = artisan_for(home, code="TX-01-002", name="王秀英")
    li = artisan_for(home, code="TX-01-001", name="李德明")
    wang.code, li.code = "A0001", "A0002"
    wang.save(), li.save()
    return wang, li


@pytest.fixture
def peacock(home, two_makers):
    wang, li = two_makers
    return make_product(home, title="竹编孔雀", price="100.00", stock=3,
                        makers=[(wang, "50"), (li, "50")])


def record(**kwargs):
    options = dict(sold_on=date(2025, 10, 1), amount="100.01", reference="R-001",
                   payment_means="cash")
    options.update(kwargs)
    return services.onsite_sale_record(**options)


def test_shop_work_sale_splits_exactly_takes_stock_and_signals(peacock, two_makers):
    wang, li = two_makers
    heard = []
    onsite_sale_recorded.connect(lambda sender, sale, **kw: heard.append(sale), weak=False,
                                 dispatch_uid="test-heard")
    try:
        sale = record(product=peacock)
    finally:
        onsite_sale_recorded.disconnect(dispatch_uid="test-heard")
    shares = {share.household.code: share.amount for share in sale.shares.all()}
    # 10001 fen, 50/50: 5000.5 each; the odd fen goes to the lower household code.
    assert shares == {"TX-01-001": Decimal("50.01"), "TX-01-002": Decimal("50.00")}
    assert sum(shares.values()) == sale.amount
    assert StockRecord.objects.get(product=peacock).quantity == 2
    assert heard == [sale]


def test_free_description_sale_goes_to_one_artisan(two_makers):
    wang, _li = two_makers
    sale = record(artisan=wang, description="草编小篮", amount="35")
    assert [(s.household_id, s.artisan_id, s.amount) for s in sale.shares.all()] == [
        (wang.household_id, wang.pk, Decimal("35.00"))]


def test_reversal_mirrors_the_shares_and_gives_the_piece_back(peacock):
    sale = record(product=peacock)
    reversal = services.onsite_sale_reverse(sale=sale, reason="录错了")
    assert reversal.amount == -sale.amount and reversal.reversal_of == sale
    assert sum(OnsiteSaleShare.objects.values_list("amount", flat=True)) == 0
    assert StockRecord.objects.get(product=peacock).quantity == 3
    sale.refresh_from_db()
    assert sale.amount == Decimal("100.01")  # never edited
    with pytest.raises(services.SaleError):
        services.onsite_sale_reverse(sale=sale)
    with pytest.raises(services.SaleError):
        services.onsite_sale_reverse(sale=reversal)


@pytest.mark.parametrize("kwargs", [
    {"amount": "-5"}, {"amount": "0"}, {"amount": "abc"}, {"amount": "1.005"},
    {"amount": "NaN"}, {"reference": " "}, {"payment_means": "bitcoin"},
    {"sold_on": date(2999, 1, 1)}, {},
])
def test_bad_sales_are_refused_and_nothing_is_saved(two_makers, kwargs):
    wang, _li = two_makers
    options = {"artisan": wang, **kwargs} if kwargs else {}
    with pytest.raises(services.SaleError) as refusal:
        record(**options)
    assert refusal.value.message
    assert not OnsiteSale.objects.exists()


def test_a_reference_is_recorded_only_once(two_makers):
    wang, _li = two_makers
    record(artisan=wang)
    with pytest.raises(services.SaleError):
        record(artisan=wang, amount="20")
    assert OnsiteSale.objects.count() == 1


def test_no_stock_left_refuses_the_sale(home, two_makers):
    wang, _li = two_makers
    work = make_product(home, title="草帽", stock=0, makers=[(wang, "100")])
    with pytest.raises(services.SaleError):
        record(product=work)
    assert not OnsiteSale.objects.exists()


HEADER = "date,artisan_code,amount,reference,description,product_slug,exhibition_slug\n"


def import_file(text: str, encoding="utf-8", **options):
    return services.onsite_sales_import(content=text.encode(encoding), filename="sales.csv",
                                        **options)


def test_import_good_file_in_gbk_with_a_two_maker_work(home, peacock, two_makers):
    exhibition = make_exhibition(home, slug="spring-fair", starts_in_days=-5)
    text = HEADER + (
        "2025-10-01,A0001,35.00,S-1,草编小篮,,spring-fair\n"
        f"2025/10/02,,100.01,S-2,竹编孔雀,{peacock.slug},spring-fair\n"
        "2025年10月03日,a0002,￥1,280.50,S-3,花篮,,\n"
    ).replace("￥1,280.50", '"￥1,280.50"')
    report = import_file(text, encoding="gbk")
    assert report.ok and report.saved, report.errors
    assert OnsiteSale.objects.count() == 3
    pair = OnsiteSale.objects.get(reference="S-2")
    assert sorted(pair.shares.values_list("amount", flat=True)) == [Decimal("50.00"),
                                                                   Decimal("50.01")]
    assert pair.exhibition == exhibition
    assert StockRecord.objects.get(product=peacock).quantity == 2
    assert OnsiteSale.objects.get(reference="S-3").amount == Decimal("1280.50")


def test_import_bad_rows_are_reported_and_nothing_is_saved(two_makers):
    record(artisan=two_makers[0], reference="OLD-1")
    text = HEADER + (
        "2025-10-01,A0001,35.00,S-1,ok,,\n"
        "2025-13-01,A0001,35.00,S-2,bad date,,\n"
        "2025-10-01,A9999,35.00,S-3,unknown artisan,,\n"
        "2025-10-01,A0001,-4,S-4,negative,,\n"
        "2025-10-01,A0001,abc,S-5,not a number,,\n"
        "2025-10-01,A0001,35.00,S-1,repeated in file,,\n"
        "2025-10-01,A0001,35.00,OLD-1,recorded before,,\n"
        "2025-10-01,A0001,35.00,S-8,,no-such-work,\n"
    )
    report = import_file(text)
    assert [number for number, _reason in report.errors] == [3, 4, 5, 6, 7, 8, 9]
    assert "A9999" in dict(report.errors)[4]
    assert not report.saved and OnsiteSale.objects.count() == 1
    skipped = import_file(text, skip_invalid=True)
    assert skipped.saved and OnsiteSale.objects.filter(reference="S-1").exists()


def test_import_command_dry_run_and_errors(tmp_path, two_makers):
    good = tmp_path / "sales.csv"
    good.write_text(HEADER + "2025-10-01,A0001,35.00,S-1,ok,,\n", encoding="utf-8")
    call_command("import_offline_sales", str(good), "--dry-run")
    assert not OnsiteSale.objects.exists()
    call_command("import_offline_sales", str(good))
    assert OnsiteSale.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("import_offline_sales", str(good))  # the reference again
    with pytest.raises(CommandError):
        call_command("import_offline_sales", str(tmp_path / "missing.csv"))
