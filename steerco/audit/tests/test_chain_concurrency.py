"""Two writers at once do not fork a day's chain: the second waits for the first's
transaction and links to its event (PostgreSQL; SQLite runs one writer at a time)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from steerco.audit.chain import chained_rows
from steerco.audit.models import AuditEvent
from steerco.audit.services import event_record
from steerco.lib.hashchain import first_break

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers (BEGIN IMMEDIATE)"
    ),
]


def _write(label: str, hold: float, started: threading.Event | None = None) -> None:
    try:
        with transaction.atomic():
            event_record(action="changed", object_type="t.t", object_id=1, object_label=label)
            if started is not None:
                started.set()
            time.sleep(hold)  # still inside the transaction that took the day's chain
    finally:
        connections.close_all()


def test_two_concurrent_writers_link_one_after_the_other():
    first_inside = threading.Event()
    first = threading.Thread(target=_write, args=("first", 0.5, first_inside))
    first.start()
    assert first_inside.wait(10)
    second = threading.Thread(target=_write, args=("second", 0))
    second.start()
    first.join(10)
    second.join(10)
    a, b = AuditEvent.objects.order_by("id")
    assert (a.object_label, b.object_label) == ("first", "second")
    assert b.previous_hash == a.row_hash
    assert first_break(chained_rows()) is None
