"""Fast inserts of many rows keyed by field name: COPY on PostgreSQL, executemany on SQLite.

For the loaders that write in bulk what the services would have written one by one (the
demo, the benchmark's synthetic nation). A row is a mapping keyed by the model's field
names — the history's by `HISTORY_ROW_FIELDS`, the task's cache by `TASK_CACHE_FIELDS` —
never a positional tuple; the names must cover every column of the model but its primary
key, so that a column added to a model fails a load instead of going unfilled. Foreign
keys are given by the related row's id under the field's name (`"task": 12`). The one
exception is a generated identifier (a UUID field with a callable default, such as the
global ids of directives and tasks): left out of the names, each row gets a new one.

Rows may carry their own primary keys ("id" among the names), so that children can point
at their parents without a round trip; `reset_sequences` then moves PostgreSQL's
identity sequences past them.

A history model with a hash chain (`chain_key`, `steerco.lib.hashchain`) gets its
`previous_hash` and `row_hash` computed here, linked to the stored head of each chain:
the rows are not named with them, and each chain's rows come in the order of their
primary keys (the order they are given in, or of their "id").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import DateTimeField, Field, Max, Model, UUIDField

from steerco.lib import generations, hashchain

SQLITE_BATCH = 5000


def _fields(model: type[Model], names: Sequence[str]) -> list[tuple[Field, str]]:
    """The fields of `names` with their columns; every column but the key must be named."""
    fields = []
    for name in names:
        field = model._meta.get_field(name)
        assert isinstance(field, Field) and field.column, name
        fields.append((field, field.column))
    pk, named = model._meta.pk, {f for f, _ in fields}
    missing = [f.name for f in model._meta.concrete_fields if f is not pk and f not in named]
    if missing:
        raise ValueError(
            f"{model.__name__}: the rows leave out {', '.join(missing)}; name every column"
        )
    return fields


def insert(
    model: type[Model],
    names: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    new_chains: bool = False,
) -> int:
    """Insert `rows` (each keyed by exactly `names`) into `model`'s table; returns the count.
    `new_chains`: the rows' hash chains have no stored row yet (`sealed`)."""
    generated = _generated(model, names)
    if generated:
        rows = ({**row, **{f.name: new() for f, new in generated}} for row in rows)
        names = (*names, *(f.name for f, _ in generated))
    values = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    width = len(names)

    def tuples() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            if len(row) != width:
                raise _unnamed(model, names, row)
            yield values(row)

    return insert_rows(model, names, tuples(), new_chains=new_chains)


def insert_rows(
    model: type[Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    new_chains: bool = False,
) -> int:
    """`insert` of rows given as the values of `names`, in that order (for a caller that
    makes them so: a bulk import's 100,000s, not read by name three times over). `names`
    must still name every column but the key; generated identifiers are not made here."""
    names = tuple(names)
    width = len(names)
    if getattr(model, "chain_key", None):
        rows = sealed(model, names, rows, new_chains=new_chains)
        names = (*names, "previous_hash", "row_hash")
        width += 2
    fields = _fields(model, names)
    columns = ", ".join(connection.ops.quote_name(column) for _, column in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    n = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    if len(row) != width:
                        raise _width(model, names, row)
                    copy.write_row(row)
                    n += 1
            # psycopg's COPY passes Django's execute wrappers by: tell the figures' cache.
            generations.seen(copy_sql, connection)
            return n
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * width)})"  # noqa: S608 - names from the model, values bound
        # moments as Django stores them: naive, in UTC (the driver's adapter, which Django
        # registers, writes a date as Django does)
        moments = [i for i, (f, _) in enumerate(fields) if isinstance(f, DateTimeField)]
        batch: list[Sequence[Any]] = []
        for row in rows:
            if len(row) != width:
                raise _width(model, names, row)
            batch.append(_sqlite(row, moments) if moments else row)
            if len(batch) >= SQLITE_BATCH:
                cursor.executemany(sql, batch)
                n += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            n += len(batch)
    return n


def _width(model: type[Model], names: Sequence[str], row: Sequence[Any]) -> ValueError:
    return ValueError(
        f"{model.__name__}: a row holds {len(row)} values, not one per field of {names}"
    )


def _generated(model: type[Model], names: Sequence[str]) -> list[tuple[Field, Any]]:
    """The generated identifiers `names` leave out, each with a maker of new values as
    the database stores them."""
    out: list[tuple[Field, Any]] = []
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, UUIDField)
            and callable(field.default)
            and field.name not in names
            and field is not model._meta.pk
        ):
            out.append((field, _maker(field)))
    return out


def _maker(field: UUIDField) -> Any:
    return lambda: field.get_db_prep_value(field.default(), connection)


def sealed(
    model: type[Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    new_chains: bool = False,
) -> list[tuple[Any, ...]]:
    """The rows (the values of `names`, in that order) with their hash chain columns
    appended, each linked to the row before it in its chain (the stored head for the
    first). `new_chains`: every chain starts here (a generator's brand-new tasks), so the
    stored heads are not read — inside a loader's one long transaction PostgreSQL's
    statistics do not see the rows it has inserted, and it read the heads by scanning the
    whole table for each 500 chains (hours at ten times the nation)."""
    at = {model._meta.get_field(n).attname: i for i, n in enumerate(names)}  # type: ignore[union-attr]
    key = at[model.chain_key]  # type: ignore[attr-defined]
    given = list(rows)
    if not given:
        return []
    heads = {} if new_chains else hashchain.stored_heads(model, (row[key] for row in given))
    link, genesis = hashchain.linker(model, at), hashchain.GENESIS
    id_at = names.index("id") if "id" in names else None
    last_id: dict[object, Any] = {}
    out = []
    for row in given:
        chain = row[key]
        if id_at is not None:
            if chain in last_id and row[id_at] <= last_id[chain]:
                raise ValueError(f"{model.__name__}: chain {chain}'s rows are not in id order")
            last_id[chain] = row[id_at]
        previous = heads.get(chain, genesis)
        heads[chain] = row_hash = link(previous, row)
        out.append((*row, previous, row_hash))
    return out


def _sqlite(row: Sequence[Any], moments: list[int]) -> list[Any]:
    """Moments as Django's SQLite backend stores them: naive, in UTC."""
    out = list(row)
    for i in moments:
        v = out[i]
        if isinstance(v, datetime):
            if v.tzinfo is not UTC:  # already UTC (the common case): as it is
                v = v.astimezone(UTC)
            out[i] = v.replace(tzinfo=None).isoformat(" ")
    return out


def _unnamed(model: type[Model], names: Sequence[str], row: Mapping[str, Any]) -> ValueError:
    return ValueError(
        f"{model.__name__}: a row is keyed by {sorted(row)}, not by the fields {sorted(names)}"
    )


def next_id(model: type[Model]) -> int:
    return (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def reset_sequences(models: Sequence[type[Model]]) -> None:
    """Move PostgreSQL's identity sequences past the ids the rows carried."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            pk = model._meta.pk
            assert pk is not None
            cursor.execute(
                f'SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({pk.column}), 1)) FROM "{table}"',  # noqa: S608
                [table, pk.column],
            )


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL would otherwise
    guess ~700 history rows per task until autovacuum runs)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
