from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def allow_ledger_maintenance(sender, connection, **kwargs):
    """SQLite's ledger triggers ask `earnings_ledger_unlocked()`; it answers 0 except while
    `manage.py flush` empties the whole database (see earnings.immutability)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "earnings_ledger_unlocked", 0,
            lambda: int(getattr(connection, "earnings_ledger_unlocked", False)),
        )


class EarningsConfig(AppConfig):
    """Household earnings: the charter, the append-only ledger, periods, the year-end
    distribution and the reports. Sits above orders, commissions and exhibitions (which send
    it signals) and below home."""

    name = "earnings"
    verbose_name = _("Household earnings")

    def ready(self):
        from core import rates
        from earnings import receivers
        from earnings.charter import rate_provider

        rates.register_provider(rate_provider)
        receivers.connect()
        connection_created.connect(allow_ledger_maintenance,
                                   dispatch_uid="earnings:ledger-maintenance")
