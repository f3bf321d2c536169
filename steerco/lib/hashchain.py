"""Hash chains over history rows: each row's hash covers its own values and the hash of
the row before it in the same chain, so changing or removing a row breaks every link
after it, and a recorded chain head proves nothing was appended-then-removed since.

A chain is any ordered run of rows that share a key (a task's history, a day's audit
events). The values hashed are plain data — the row's fields as stored, read back from
the database — so a row's hash can be recomputed years later by `steerco audit verify`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache, partial
from typing import Any

from django.db import models
from django.db.models import FileField

from steerco.lib.compiled import run_compiled

# The "previous hash" of a chain's first row.
GENESIS = "0" * 64


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.tzinfo is not UTC:  # already UTC: as it is
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"cannot hash a {type(value).__name__}")


# One encoder, made once (json.dumps would make one per call): the same bytes.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
)


def canonical(values: Mapping[str, object]) -> bytes:
    """One byte string for a row's values, the same whatever order the fields came in."""
    return _ENCODER.encode(values).encode()


def link(previous: str, values: Mapping[str, object]) -> str:
    """The hash of a row whose chain ended at `previous` (GENESIS for the first row)."""
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical(values)).hexdigest()


@dataclass(frozen=True)
class ChainedRow:
    chain: Hashable  # the chain's key: a task id, a day
    row_id: object  # how the row is named in a message (its primary key)
    previous_hash: str  # as stored
    row_hash: str  # as stored
    values: Mapping[str, object]  # the hashed fields, as stored


@dataclass(frozen=True)
class Break:
    chain: Hashable
    row_id: object
    reason: str

    def __str__(self) -> str:
        return f"chain {self.chain}, row {self.row_id}: {self.reason}"


def first_break(rows: Iterable[ChainedRow]) -> Break | None:
    """Walk rows ordered by chain, then by position in the chain; name the first link that
    does not hold, or None when every chain is intact."""
    chain: Hashable = object()
    head = GENESIS
    for row in rows:
        if row.chain != chain:
            chain, head = row.chain, GENESIS
        if row.previous_hash != head:
            return Break(
                row.chain,
                row.row_id,
                "its previous hash does not match the row before it"
                " (a row before it was changed, removed or inserted)",
            )
        if link(head, row.values) != row.row_hash:
            return Break(row.chain, row.row_id, "its values do not match its hash (changed)")
        head = row.row_hash
    return None


def heads(rows: Iterable[ChainedRow]) -> dict[Hashable, str]:
    """The last stored hash of each chain (what a closed period records)."""
    out: dict[Hashable, str] = {}
    for row in rows:
        out[row.chain] = row.row_hash
    return out


# --- On models -------------------------------------------------------------------------
# A chained model declares `chain_key` (the attname its chains share, e.g. "task_id") and
# `chained_fields` (the attnames hashed), and has `previous_hash` and `row_hash` columns.
# Within a chain the rows are in the order of the primary key. The values hashed are what
# a read of the stored row gives (`stored_value`), so that writer and verifier agree.


def stored_value(field: Any, value: object) -> object:
    """A field's value as the database gives it back: a file as its name, anything else
    through the field's `to_python`."""
    if isinstance(field, FileField):
        return str(getattr(value, "name", value) or "")
    return field.to_python(value)


@cache
def _by_attname(model: Any) -> dict[str, Any]:
    return {f.attname: f for f in model._meta.concrete_fields}


# The types of value each of Django's own `to_python` gives back unchanged: a value of
# exactly one of them is hashed as it is, without the call (a bulk import seals 100,000s
# of rows). A field whose class has its own `to_python` is always converted.
_UNCHANGED: dict[Callable[..., object], frozenset[type]] = {
    models.CharField.to_python: frozenset({str, type(None)}),
    models.TextField.to_python: frozenset({str, type(None)}),
    models.IntegerField.to_python: frozenset({int, type(None)}),
    models.BooleanField.to_python: frozenset({bool}),
    models.DateField.to_python: frozenset({date, type(None)}),
    models.DateTimeField.to_python: frozenset({datetime, type(None)}),
}


def _unchanged(field: Any) -> frozenset[type]:
    target = field.target_field if field.is_relation else field
    return _UNCHANGED.get(type(target).to_python, frozenset())


@cache
def _converters(
    model: Any,
) -> tuple[tuple[str, Callable[[object], object], frozenset[type]], ...]:
    """(attname, its value as stored, the types of value stored as they are) for each
    hashed field of `model`."""
    fields = _by_attname(model)
    return tuple(
        (
            name,
            partial(stored_value, fields[name])
            if isinstance(fields[name], FileField)
            else fields[name].to_python,
            frozenset() if isinstance(fields[name], FileField) else _unchanged(fields[name]),
        )
        for name in model.chained_fields
    )


def row_values(model: Any, get: Callable[[str], object]) -> dict[str, object]:
    """The hashed values of a row of `model`, each read by `get(attname)`."""
    out: dict[str, object] = {}
    for name, convert, unchanged in _converters(model):
        value = get(name)
        out[name] = value if type(value) in unchanged else convert(value)
    return out


def _quoted_moment(value: datetime) -> str:
    return '"' + str(_plain(value)) + '"'


def _quoted_date(value: date) -> str:
    return '"' + value.isoformat() + '"'


# How the encoder writes a value of exactly these types (json's own C string encoder,
# `int.__repr__`, ...): `linker` writes them so, the rest through the encoder itself.
_WRITTEN: dict[type, Callable[[Any], str]] = {
    str: json.encoder.encode_basestring,
    int: int.__repr__,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
    date: _quoted_date,
    datetime: _quoted_moment,
}


