"""The database refuses to rewrite history: a trigger on each history table refuses
UPDATE and another refuses DELETE, on SQLite and on PostgreSQL.

A history model says so with a class attribute, `append_only = "<why, for the error>"`;
its app's migration installs the triggers with `guard_operation(table, message)`. On
PostgreSQL a third, statement-level trigger refuses TRUNCATE (SQLite has no TRUNCATE; its
`DELETE FROM t` without a condition runs the row triggers).
`steerco audit verify` checks with `missing_triggers` that they are all still there
(SQLite drops a table's triggers when a later migration rebuilds the table: such a
migration must run `guard_operation` again after the rebuild).

History rows are deleted in exactly one way, `suspended(tables)`: the triggers are
dropped, the rows deleted, the triggers created again as they were — in one transaction.
Only the test suite's teardown uses it (the root conftest.py; the demo's reset creates a
new database instead); see docs/DEVELOPING.md. The application's PostgreSQL role owns no
table and so cannot drop a trigger at all (docs/OPERATIONS.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection as default_connection
from django.db import migrations, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

ACTIONS = ("update", "delete")
PG_ACTIONS = (*ACTIONS, "truncate")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION steerco_refuse_change() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END;
$$ LANGUAGE plpgsql;
"""


def trigger_name(table: str, action: str) -> str:
    return f"{table}_no_{action}"


def actions(vendor: str) -> tuple[str, ...]:
    """The statements refused on a guarded table: UPDATE and DELETE, and on PostgreSQL
    TRUNCATE too."""
    return PG_ACTIONS if vendor == "postgresql" else ACTIONS


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_sql(vendor: str, table: str, message: str) -> list[str]:
    out: list[str] = [] if vendor != "postgresql" else [_PG_FUNCTION]
    for action in actions(vendor):
        name = trigger_name(table, action)
        text = _quote(f"{message} ({action} refused)")
        if vendor == "sqlite":
            out.append(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {action.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, {text}); END;"
            )
        elif vendor == "postgresql":
            each = "STATEMENT" if action == "truncate" else "ROW"
            out.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
            out.append(
                f"CREATE TRIGGER {name} BEFORE {action.upper()} ON {table} "
                f"FOR EACH {each} EXECUTE FUNCTION steerco_refuse_change({text});"
            )
    return out


def drop_sql(vendor: str, table: str) -> list[str]:
    out = []
    for action in actions(vendor):
        name = trigger_name(table, action)
        if vendor == "sqlite":
            out.append(f"DROP TRIGGER IF EXISTS {name};")
        elif vendor == "postgresql":
            out.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
    return out


def _execute(conn: BaseDatabaseWrapper, statements: Sequence[str]) -> None:
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(table: str, message: str, conn: BaseDatabaseWrapper = default_connection) -> None:
    _execute(conn, create_sql(conn.vendor, table, message))


def remove(table: str, conn: BaseDatabaseWrapper = default_connection) -> None:
    _execute(conn, drop_sql(conn.vendor, table))


def vendor_sql_operation(
    forward: dict[str, list[str]], backward: dict[str, list[str]]
) -> migrations.RunPython:
    """A migration operation running each vendor's statements (none for another vendor),
    reversed by `backward`'s — for replacing a trigger that predates `guard_operation`."""

    def run(statements: dict[str, list[str]]) -> Any:
        def execute(apps: Any, schema_editor: Any) -> None:
            for sql in statements.get(schema_editor.connection.vendor, []):
                schema_editor.execute(sql)

        return execute

    return migrations.RunPython(run(forward), run(backward))


def guard_operation(table: str, message: str) -> migrations.RunPython:
    """A migration operation installing the triggers (and dropping them when reversed)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        install(table, message, schema_editor.connection)

    def backward(apps: Any, schema_editor: Any) -> None:
        remove(table, schema_editor.connection)

    return migrations.RunPython(forward, backward)


def existing_triggers(conn: BaseDatabaseWrapper = default_connection) -> set[str]:
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        elif conn.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def guarded_models() -> list[Any]:
    """Every installed model that declares itself append-only."""
    from django.apps import apps

    return [m for m in apps.get_models() if getattr(m, "append_only", None)]


def missing_triggers(conn: BaseDatabaseWrapper = default_connection) -> list[str]:
    """The triggers a guarded table should have and does not (empty when all are there)."""
    present = existing_triggers(conn)
    wanted = [
        trigger_name(m._meta.db_table, action)
        for m in guarded_models()
        for action in actions(conn.vendor)
    ]
    return [name for name in wanted if name not in present]


def reinstall_missing(conn: BaseDatabaseWrapper = default_connection) -> list[str]:
    """Create again the guards of declared models that are missing (after `migrate`: a
    SQLite migration that rebuilt a table dropped them); returns the tables guarded again.
    A table not created yet (a database migrated back, or part of the way) is left alone."""
    missing = set(missing_triggers(conn))
    existing = set(conn.introspection.table_names())
    tables = []
    for model in guarded_models():
        table = model._meta.db_table
        if table in existing and any(
            trigger_name(table, action) in missing for action in actions(conn.vendor)
        ):
            install(table, model.append_only, conn)
            tables.append(table)
    return tables


_GUARD = re.compile(r"^(?P<table>.+)_no_(?:update|delete|truncate)$")


def guard_definitions(
    conn: BaseDatabaseWrapper = default_connection, tables: Sequence[str] | None = None
) -> list[tuple[str, str, str]]:
    """The guard triggers present in the database, as (table, trigger, CREATE statement):
    what `suspended` drops and creates again verbatim (so a table guarded by a migration
    whose model does not declare itself is restored as well)."""
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'")
        elif conn.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t"
                " JOIN pg_class c ON c.oid = t.tgrelid"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
            )
        else:
            return []
        rows = cursor.fetchall()
    return [
        (table, name, sql)
        for table, name, sql in sorted(rows)
        if (m := _GUARD.match(name)) and m["table"] == table and (tables is None or table in tables)
    ]


@contextmanager
def suspended(
    tables: Sequence[str] | None = None, conn: BaseDatabaseWrapper = default_connection
) -> Iterator[None]:
    """The one path for deleting history rows (the test suite's teardown): the guard
    triggers of `tables` (every guarded table by default) are dropped for the block and
    created again after it exactly as they were, in one transaction."""
    found = guard_definitions(conn, tables)
    with transaction.atomic(using=conn.alias):
        _execute(conn, [_drop_one(conn.vendor, table, name) for table, name, _ in found])
        yield  # an error inside rolls the whole transaction back, the drops with it
        # (Dropped again first: something in the block, e.g. `flush`'s post_migrate, may
        # have guarded the tables already.)
        _execute(
            conn,
            [s for t, name, sql in found for s in (_drop_one(conn.vendor, t, name), sql)],
        )


def _drop_one(vendor: str, table: str, name: str) -> str:
    if vendor == "postgresql":
        return f"DROP TRIGGER IF EXISTS {name} ON {table};"
    return f"DROP TRIGGER IF EXISTS {name};"
