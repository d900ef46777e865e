"""Ledger entries are never changed or deleted: the model, the queryset, the database (a
trigger on PostgreSQL and SQLite) and the permissions all refuse."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction

from earnings import services
from earnings.immutability import ledger_maintenance
from earnings.models import ImmutableRecordError, LedgerEntry
from tests.earnings.factories import household, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    paid_order(day=date(2025, 3, 5), lines=[("100.00", "0", 1, [(household("TX-01-001"), 100)])])
    services.ledger_backfill()
    return LedgerEntry.objects.get()


def test_the_model_refuses_to_save_a_change_or_delete(entry):
    entry.amount = 1
    with pytest.raises(ImmutableRecordError):
        entry.save()
    with pytest.raises(ImmutableRecordError):
        entry.delete()
    with pytest.raises(ImmutableRecordError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(ImmutableRecordError):
        LedgerEntry.objects.all().delete()


@pytest.mark.parametrize("statement", [
    "UPDATE earnings_ledgerentry SET amount = 1",
    "DELETE FROM earnings_ledgerentry",
])
def test_the_database_refuses_update_and_delete(entry, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)
    assert LedgerEntry.objects.get().amount == entry.amount


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's flush truncates")
def test_only_flush_may_empty_the_ledger_on_sqlite(entry):
    with transaction.atomic():
        with ledger_maintenance(connection), connection.cursor() as cursor:
            cursor.execute("DELETE FROM earnings_ledgerentry")
        assert not LedgerEntry.objects.exists()
        transaction.set_rollback(True)


def test_nobody_has_a_change_or_delete_permission_for_entries():
    codenames = set(Permission.objects.filter(content_type__app_label="earnings",
                                              content_type__model="ledgerentry")
                    .values_list("codename", flat=True))
    assert codenames == {"view_ledgerentry"}
