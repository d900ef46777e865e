"""Forms buyers fill in: add to cart, checkout (a Chinese address and phone number), and
finding an order again. They validate shape; prices and stock are the services' business."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.money import format_cny
from orders.models import DeliveryMethod, Order
from payments.models import PaymentProvider

# The 34 provincial-level divisions, stored by their Chinese names (what couriers read).
PROVINCES = [
    ("北京市", "Beijing"), ("天津市", "Tianjin"), ("上海市", "Shanghai"), ("重庆市", "Chongqing"),
    ("河北省", "Hebei"), ("山西省", "Shanxi"), ("辽宁省", "Liaoning"), ("吉林省", "Jilin"),
    ("黑龙江省", "Heilongjiang"), ("江苏省", "Jiangsu"), ("浙江省", "Zhejiang"),
    ("安徽省", "Anhui"), ("福建省", "Fujian"), ("江西省", "Jiangxi"), ("山东省", "Shandong"),
    ("河南省", "Henan"), ("湖北省", "Hubei"), ("湖南省", "Hunan"), ("广东省", "Guangdong"),
    ("海南省", "Hainan"), ("四川省", "Sichuan"), ("贵州省", "Guizhou"), ("云南省", "Yunnan"),
    ("陕西省", "Shaanxi"), ("甘肃省", "Gansu"), ("青海省", "Qinghai"), ("台湾省", "Taiwan"),
    ("内蒙古自治区", "Inner Mongolia"), ("广西壮族自治区", "Guangxi"), ("西藏自治区", "Tibet"),
    ("宁夏回族自治区", "Ningxia"), ("新疆维吾尔自治区", "Xinjiang"),
    ("香港特别行政区", "Hong Kong"), ("澳门特别行政区", "Macao"),
]
PROVINCE_NAMES = {zh for zh, _en in PROVINCES}
# Wallets first: most buyers in China pay with one; the card is always there as the fallback.
ONLINE_METHOD_NAMES = {"alipay": _("Alipay"), "wechat_pay": _("WeChat Pay"), "card": _("card")}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
PLACE = re.compile(r"^[\w\u3400-\u9fff·\-\s()（）]{2,30}$")


def normalise_phone(raw: str) -> str:
    digits = re.sub(r"[\s\-()]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def province_choices(language: str):
    return [("", _("Choose a province"))] + [
        (zh, zh if language != "en" else f"{en} · {zh}") for zh, en in PROVINCES
    ]


class CheckoutForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A mainland mobile number, e.g. 138 0000 0000."),
    )
    email = forms.EmailField(
        label=_("Email"), required=False,
        help_text=_("For the confirmation and updates on your order."),
    )
    delivery_method = forms.ChoiceField(
        label=_("Delivery"), choices=DeliveryMethod.choices, widget=forms.RadioSelect,
        initial=DeliveryMethod.COURIER,
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    city = forms.CharField(label=_("City"), max_length=30, required=False)
    district = forms.CharField(label=_("District or county"), max_length=30, required=False)
    address_detail = forms.CharField(
        label=_("Street address"), max_length=200, required=False,
        help_text=_("Street, number, building, flat."),
    )
    payment_provider = forms.ChoiceField(
        label=_("Payment"), choices=PaymentProvider.choices, widget=forms.RadioSelect,
        initial=PaymentProvider.STRIPE,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, language: str = "zh-hans", online_methods=("card",), **kwargs):
        """online_methods: the Stripe account's payment method types (none: no Stripe)."""
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices(language)
        if not online_methods:
            self.fields["payment_provider"].choices = [
                c for c in PaymentProvider.choices if c[0] != PaymentProvider.STRIPE
            ]
            self.fields["payment_provider"].initial = PaymentProvider.OFFLINE
            return
        names = [str(ONLINE_METHOD_NAMES[m]) for m in ONLINE_METHOD_NAMES if m in online_methods]
        self.fields["payment_provider"].choices = [
            (PaymentProvider.STRIPE, _("Pay online: %(methods)s") % {"methods": " · ".join(names)})
            if code == PaymentProvider.STRIPE else (code, label)
            for code, label in PaymentProvider.choices
        ]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if len(name) < 2:
            raise forms.ValidationError(_("Enter the recipient's full name."))
        return name

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise forms.ValidationError(
                _("Enter a mainland China mobile number: 11 digits starting with 1.")
            )
        return phone

    def clean(self):
        data = super().clean()
        if data.get("delivery_method") == DeliveryMethod.PICKUP:
            for field in ("province", "city", "district", "address_detail"):
                data[field] = ""
            return data
        province = data.get("province") or ""
        if province not in PROVINCE_NAMES:
            self.add_error("province", _("Choose a province from the list."))
        for field, message in (
            ("city", _("Enter the city.")),
            ("district", _("Enter the district or county.")),
        ):
            value = (data.get(field) or "").strip()
            if not PLACE.match(value):
                self.add_error(field, message)
            data[field] = value
        detail = (data.get("address_detail") or "").strip()
        if len(detail) < 5 or detail.isdigit():
            self.add_error("address_detail",
                           _("Enter the street address (at least 5 characters)."))
        data["address_detail"] = detail
        return data


class FindOrderForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=20)
    contact = forms.CharField(
        label=_("Phone or email used for the order"), max_length=254,
    )

    def find(self) -> Order | None:
        number = self.cleaned_data["number"].strip().upper()
        contact = self.cleaned_data["contact"].strip()
        order = Order.objects.filter(number=number).first()
        if order is None:
            return None
        if normalise_phone(contact) == order.phone:
            return order
        if order.email and contact.lower() == order.email.lower():
            return order
        return None


class RefundForm(forms.Form):
    """The desk's refund: the amount is typed (never prefilled), then confirmed."""

    amount = forms.DecimalField(
        label=_("Amount to refund (CNY)"), max_digits=12, decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"required": _("Enter the amount to refund, e.g. 50.00."),
                        "invalid": _("Enter the amount to refund, e.g. 50.00.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, refundable: Decimal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable = refundable
        if refundable is not None:
            self.fields["amount"].help_text = _("At most %(amount)s.") % {
                "amount": format_cny(refundable)}
            self.fields["amount"].widget.attrs.update(max=str(refundable), min="0.01",
                                                      step="0.01", placeholder="0.00")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if self.refundable is not None and amount > self.refundable:
            raise forms.ValidationError(
                _("At most %(amount)s can still be refunded.") % {"amount": self.refundable})
        return amount


class ClearFlagForm(forms.Form):
    note = forms.CharField(max_length=300, required=False)


class StatusMoveForm(forms.Form):
    to_status = forms.CharField(max_length=20)
    note = forms.CharField(max_length=500, required=False)
    carrier = forms.CharField(max_length=40, required=False)
    tracking_number = forms.CharField(max_length=60, required=False)


class RecordPaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount received (CNY)"), max_digits=12,
                                decimal_places=2, min_value=Decimal("0.01"))
    reference = forms.CharField(label=_("Reference"), max_length=100,
                                help_text=_("Bank transfer reference or receipt number."))
