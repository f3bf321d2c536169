"""Compile a query once, run it with other values.

Django takes tens of milliseconds to compile the classification queries (a CASE over
correlated subqueries, several times nested) — a third of a national ranking's time on
top of the database's own. Their SQL differs between calls only in a few values (dates,
paths, keys). `run_compiled` builds the queryset once per key with *sentinel* values — unique
placeholders of the right type that no real value or constant equals — finds which
parameters of the compiled SQL carry each sentinel (as given, or as the backend adapted
it), and from then on runs that SQL with the real values put in those places.

A builder must give the same SQL shape for any values: decide between shapes (with or
without timeliness, a scope) in the key, never from a value inside the builder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet

# The database the request reads: a page served from a replica counts on the replica.
from steerco.lib.replicas import read_connection as connection

Adapter = Callable[[Any], Any]
# Keys include a scope (a directive family, a field): bounded, oldest compiled dropped
# first, so a worker that serves many scopes keeps a steady size.
MAX_COMPILED = 256
_compiled: dict[tuple, tuple[str, list[Any], list[tuple[str, Adapter] | None]]] = {}
_lock = threading.Lock()


def sentinel(name: str, i: int, value: Any) -> Any:
    """The `i`-th placeholder for a value like `value`: one no real value or constant equals
    (also the key `lib.rows` compiles its row reads with)."""
    if isinstance(value, datetime):
        return datetime(1001, 1, 1, tzinfo=UTC) + timedelta(days=i, seconds=i + 1)
    if isinstance(value, date):
        return date(1001, 1, 1) + timedelta(days=40 * i + 7)
    if isinstance(value, str):
        return f"\x02{name}\x03"
    if isinstance(value, int) and not isinstance(value, bool):
        # A key no row has, within 32 bits (PostgreSQL's integer columns check the range).
        return -1_739_211_800 - i
    raise TypeError(f"run_compiled: {name} must be a date, a datetime, a text or an integer")


def _forms(value: Any) -> list[Adapter]:
    """The ways a value may appear among the compiled parameters."""
    ops = connection.ops
    if isinstance(value, datetime):
        return [lambda v: v, ops.adapt_datetimefield_value, lambda v: v.isoformat()]
    if isinstance(value, date):
        return [lambda v: v, ops.adapt_datefield_value, lambda v: v.isoformat()]
    return [lambda v: v]


def run_compiled(
    key: Hashable, build: Callable[..., QuerySet], values: dict[str, Any]
) -> list[tuple]:
    """Rows of `build(**values)` (a values_list queryset), compiled once per `key`."""
    sql, bound = compiled_sql(key, build, values)
    with connection.cursor() as cursor:
        cursor.execute(sql, bound)
        return cursor.fetchall()


def compiled_sql(
    key: Hashable, build: Callable[..., QuerySet], values: dict[str, Any]
) -> tuple[str, list[Any]]:
    """The SQL of `build(**values)` and its parameters, compiled once per `key`: to run
    as it is or to nest in a statement of one's own."""
    full_key = (key, connection.vendor, connection.alias, tuple(values))
    entry = _compiled.get(full_key)
    if entry is None:
        sentinels = {name: sentinel(name, i, v) for i, (name, v) in enumerate(values.items())}
        sql, compiled_params = build(**sentinels).query.sql_with_params()
        params = list(compiled_params)
        places: dict[Any, tuple[str, Adapter]] = {}
        for name, s in sentinels.items():
            for adapt in _forms(s):
                places.setdefault(adapt(s), (name, adapt))
        slots = [places.get(p) if isinstance(p, Hashable) else None for p in params]
        placed = {slot[0] for slot in slots if slot is not None}
        missing = [name for name in values if name not in placed]
        if missing:
            raise ValueError(
                f"run_compiled({key!r}): {', '.join(missing)} not found among the compiled "
                "parameters as given or as the backend adapts it (a LIKE pattern, say); "
                "compare with plain lookups (gte, lt, exact) or pass the derived value"
            )
        entry = (sql, params, slots)
        with _lock:  # threaded workers: one evicts at a time
            while len(_compiled) >= MAX_COMPILED:
                del _compiled[next(iter(_compiled))]
            _compiled[full_key] = entry
    sql, params, slots = entry
    bound = [
        p if slot is None else slot[1](values[slot[0]])
        for p, slot in zip(params, slots, strict=True)
    ]
    return sql, bound
