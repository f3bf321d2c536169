"""Two reports on one task at once do not fork the task's hash chain: the second waits for
the first's lock on the task row and links to its update (PostgreSQL; SQLite runs one
writer at a time)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction

from steerco.lib.hashchain import chained_rows, first_break
from steerco.progress import services
from steerco.progress.models import ProgressUpdate
from tests.factories import make_directive, make_task

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers (BEGIN IMMEDIATE)"
    ),
]


def _report(task_id: int, percent: int, hold: float, started: threading.Event | None) -> None:
    from steerco.directives.models import Task

    try:
        with transaction.atomic():
            services.progress_report(
                task=Task.objects.get(pk=task_id),
                reported_on=date.today(),  # noqa: DTZ011 - the server's day, as the services
                state="in_progress",
                percent=percent,
            )
            if started is not None:
                started.set()
            time.sleep(hold)  # still holding the task's row lock
    finally:
        connections.close_all()


def test_two_concurrent_reports_on_one_task_link_one_after_the_other(tree):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn, due_on=None)
    first_inside = threading.Event()
    first = threading.Thread(target=_report, args=(task.pk, 30, 0.5, first_inside))
    first.start()
    assert first_inside.wait(10)
    second = threading.Thread(target=_report, args=(task.pk, 60, 0, None))
    second.start()
    first.join(10)
    second.join(10)
    a, b = ProgressUpdate.objects.order_by("id")
    assert (a.percent, b.percent) == (30, 60)
    assert b.previous_hash == a.row_hash
    assert first_break(chained_rows(ProgressUpdate)) is None
