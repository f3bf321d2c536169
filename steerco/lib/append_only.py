"""The database refuses to rewrite history: a trigger on each history table refuses
UPDATE and another refuses DELETE, on SQLite and on PostgreSQL.

A history model says so with a class attribute, `append_only = "<why, for the error>"`;
its app's migration installs the triggers with `guard_operation(table, message)`.
`steerco audit verify` checks with `missing_triggers` that they are all still there
(SQLite drops a table's triggers when a later migration rebuilds the table: such a
migration must run `guard_operation` again after the rebuild).

History rows are deleted in exactly one way, `suspended(tables)`: the triggers are
dropped, the rows deleted, the triggers created again — in one transaction. Only the
test suite's teardown and the demo's reset use it; see docs/DEVELOPING.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection as default_connection
from django.db import migrations, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

ACTIONS = ("update", "delete")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION steerco_refuse_change() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END;
$$ LANGUAGE plpgsql;
"""


def trigger_name(table: str, action: str) -> str:
    return f"{table}_no_{action}"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_sql(vendor: str, table: str, message: str) -> list[str]:
    out: list[str] = [] if vendor != "postgresql" else [_PG_FUNCTION]
    for action in ACTIONS:
        name = trigger_name(table, action)
        text = _quote(f"{message} ({action} refused)")
        if vendor == "sqlite":
            out.append(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {action.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, {text}); END;"
            )
        elif vendor == "postgresql":
            out.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
            out.append(
                f"CREATE TRIGGER {name} BEFORE {action.upper()} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION steerco_refuse_change({text});"
            )
    return out


def drop_sql(vendor: str, table: str) -> list[str]:
    out = []
    for action in ACTIONS:
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
        trigger_name(m._meta.db_table, action) for m in guarded_models() for action in ACTIONS
    ]
    return [name for name in wanted if name not in present]


@contextmanager
def suspended(
    tables: Sequence[str] | None = None, conn: BaseDatabaseWrapper = default_connection
) -> Iterator[None]:
    """The one path for deleting history rows (test teardown, the demo's reset): the
    triggers of `tables` (every guarded table by default) are dropped for the block and
    created again after it, in one transaction."""
    models = guarded_models()
    messages = {m._meta.db_table: m.append_only for m in models}
    chosen = list(tables) if tables is not None else list(messages)
    with transaction.atomic(using=conn.alias):
        for table in chosen:
            remove(table, conn)
        try:
            yield
        finally:
            for table in chosen:
                install(table, messages[table], conn)
