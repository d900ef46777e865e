"""Reading a file of on-site sales (CSV in UTF-8 or GBK, or XLSX; read by the artisans app's
table reader, the same conventions as the household import) and checking each row, so every
error comes back with its row number and column in the user's language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

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


class SaleRowParser:
    """Checks one row of a sales file. A plain parser rather than a form per row: a file of
    ten thousand rows is read in a second or two instead of half a minute. Errors come back
    as `column: message`, as the household import reports them."""

    def __init__(self, *, artisans: dict, products: dict, exhibitions: dict):
        self.artisans, self.products, self.exhibitions = artisans, products, exhibitions
        self.today = shanghai_today()

    def parse(self, values: dict[str, str]) -> tuple[dict | None, str]:
        data, errors = {}, []
        for column, check in (
            ("date", self.clean_date), ("amount", parse_amount),
            ("reference", self.clean_reference), ("description", self.clean_description),
            ("artisan_code", self.clean_artisan_code),
            ("product_slug", self.clean_product_slug),
            ("exhibition_slug", self.clean_exhibition_slug),
            ("payment_means", self.clean_payment_means),
        ):
            try:
                data[column] = check((values.get(column) or "").strip())
            except ValidationError as error:
                errors.append(f"{column}: {'; '.join(error.messages)}")
        if not errors and not data["artisan_code"] and not data["product_slug"]:
            errors.append(str(_("Give the artisan's code, or the work's slug for a work "
                                "from the shop.")))
        return (None if errors else data), "; ".join(errors)

    def clean_date(self, value: str) -> date:
        if not value:
            raise ValidationError(_("This field is required."))
        for pattern in DATE_FORMATS:
            try:
                sold_on = datetime.strptime(value, pattern).date()
                break
            except ValueError:
                continue
        else:
            raise ValidationError(_("Write the date as 2025-10-01."))
        if sold_on > self.today:
            raise ValidationError(_("The date of a sale cannot be in the future."))
        return sold_on

    def clean_reference(self, value: str) -> str:
        if not value:
            raise ValidationError(_("This field is required."))
        if len(value) > 60:
            raise ValidationError(_("At most %(n)d characters.") % {"n": 60})
        return value

    def clean_description(self, value: str) -> str:
        if len(value) > 200:
            raise ValidationError(_("At most %(n)d characters.") % {"n": 200})
        return value

    def clean_artisan_code(self, value: str):
        code = value.upper()
        if code and code not in self.artisans:
            raise ValidationError(_("Unknown artisan %(code)s.") % {"code": code})
        return self.artisans.get(code)

    def clean_product_slug(self, slug: str):
        if slug and slug not in self.products:
            raise ValidationError(_("No work in the shop has the slug %(slug)s.")
                                  % {"slug": slug})
        return self.products.get(slug)

    def clean_exhibition_slug(self, slug: str):
        if slug and slug not in self.exhibitions:
            raise ValidationError(_("No exhibition has the slug %(slug)s.") % {"slug": slug})
        return self.exhibitions.get(slug)

    def clean_payment_means(self, value: str) -> str:
        word = value.lower()
        if word not in PAYMENT_WORDS:
            raise ValidationError(
                _("Write cash, wechat, alipay or card (现金、微信、支付宝、刷卡)."))
        return PAYMENT_WORDS[word]
