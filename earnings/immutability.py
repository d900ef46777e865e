"""The database's own refusal to change or delete a ledger entry: a trigger on PostgreSQL and
on SQLite (installed by migration 0002). The one exception is `manage.py flush`, which empties
every table on purpose (PostgreSQL's TRUNCATE fires no row trigger; on SQLite the trigger asks
`earnings_ledger_unlocked()`, a function Django's connections answer 0 to, except inside
`ledger_maintenance`). A SQLite table rebuild (an AlterField on LedgerEntry) drops the
triggers: such a migration must run these statements again."""

from contextlib import contextmanager

TABLE = "earnings_ledgerentry"
MESSAGE = "ledger entries are append-only: never updated or deleted"

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION earnings_ledger_refuse() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER earnings_ledger_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION earnings_ledger_refuse();
    """,
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS earnings_ledger_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS earnings_ledger_refuse();",
]

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER earnings_ledger_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER earnings_ledger_no_delete BEFORE DELETE ON {TABLE}
    WHEN earnings_ledger_unlocked() = 0
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS earnings_ledger_no_update;",
    "DROP TRIGGER IF EXISTS earnings_ledger_no_delete;",
]


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL}.get(vendor, []):
        schema_editor.execute(statement)


def remove(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRESQL_REMOVE, "sqlite": SQLITE_REMOVE}.get(vendor, []):
        schema_editor.execute(statement)


@contextmanager
def ledger_maintenance(connection):
    """Only for emptying the whole database (flush)."""
    connection.earnings_ledger_unlocked = True
    try:
        yield
    finally:
        connection.earnings_ledger_unlocked = False
