"""Orders, lines and makers' shares made straight in the database (no pages needed), shaped
exactly as orders.services freezes them, for the ledger's tests."""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from core.money import allocate, from_fen, to_fen
from orders.models import Order, OrderLine, OrderLineMaker, RefundAllocation
from payments.models import Payment, Refund
from tests.artisans.factories import HouseholdFactory


def aware(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def household(code: str, **kwargs):
    return HouseholdFactory(code=code, **kwargs)


def paid_order(*, day: date, lines, number: str | None = None) -> Order:
    """lines: [(line_total, unit material cost, quantity, [(household, share %), ...]), ...]"""
    total = sum(Decimal(line[0]) for line in lines)
    order = Order.objects.create(
        number=number or f"TX{Order.objects.count() + 1:06d}", buyer_name="买家",
        phone="13800000000", province="四川省", city="成都市", district="温江区",
        address_detail="寿安镇", delivery_method="pickup", payment_provider="offline",
        subtotal=total, shipping_fee=Decimal("0"), total=total, amount_paid=total,
        status="paid", paid_at=aware(day), created_at=aware(day, 9),
    )
    for line_total, material, quantity, makers in lines:
        line = OrderLine.objects.create(
            order=order, product_title="竹编果篮", kind="crafted",
            unit_price=Decimal(line_total) / quantity, quantity=quantity,
            line_total=Decimal(line_total), material_cost=Decimal(material))
        weights = {(h.code, i): Decimal(share) for i, (h, share) in enumerate(makers)}
        parts = allocate(to_fen(Decimal(line_total)), weights)
        for (code, i), (h, share) in zip(weights, makers, strict=True):
            OrderLineMaker.objects.create(
                line=line, household=h, artisan_name=h.head_name, household_code=h.code,
                share=Decimal(share), amount=from_fen(parts[(code, i)]))
    return order


def refund(order: Order, *, amount: str, day: date) -> Refund:
    """As orders.services._reversals does: the goods part split by the makers' shares."""
    payment, _ = Payment.objects.get_or_create(
        payable_type="orders.order", payable_id=order.pk,
        defaults={"provider": "offline", "status": "succeeded", "amount": order.total})
    refund = Refund.objects.create(payment=payment, amount=Decimal(amount), created_at=aware(day))
    shares = list(OrderLineMaker.objects.filter(line__order=order)
                  .order_by("household_code", "pk"))
    weights = {(s.household_code, s.pk): to_fen(s.amount) for s in shares}
    parts = allocate(-to_fen(Decimal(amount)), weights)
    for s in shares:
        RefundAllocation.objects.create(refund=refund, line_maker=s, household=s.household,
                                        amount=from_fen(parts[(s.household_code, s.pk)]))
    return refund
