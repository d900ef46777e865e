"""Demo orders: about 300 per scale step, in every status of the pipeline, placed over the
last four months through the same services the shop uses (so stock, frozen shares, events,
payments and refunds are all real). Stock taken by demo orders is put back at the end, so
the demo shop still has pieces to sell. Demo buyers leave no email: loading sends no mail."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from catalogue.models import ProductPage, StockRecord
from core.demo.names import chinese_name
from core.money import to_fen
from orders import services
from orders.models import DeliveryMethod, Order, OrderEvent, OrderStatus
from payments import services as payment_services
from payments.models import Payment, PaymentProvider, PaymentStatus

S = OrderStatus
FINAL_STATUS_WEIGHTS = {
    S.AWAITING_PAYMENT: 12, S.PAID: 30, S.IN_PRODUCTION: 15, S.READY: 20, S.SHIPPED: 35,
    S.DELIVERED: 30, S.COMPLETED: 110, S.CANCELLED: 25, S.REFUNDED: 10,
    S.PARTIALLY_REFUNDED: 13,
}
PLACES = [
    ("四川省", "成都市", "温江区", "寿安镇天星村 {n} 组"),
    ("四川省", "成都市", "锦江区", "春熙路 {n} 号"),
    ("上海市", "上海市", "徐汇区", "漕溪北路 {n} 号"),
    ("北京市", "北京市", "朝阳区", "望京街 {n} 号"),
    ("广东省", "广州市", "天河区", "体育西路 {n} 号"),
    ("浙江省", "杭州市", "西湖区", "文三路 {n} 号"),
    ("重庆市", "重庆市", "渝中区", "解放碑 {n} 号"),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放北路 {n} 号"),
]
CARRIERS = ["顺丰速运", "中通快递", "京东物流", "EMS"]


def load(ctx) -> None:
    target = ctx.scaled(300)
    existing = Order.objects.count()
    if existing >= target:
        return
    products = list(
        ProductPage.objects.live().filter(locale=ctx.zh, makers__isnull=False)
        .select_related("stock").distinct()
    )
    if not products:
        ctx.stdout.write("  no works in the shop: no demo orders")
        return
    rng = ctx.rng("orders")
    original_stock = dict(StockRecord.objects.values_list("product_id", "quantity"))
    statuses, weights = zip(*FINAL_STATUS_WEIGHTS.items(), strict=True)
    committee = ctx.user("committee")
    now = timezone.now()
    progress = ctx.progress("orders", target - existing)
    for _ in range(existing, target):
        final = rng.choices(statuses, weights)[0]
        placed_at = now - timedelta(days=rng.uniform(0.05, 120))
        if final == S.AWAITING_PAYMENT:
            placed_at = now - timedelta(minutes=rng.randint(1, 20))
        picks = rng.sample(products, k=min(len(products), rng.choice([1, 1, 1, 2, 2, 3])))
        living = any(not p.ships_nationwide for p in picks)
        method = rng.choice([DeliveryMethod.LOCAL, DeliveryMethod.PICKUP] if living else
                            [DeliveryMethod.COURIER] * 4 + [DeliveryMethod.LOCAL,
                                                            DeliveryMethod.PICKUP])
        province, city, district, street = rng.choice(PLACES[:2] if method == DeliveryMethod.LOCAL
                                                      else PLACES)
        buyer = services.Buyer(
            name=chinese_name(rng),
            phone=f"1{rng.choice('3456789')}{rng.randint(0, 10**9 - 1):09d}",
            email="", province=province, city=city, district=district,
            address_detail=street.format(n=rng.randint(1, 400)),
        )
        if method == DeliveryMethod.PICKUP:
            buyer = services.Buyer(name=buyer.name, phone=buyer.phone, email="", province="",
                                   city="", district="", address_detail="")
        for product in picks:  # demo history must not run out of stock
            StockRecord.objects.filter(product=product, quantity__lt=3).update(
                quantity=F("quantity") + 3)
        provider = rng.choice([PaymentProvider.STRIPE] * 3 + [PaymentProvider.OFFLINE])
        order = _place(items=[(p.pk, 1) for p in picks], buyer=buyer, delivery_method=method,
                       payment_provider=provider,
                       language=rng.choice(["zh-hans"] * 4 + ["en"]), now=placed_at)
        _drive(order, final, placed_at, committee, rng)
        _spread_events(order, placed_at)
        progress.advance()
        ctx.count("orders")
    progress.finish()
    for product_id, quantity in original_stock.items():
        StockRecord.objects.filter(product_id=product_id).update(quantity=quantity)


def _place(**order) -> Order:
    """order_place, tried again if the random order number it drew is taken (thousands of
    demo orders on the same few days make that likely enough to break a load)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return services.order_place(**order)
        except IntegrityError:
            continue
    raise IntegrityError("no free order number after five tries")


def _drive(order: Order, final: str, placed_at, committee, rng) -> None:
    if final == S.AWAITING_PAYMENT:
        return
    if final == S.CANCELLED:
        services.order_set_status(order=order, to_status=S.CANCELLED,
                                  note="未在规定时间内付款", now=placed_at + timedelta(minutes=31))
        return
    paid_at = placed_at + timedelta(minutes=rng.randint(2, 25))
    services.payment_record_success(
        order=order, amount_fen=to_fen(order.total), currency="CNY",
        provider=order.payment_provider,
        intent_id=f"pi_demo_{order.number}" if order.payment_provider == "stripe" else None,
        reference="" if order.payment_provider == "stripe" else f"BANK-{order.number[-6:]}",
        actor=None if order.payment_provider == "stripe" else committee, now=paid_at,
    )
    path = [S.IN_PRODUCTION] if any(line.made_to_order for line in order.lines.all()) else []
    path += [S.READY]
    path += [S.DELIVERED] if order.delivery_method == DeliveryMethod.PICKUP else [
        S.SHIPPED, S.DELIVERED]
    path += [S.COMPLETED]
    stop = {S.PAID: 0, S.REFUNDED: rng.randint(0, 2), S.PARTIALLY_REFUNDED: len(path)}.get(final)
    if stop is None:
        stop = path.index(final) + 1 if final in path else len(path)
    when = paid_at
    for status in path[:stop]:
        when += timedelta(days=rng.randint(1, 4))
        if when > timezone.now():
            break
        services.order_set_status(
            order=order, to_status=status, actor=committee, now=when,
            carrier=rng.choice(CARRIERS), tracking_number=f"SF{rng.randint(10**11, 10**12)}",
        )
    order.refresh_from_db()
    if final not in (S.REFUNDED, S.PARTIALLY_REFUNDED):
        return
    # Recorded as made: the demo's card payments never went through a real Stripe.
    payment = Payment.objects.get(payable_type=Order.PAYABLE_TYPE, payable_id=order.pk,
                                  status=PaymentStatus.SUCCEEDED)
    amount_fen = to_fen(order.total) if final == S.REFUNDED else max(1, to_fen(order.total) // 5)
    reason = "买家取消" if final == S.REFUNDED else "运输轻微损坏，部分退款"
    payment_services.refund_record(payment=payment, amount_fen=amount_fen, reason=reason,
                                   actor=committee, now=when)


def _spread_events(order: Order, placed_at) -> None:
    """Services stamp events with the time they run; give the demo a believable history."""
    events = list(order.events.all())
    for step, event in enumerate(events):
        event.created_at = placed_at + timedelta(hours=20 * step, minutes=step * 7)
    OrderEvent.objects.bulk_update(events, ["created_at"])
