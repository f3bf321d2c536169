"""The audit events' hash chains: one per day (`AuditEvent.chain_key`), in the order of
the primary key, each row's hash covering `AuditEvent.chained_fields` and the hash of the
row before it (`steerco.lib.hashchain`).

A writer takes the day's chain under a lock (`chain_head`): on PostgreSQL a transaction
advisory lock per day, held until the transaction ends, so two concurrent writers cannot
both link to the same head; SQLite runs one writer at a time (BEGIN IMMEDIATE). The
values are hashed as the database gives them back (`hashed_values`), so `steerco audit
verify` recomputes the same hashes from the stored rows (`chained_rows`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db import connection

from steerco.lib.hashchain import GENESIS, ChainedRow

from .models import AuditEvent

# The first key of the two-key advisory lock: "audit" in a 32-bit integer, so the locks of
# the audit chain never meet another use of pg_advisory_xact_lock.
LOCK_NAMESPACE = 0x61756469


def _fields_by_attname() -> dict[str, Any]:
    return {f.attname: f for f in AuditEvent._meta.concrete_fields}


def plain_json(value: Any) -> Any:
    """A JSON value as the database gives it back (tuples become lists, keys strings)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def hashed_values(event: AuditEvent) -> dict[str, object]:
    """The chained fields of an event, each through its field's to_python (what a read of
    the stored row gives)."""
    fields = _fields_by_attname()
    out: dict[str, object] = {}
    for name in AuditEvent.chained_fields:
        value = getattr(event, name)
        field = fields[name]
        out[name] = plain_json(value) if name == "changes" else field.to_python(value)
    return out


def chain_head(day: date) -> str:
    """The hash of the day's latest event (GENESIS before the first), taken under the
    day's lock: call it inside the transaction that appends the next event."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, day.toordinal()]
            )
    last = (
        AuditEvent.objects.filter(day=day)
        .order_by("-id")
        .values_list("row_hash", flat=True)
        .first()
    )
    return last or GENESIS


def chained_rows() -> Iterator[ChainedRow]:
    """Every audit event as a `ChainedRow`, ordered by day, then id (for `audit verify`)."""
    for event in AuditEvent.objects.order_by("day", "id").iterator(chunk_size=2000):
        yield ChainedRow(
            chain=event.day,
            row_id=event.pk,
            previous_hash=event.previous_hash,
            row_hash=event.row_hash,
            values=hashed_values(event),
        )
