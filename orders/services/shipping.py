"""The shipping fee rules, in fen. Living works travel badly: Chengdu-area delivery or
pick-up only."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from orders.models import DeliveryMethod

REMOTE_PROVINCES = frozenset({"新疆维吾尔自治区", "西藏自治区", "青海省", "内蒙古自治区",
                              "宁夏回族自治区", "甘肃省", "海南省"})
CHENGDU_NAMES = frozenset({"成都", "成都市", "chengdu"})


@dataclass(frozen=True)
class ShippingQuote:
    fee_fen: int
    allowed: bool
    reason: str = ""


def shipping_quote(
    *, delivery_method: str, subtotal_fen: int, has_living: bool, province: str = "",
    city: str = "",
) -> ShippingQuote:
    if delivery_method == DeliveryMethod.PICKUP:
        return ShippingQuote(0, True)
    if delivery_method == DeliveryMethod.LOCAL:
        if city and city.strip().lower() not in CHENGDU_NAMES:
            return ShippingQuote(0, False, _("Local delivery only reaches addresses in Chengdu."))
        return ShippingQuote(0 if subtotal_fen >= 100_000 else 4_000, True)
    if delivery_method == DeliveryMethod.COURIER:
        if has_living:
            return ShippingQuote(
                0, False,
                _("Living works cannot travel by courier: choose local delivery in the Chengdu "
                  "area or pick-up at the village base."),
            )
        if province in REMOTE_PROVINCES:
            return ShippingQuote(3_800, True)
        return ShippingQuote(0 if subtotal_fen >= 50_000 else 1_800, True)
    return ShippingQuote(0, False, _("Choose a delivery method."))
