"""Signals other apps listen to. `commission_settled` (kwargs: settlement) is sent inside the
settling transaction, so a listener's writes (the earnings ledger) commit or roll back with
the settlement."""

from django.dispatch import Signal

commission_settled = Signal()
