"""Operations that change the shop's state: setting up the shop section for artisans, creating
works in code (demo, imports), recording sales for the popularity sort, and keeping the search
index complete."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from wagtail.search import index

from artisans import services as artisan_services
from catalogue.models import SHARES_TOTAL, CatalogueIndexPage, ProductPage, StockRecord


def shop_grant_artisan_access(*, index_page: CatalogueIndexPage) -> None:
    """Artisans add and edit their own works under the shop, through the committee's approval
    workflow: the same ownership rules and workflow as their portfolio pages."""
    artisan_services.grant_section_permissions(index_page)


def validate_maker_shares(shares: list[Decimal]) -> None:
    if not shares or sum(shares) != SHARES_TOTAL:
        raise ValidationError(
            _("The makers' shares add up to %(total)s%%; they must add up to exactly 100%%.")
            % {"total": sum(shares)}
        )


def product_record_sale(*, product_id: int, quantity: int) -> None:
    """Count `quantity` pieces of a work as sold (called when an order is paid). One
    conditional UPDATE, so concurrent payments never lose a count."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    work = ProductPage.objects.filter(pk=product_id).values("translation_key")
    with transaction.atomic():
        updated = StockRecord.objects.filter(product__translation_key__in=work).update(
            units_sold=F("units_sold") + quantity
        )
        if not updated:
            StockRecord.objects.create(product_id=product_id, units_sold=quantity)


def product_ensure_stock_record(*, product: ProductPage) -> StockRecord:
    """Every work has one StockRecord, on the page it was first written in."""
    record = StockRecord.objects.filter(product__translation_key=product.translation_key).first()
    return record or StockRecord.objects.create(product=product)


def product_reindex(sender=None, instance: ProductPage | None = None, **kwargs) -> None:
    """Reindex a work once publishing has saved its makers, techniques and materials (the
    save-time index update runs before the page's related rows are written)."""
    if instance is not None:
        index.insert_or_update_object(instance)