def _written(value: object, convert: Callable[[object], object], unchanged: frozenset[type]) -> str:
    """A hashed value as the encoder writes it, converted as stored first."""
    if type(value) not in unchanged:
        value = convert(value)
    write = _WRITTEN.get(type(value))
    return write(value) if write else _ENCODER.encode(value)


# What `linker` writes, without a call, for a value of a type a field keeps unchanged.
_INLINE: dict[type, str] = {
    str: "enc(v)",
    int: "int_repr(v)",
    bool: '("true" if v else "false")',
    type(None): '"null"',
    date: "'\"' + v.isoformat() + '\"'",
    datetime: "'\"' + plain(v) + '\"'",
}


def linker(model: Any, key_of: Mapping[str, str | int]) -> Callable[[str, Any], str]:
    """`link(previous, row_values(...))` for rows that are mappings or sequences, each
    hashed field under the key or at the index `key_of[attname]` (a bulk insert's rows,
    the values of its fields in their order): the same
    hash, its canonical JSON written field by field in the keys' order by a function made
    for `model`'s fields (a bulk import seals 100,000s of rows; the encoder's call per
    row, its sorting and its callback per date were most of it, and a loop over the
    fields half of what was left). A value of a type its field keeps unchanged is
    written inline, any other converted and written as `link` writes it: the same bytes
    (tests/test_hashchain.py compares)."""
    env: dict[str, Any] = {
        "enc": json.encoder.encode_basestring,
        "int_repr": int.__repr__,
        "plain": _plain,
        "written": _written,
        "sha256": hashlib.sha256,
    }
    lines = ["def link_row(previous, row):"]
    pieces = []
    for i, (name, convert, unchanged) in enumerate(sorted(_converters(model))):
        env[f"c{i}"], env[f"u{i}"] = convert, unchanged
        lines.append(f"    v = row[{key_of[name]!r}]")
        test = "if"
        for kind in (t for t in _INLINE if t in unchanged):
            check = "v is None" if kind is type(None) else f"type(v) is {kind.__name__}"
            env[kind.__name__] = kind
            lines.append(f"    {test} {check}: p{i} = {_INLINE[kind]}")
            test = "elif"
        lines.append(
            f"    {'else' if test == 'elif' else 'if True'}: p{i} = written(v, c{i}, u{i})"
        )
        pieces += [repr(("{" if i == 0 else ",") + _ENCODER.encode(name) + ":"), f"p{i}"]
    lines.append(f"    text = ''.join(({', '.join(pieces)}, '}}'))")
    lines.append("    return sha256(previous.encode('ascii') + b'\\n' + text.encode()).hexdigest()")
    exec("\n".join(lines), env)  # noqa: S102 - code made here from the model's field names
    return env["link_row"]


def chained_models() -> list[Any]:
    """Every installed model that declares a chain."""
    from django.apps import apps

    return [m for m in apps.get_models() if getattr(m, "chain_key", None)]


def stored_head(model: Any, key: object) -> str:
    """The hash of the last row of `model`'s chain `key` (GENESIS before the first). Call
    it under the lock that keeps the chain's writers one at a time (the task's row)."""
    # Compiled once per model (every progress update asks it); the key is an id or a day.
    rows = run_compiled(
        ("chain head", model._meta.label),
        lambda key: (
            model._default_manager.filter(**{model.chain_key: key})
            .order_by("-pk")
            .values_list("row_hash")[:1]
        ),
        {"key": key},
    )
    return rows[0][0] if rows else GENESIS


def seal(instance: Any) -> None:
    """Set `previous_hash` and `row_hash` of a row about to be inserted through the ORM:
    linked to the stored head of its chain."""
    model = type(instance)
    instance.previous_hash = stored_head(model, getattr(instance, model.chain_key))
    instance.row_hash = link(
        instance.previous_hash, row_values(model, lambda n: getattr(instance, n))
    )


def seal_many(instances: Sequence[Any]) -> None:
    """Seal rows of one chained model about to be inserted together, given in the order
    they will be inserted (their primary keys' order): each linked to the row before it
    in its chain, a chain's first row to the stored head (one query per 500 chains, not
    one per row). Call it under the lock that keeps the chains' writers one at a time."""
    if not instances:
        return
    model = type(instances[0])
    key = model.chain_key
    heads = stored_heads(model, (getattr(i, key) for i in instances))
    for instance in instances:
        chain = getattr(instance, key)
        instance.previous_hash = heads.get(chain, GENESIS)
        instance.row_hash = heads[chain] = link(
            instance.previous_hash, row_values(model, partial(getattr, instance))
        )


def stored_heads(model: Any, keys: Iterable[object]) -> dict[object, str]:
    """The stored head of each chain of `keys` that has rows."""
    out: dict[object, str] = {}
    wanted = list(dict.fromkeys(keys))
    for i in range(0, len(wanted), 500):
        rows = (
            model._default_manager.filter(**{f"{model.chain_key}__in": wanted[i : i + 500]})
            .order_by(model.chain_key, "pk")
            .values_list(model.chain_key, "row_hash")
        )
        out.update(dict(rows))  # the last row of each chain wins
    return out


def chained_rows(model: Any) -> Iterator[ChainedRow]:
    """Every stored row of `model` as a ChainedRow, ordered by chain, then pk."""
    names = list(model.chained_fields)
    rows = (
        model._default_manager.order_by(model.chain_key, "pk")
        .values_list(model.chain_key, "pk", "previous_hash", "row_hash", *names)
        .iterator(chunk_size=5000)
    )
    fields = _by_attname(model)
    for key, pk, previous, row_hash, *values in rows:
        yield ChainedRow(
            key,
            pk,
            previous,
            row_hash,
            {n: stored_value(fields[n], v) for n, v in zip(names, values, strict=True)},
        )
