"""The demo village's books: a charter, a year of shop history for last year (pick-up orders
placed, paid, completed and now and then refunded through the shop's own services), the
ledger posted from every order, refund, on-site sale and commission settlement there is, the
last quarter of last year closed, and last year's surplus distribution drafted, published and
approved. Deterministic and idempotent: each step looks for what it would make first."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F, Sum
from django.utils import timezone

from catalogue.models import ProductPage, StockRecord
from core.demo import DemoContext
from core.demo.names import chinese_name
from core.money import to_fen
from earnings import services
from earnings.models import Charter, DistributionRun, LedgerEntry, Period, RunStatus
from orders import services as order_services
from orders.models import DeliveryMethod, Order, OrderStatus
from payments import services as payment_services
from payments.models import Payment, PaymentProvider, PaymentStatus

S = OrderStatus


def load(ctx: DemoContext) -> None:
    year = timezone.localdate().year - 1
    _charter(ctx, year)
    _last_year_orders(ctx, year)
    services.ledger_backfill(posted_by="demo")
    _close_last_quarter(ctx, year)
    _distribution(ctx, year)
    # The orders, refunds and on-site sales above posted as they happened; the backfill adds
    # what has no entry yet. The summary counts every entry this load put in the books.
    ctx.count("ledger entries", LedgerEntry.objects.filter(posted_at__gte=ctx.started).count())


def _charter(ctx: DemoContext, year: int) -> None:
    if Charter.objects.exists():
        return
    services.charter_amend(
        user=ctx.user("admin"), effective_from=date(year - 1, 1, 1),
        product_retention=Decimal("0.10"), commission_retention=Decimal("0.15"),
        reserve_rate=Decimal("0.10"), patronage_share=Decimal("0.60"),
        note="2019 年成员大会通过的章程（演示）",
    )
    ctx.count("charter versions")


def _last_year_orders(ctx: DemoContext, year: int) -> None:
    """Pick-up orders spread over last year, so the books have a full year to distribute."""
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time(9)))
    end = start.replace(year=year + 1)
    target = ctx.scaled(400)
    existing = Order.objects.filter(created_at__gte=start, created_at__lt=end).count()
    if existing >= target:
        return
    products = list(ProductPage.objects.live().filter(locale=ctx.zh, makers__isnull=False)
                    .distinct().order_by("pk"))
    if not products:
        return
    rng = ctx.rng("earnings-history")
    for _ in range(existing):  # the same picks as the first run, for the orders still to make
        rng.random(), rng.random(), rng.random(), rng.random()
    original_stock = dict(StockRecord.objects.values_list("product_id", "quantity"))
    committee = ctx.user("committee")
    progress = ctx.progress("last year's orders", target - existing)
    for index in range(existing, target):
        placed_at = start + timedelta(days=365 * index / target, hours=rng.random() * 8)
        product = products[int(rng.random() * len(products))]
        refunded = rng.random() < 0.06
        partial = rng.random() < 0.5
        StockRecord.objects.filter(product=product, quantity__lt=3).update(
            quantity=F("quantity") + 3)
        order = order_services.order_place(
            items=[(product.pk, 1)], delivery_method=DeliveryMethod.PICKUP,
            payment_provider=PaymentProvider.OFFLINE, now=placed_at,
            buyer=order_services.Buyer(
                name=chinese_name(rng), phone=f"139{rng.randint(0, 10**8 - 1):08d}",
                email="", province="", city="", district="", address_detail=""),
        )
        paid_at = placed_at + timedelta(hours=1)
        order_services.payment_record_success(
            order=order, amount_fen=to_fen(order.total), currency="CNY",
            provider=PaymentProvider.OFFLINE, reference=f"CASH-{order.number[-6:]}",
            actor=committee, now=paid_at)
        when = paid_at
        for status in (S.READY, S.DELIVERED, S.COMPLETED):
            when += timedelta(days=1)
            order_services.order_set_status(order=order, to_status=status, actor=committee,
                                            now=when)
        if refunded:
            payment = Payment.objects.get(payable_type=Order.PAYABLE_TYPE, payable_id=order.pk,
                                          status=PaymentStatus.SUCCEEDED)
            amount = to_fen(order.total) // (3 if partial else 1)
            payment_services.refund_record(payment=payment, amount_fen=max(amount, 1),
                                           reason="演示退款", actor=committee,
                                           now=when + timedelta(days=2))
        progress.advance()
        ctx.count("orders")
    progress.finish()
    for product_id, quantity in original_stock.items():
        StockRecord.objects.filter(product_id=product_id).update(quantity=quantity)


def _close_last_quarter(ctx: DemoContext, year: int) -> None:
    accountant = ctx.user("accountant")
    for month in (10, 11, 12):
        period = Period.objects.filter(year=year, month=month).first()
        if period is None or not period.is_closed:
            services.period_close(year=year, month=month, user=accountant)
            ctx.count("closed periods")


def _distribution(ctx: DemoContext, year: int) -> None:
    if DistributionRun.objects.filter(year=year, status=RunStatus.APPROVED).exists():
        return
    volume = LedgerEntry.objects.filter(entry_date__year=year).aggregate(
        total=Sum("sales_volume"))["total"] or Decimal(0)
    if volume <= 0:
        return
    surplus = (volume * Decimal("0.12")).quantize(Decimal("1"))
    run = services.distribution_draft(
        year=year, surplus=surplus, prior_losses="0",
        subsidies=Decimal(round(30000 * ctx.scale)), user=ctx.user("accountant"))
    services.distribution_publish(run=run, user=ctx.user("accountant"))
    services.distribution_approve(run=run, user=ctx.user("admin"))
    ctx.count("approved distributions")
