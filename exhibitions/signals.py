"""Signals the exhibitions app sends for the apps above it (the earnings ledger)."""

from django.dispatch import Signal

# Sent inside the transaction that records an on-site sale or its reversal; kwargs: sale.
onsite_sale_recorded = Signal()
