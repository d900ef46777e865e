"""Signals the exhibitions app sends for the apps above it (the earnings ledger)."""

from django.dispatch import Signal

# Sent inside the transaction that records an on-site sale or its reversal; kwargs: sale.
onsite_sale_recorded = Signal()

# Sent once, inside the transaction that records a batch of on-site sales at once (an
# imported file, the demo), instead of `onsite_sale_recorded` for each; kwargs: sales (the
# list of OnsiteSale saved, with their shares).
onsite_sales_recorded = Signal()
