"""Django's flush, which empties every table: on SQLite the ledger's delete trigger lets it
(see earnings.immutability). Tests' transactional teardown runs it."""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from earnings.immutability import ledger_maintenance


class Command(flush.Command):
    def handle(self, **options):
        with ledger_maintenance(connections[options.get("database") or DEFAULT_DB_ALIAS]):
            return super().handle(**options)
