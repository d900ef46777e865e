"""Reading a file of on-site sales (CSV in UTF-8 or GBK, or XLSX; read by the artisans app's
table reader, the same conventions as the household import) and checking each row with a
form, so every error comes back with its row number in the user's language."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from artisans.imports import DATE_FORMATS
from exhibitions.models import PaymentMeans, shanghai_today

SALE_COLUMNS = ["date", "artisan_code", "amount", "reference", "description"]
OPTIONAL_SALE_COLUMNS = ["product_slug", "exhibition_slug", "payment_means"]
PAYMENT_WORDS = {
    "cash": PaymentMeans.CASH, "现金": PaymentMeans.CASH,
    "wechat": PaymentMeans.WECHAT, "微信": PaymentMeans.WECHAT, "微信转账": PaymentMeans.WECHAT,
    "alipay": PaymentMeans.ALIPAY, "支付宝": PaymentMeans.ALIPAY,
    "支付宝转账": PaymentMeans.ALIPAY,
    "card": PaymentMeans.CARD, "刷卡": PaymentMeans.CARD, "银行卡": PaymentMeans.CARD,
    "": PaymentMeans.CASH,
}


MAX_AMOUNT = Decimal("9999999999.99")


def parse_amount(value) -> Decimal:
    """A positive amount of yuan with at most two decimals, as typed (¥ and thousands
    separators allowed); never a float."""
    try:
        amount = Decimal(str(value).strip().replace(",", "").lstrip("¥￥"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(_("The amount is not a number.")) from error
    if not amount.is_finite():
        raise ValidationError(_("The amount is not a number."))
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("The amount has a fraction of a fen."))
    if amount > MAX_AMOUNT:
        raise ValidationError(_("The amount is too large."))
    return amount


class SaleRowForm(forms.Form):
    date = forms.DateField(input_formats=DATE_FORMATS,
                           error_messages={"invalid": _("Write the date as 2025-10-01.")})
    artisan_code = forms.CharField(max_length=20, required=False)
    amount = forms.CharField(max_length=30)
    reference = forms.CharField(max_length=60)
    description = forms.CharField(max_length=200, required=False)
    product_slug = forms.CharField(max_length=255, required=False)
    exhibition_slug = forms.CharField(max_length=255, required=False)
    payment_means = forms.CharField(max_length=20, required=False)

    def __init__(self, *args, artisans: dict, products: dict, exhibitions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.artisans, self.products, self.exhibitions = artisans, products, exhibitions

    def clean_date(self):
        sold_on = self.cleaned_data["date"]
        if sold_on > shanghai_today():
            raise ValidationError(_("The date of a sale cannot be in the future."))
        return sold_on

    def clean_amount(self):
        return parse_amount(self.cleaned_data["amount"])

    def clean_artisan_code(self):
        code = self.cleaned_data["artisan_code"].upper()
        if code and code not in self.artisans:
            raise ValidationError(_("Unknown artisan %(code)s."), params={"code": code})
        return self.artisans.get(code)

    def clean_product_slug(self):
        slug = self.cleaned_data["product_slug"]
        if slug and slug not in self.products:
            raise ValidationError(_("No work in the shop has the slug %(slug)s."),
                                  params={"slug": slug})
        return self.products.get(slug)

    def clean_exhibition_slug(self):
        slug = self.cleaned_data["exhibition_slug"]
        if slug and slug not in self.exhibitions:
            raise ValidationError(_("No exhibition has the slug %(slug)s."),
                                  params={"slug": slug})
        return self.exhibitions.get(slug)

    def clean_payment_means(self):
        word = self.cleaned_data["payment_means"].strip().lower()
        if word not in PAYMENT_WORDS:
            raise ValidationError(
                _("Write cash, wechat, alipay or card (现金、微信、支付宝、刷卡)."))
        return PAYMENT_WORDS[word]

    def clean(self):
        cleaned = super().clean()
        if ("artisan_code" in cleaned and "product_slug" in cleaned
                and not cleaned["artisan_code"] and not cleaned["product_slug"]):
            raise ValidationError(_("Give the artisan's code, or the work's slug for a work "
                                    "from the shop."))
        return cleaned
