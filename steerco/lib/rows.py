"""Rows read by primary key and rows inserted, without the ORM's compile on every call.

Posting an update reads its task twice (the access check with its directive and lead
unit, then the task again under its row lock) and each `Task.objects...get()` compiles
its SQL anew: on the write path the compile cost more CPU than the database's answer.
`get_row` compiles `model.objects.filter(pk=...).values_list(<every column>,
<every column of each related row>)` once per (model, related, lock, database) and from
then on runs that SQL with another key: the same SQL the ORM would send, the same
converters applied to the values, the same instances built (`Model.from_db`, the related
rows in the instance's cache as `select_related` puts them).

A related row that is absent (a null foreign key) is None, as with `select_related`.

`insert_row` inserts a new instance with one statement made once per model: what
`save(force_insert=True)` sends, without the save's signals — for models no receiver
listens to (the progress history: the audit trail does not record it, it is its own
record).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections, models

from .compiled import sentinel

M = TypeVar("M", bound=models.Model)

# A key no row has (the compiled queries' placeholder for an integer).
_SENTINEL_PK = sentinel("pk", 4, 0)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slot: int  # the place of the key among the parameters
    params: tuple[Any, ...]
    converters: dict[int, tuple[list[Any], Any]]
    # (model, field attnames, first column, last column + 1, cache name or None for the row)
    parts: tuple[tuple[type[models.Model], tuple[str, ...], int, int, str | None], ...]


_compiled: dict[tuple, _Compiled] = {}
_lock = threading.Lock()


def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def _compile(
    model: type[models.Model], related: Sequence[str], for_update: bool, alias: str
) -> _Compiled:
    names: list[str] = list(_attnames(model))
    parts: list[tuple[type[models.Model], tuple[str, ...], int, int, str | None]] = [
        (model, _attnames(model), 0, len(names), None)
    ]
    for name in related:
        field = model._meta.get_field(name)
        target = field.related_model
        assert isinstance(target, type) and issubclass(target, models.Model), name
        start = len(names)
        names += [f"{name}__{a}" for a in _attnames(target)]
        parts.append((target, _attnames(target), start, len(names), name))
    queryset = model._default_manager.using(alias).filter(pk=_SENTINEL_PK).values_list(*names)
    if for_update:
        connection = connections[alias]
        of = ("self",) if related and connection.features.has_select_for_update_of else ()
        queryset = queryset.select_for_update(of=of)
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    slots = [i for i, p in enumerate(params) if p == _SENTINEL_PK]
    if len(slots) != 1:
        raise ValueError(f"get_row: the key of {model.__name__} is not one parameter of {sql}")
    converters = compiler.get_converters([s[0] for s in compiler.select])
    return _Compiled(sql, slots[0], tuple(params), converters, tuple(parts))


def get_row(
    model: type[M],
    pk: int,
    *,
    related: Sequence[str] = (),
    for_update: bool = False,
    using: str | None = None,
) -> M | None:
    """The `model` row whose key is `pk` (None if there is none), with the rows of its
    foreign keys named in `related` cached on it as `select_related` does; `for_update`
    locks the row (not the related ones) where the database can, like
    `select_for_update()` — inside a transaction."""
    from django.db import router

    if using is not None:
        alias = using
    else:
        alias = router.db_for_write(model) if for_update else router.db_for_read(model)
    key = (model, tuple(related), for_update, alias)
    entry = _compiled.get(key)
    if entry is None:
        entry = _compile(model, related, for_update, alias)
        with _lock:
            _compiled[key] = entry
    params = list(entry.params)
    params[entry.slot] = pk
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(entry.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    if entry.converters:
        values = list(row)
        for pos, (convs, expression) in entry.converters.items():
            value = values[pos]
            for convert in convs:
                value = convert(value, expression, connection)
            values[pos] = value
        row = tuple(values)
    instance: Any = None
    for target, attnames, start, end, cache_name in entry.parts:
        values = row[start:end]
        if cache_name is None:
            instance = target.from_db(alias, list(attnames), values)
            continue
        pk_value = values[attnames.index(target._meta.pk.attname)]
        instance._state.fields_cache[cache_name] = (
            None if pk_value is None else target.from_db(alias, list(attnames), values)
        )
    return instance


@dataclass(frozen=True)
class _Insert:
    sql: str
    fields: tuple[models.Field, ...]
    returns: bool  # the statement returns the new key (else the cursor's lastrowid)


_inserts: dict[tuple, _Insert] = {}


def _compile_insert(model: type[models.Model], alias: str) -> _Insert:
    connection = connections[alias]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    fields = tuple(f for f in model._meta.concrete_fields if f is not pk)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(model._meta.db_table),
        ", ".join(quote(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    returns = bool(connection.features.can_return_columns_from_insert)
    if returns:
        sql += f" RETURNING {quote(str(pk.column))}"
    return _Insert(sql, fields, returns)


def insert_row(instance: models.Model, *, using: str | None = None) -> None:
    """Insert `instance` (new, its key given by the database) and set its key, as
    `save(force_insert=True)` would: its fields' pre_save (defaults, files, auto_now) and
    their conversion for the database, one INSERT. No signal is sent."""
    from django.db import router

    model = type(instance)
    alias = using or router.db_for_write(model, instance=instance)
    key = (model, alias)
    entry = _inserts.get(key)
    if entry is None:
        entry = _compile_insert(model, alias)
        with _lock:
            _inserts[key] = entry
    connection = connections[alias]
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in entry.fields]
    with connection.cursor() as cursor:
        cursor.execute(entry.sql, params)
        new_pk = cursor.fetchone()[0] if entry.returns else cursor.lastrowid
    instance.pk = new_pk
    instance._state.adding = False
    instance._state.db = alias
