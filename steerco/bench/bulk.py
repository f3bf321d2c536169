"""Fast inserts of plain row tuples: COPY on PostgreSQL, executemany on SQLite.

Rows carry their own primary keys (so children can point at parents without a
round trip); `reset_sequences` moves PostgreSQL's identity sequences past them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from django.db import connection
from django.db.models import Field, Max, Model


def columns(model: type[Model], names: Sequence[str]) -> list[str]:
    out = []
    for n in names:
        field = model._meta.get_field(n)
        assert isinstance(field, Field) and field.column
        out.append(field.column)
    return out


def next_id(model: type[Model]) -> int:
    return (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def _sqlite_value(v):
    if isinstance(v, datetime):
        return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(v, date):
        return v.isoformat()
    return v


def insert(table: str, cols: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in `cols` order) into `table`; returns the count."""
    n = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f'COPY "{table}" ({", ".join(cols)}) FROM STDIN'  # noqa: S608 - names come from model meta
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
        else:
            sql = (
                f'INSERT INTO "{table}" ({", ".join(cols)}) '  # noqa: S608 - names come from model meta
                f"VALUES ({', '.join(['%s'] * len(cols))})"
            )
            batch: list[tuple] = []
            for row in rows:
                batch.append(tuple(_sqlite_value(v) for v in row))
                if len(batch) >= 5000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                n += len(batch)
    return n


def reset_sequences(models: Sequence[type[Model]]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            pk = model._meta.pk.column
            cursor.execute(
                f'SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({pk}), 1)) FROM "{table}"',  # noqa: S608
                [table, pk],
            )


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL would otherwise
    guess ~700 history rows per task until autovacuum runs)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
