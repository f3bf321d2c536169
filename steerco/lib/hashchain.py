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
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

# The "previous hash" of a chain's first row.
GENESIS = "0" * 64


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"cannot hash a {type(value).__name__}")


def canonical(values: Mapping[str, object]) -> bytes:
    """One byte string for a row's values, the same whatever order the fields came in."""
    return json.dumps(
        values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    ).encode()


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
