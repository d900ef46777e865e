"""Posting as things happen: the apps below send signals (an order paid or refunded, a
commission settled, an on-site sale recorded, a batch of them imported) and never import
earnings; these receivers post what each earned, inside the sender's transaction but in a
savepoint of their own (see `services.ledger_post_quietly`); a batch is posted in bulk. An
app that is not installed, or has not yet grown its signal, is simply not listened to;
`post_ledger` backfills whatever was missed."""

from __future__ import annotations

import importlib

from django.apps import apps

from earnings import services
from earnings.sources import SOURCES


def on_order_paid(sender, order, **kwargs):
    adapter = SOURCES["orders.sale"]
    services.ledger_post_quietly(
        adapter=adapter, records=adapter.postable().filter(line__order=order),
        posted_by="signal:order_paid")


def on_order_refunded(sender, refund, allocations=None, **kwargs):
    # The sales a refund reverses must be posted first (a replayed or late webhook).
    sales = SOURCES["orders.sale"]
    services.ledger_post_quietly(
        adapter=sales, records=sales.postable().filter(
            line__order__in=sales.model.objects.filter(reversals__refund=refund)
            .values("line__order")),
        posted_by="signal:order_refunded")
    adapter = SOURCES["orders.refund"]
    services.ledger_post_quietly(
        adapter=adapter, records=adapter.postable().filter(refund=refund),
        posted_by="signal:order_refunded")


def on_commission_settled(sender, settlement, **kwargs):
    adapter = SOURCES["commissions.settlement"]
    services.ledger_post_quietly(
        adapter=adapter, records=adapter.postable().filter(settlement=settlement),
        posted_by="signal:commission_settled")


def on_onsite_sale_recorded(sender, sale, **kwargs):
    adapter = SOURCES["exhibitions.onsite_sale"]
    if sale.reversal_of_id:
        on_onsite_sale_recorded(sender, sale=sale.reversal_of)
    services.ledger_post_quietly(
        adapter=adapter, records=adapter.postable().filter(sale=sale),
        posted_by="signal:onsite_sale_recorded")


# Sales posted per batch: a few queries and bulk inserts for each (an import of ten thousand
# rows is ten batches, not ten thousand postings).
SALES_BATCH = 1000


def on_onsite_sales_recorded(sender, sales, **kwargs):
    """A batch of on-site sales (an imported file, the demo) posted together, in bulk, in
    one savepoint: the originals (and the sales the batch's reversals reverse) first."""
    if not sales:
        return
    adapter = SOURCES["exhibitions.onsite_sale"]
    originals = sorted({sale.reversal_of_id or sale.pk for sale in sales})
    reversals = sorted(sale.pk for sale in sales if sale.reversal_of_id)
    batches = [adapter.postable().filter(sale_id__in=ids[start:start + SALES_BATCH])
               for ids in (originals, reversals)
               for start in range(0, len(ids), SALES_BATCH)]
    services.ledger_post_batches_quietly(adapter=adapter, batches=batches,
                                         posted_by="signal:onsite_sales_recorded")


RECEIVERS = [
    ("orders", "orders.signals", "order_paid", on_order_paid),
    ("orders", "orders.signals", "order_refunded", on_order_refunded),
    ("commissions", "commissions.signals", "commission_settled", on_commission_settled),
    ("exhibitions", "exhibitions.signals", "onsite_sale_recorded", on_onsite_sale_recorded),
    ("exhibitions", "exhibitions.signals", "onsite_sales_recorded", on_onsite_sales_recorded),
]


def connect() -> list[str]:
    """Connect to every signal that exists; returns the names connected."""
    connected = []
    for app_label, module_name, signal_name, receiver in RECEIVERS:
        if not apps.is_installed(app_label):
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        signal = getattr(module, signal_name, None)
        if signal is not None:
            signal.connect(receiver, dispatch_uid=f"earnings:{signal_name}")
            connected.append(signal_name)
    return connected
