"""Two identical requests with one Idempotency-Key at the same moment write once: the
second waits for the first's lock on the task, finds the key taken as it records its own,
rolls its write back and answers the first's result (PostgreSQL; SQLite runs one writer
at a time)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from steerco.api.models import IdempotencyKey
from steerco.api.v1 import progress
from steerco.progress.models import ProgressUpdate
from tests.factories import make_directive, make_task

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers (BEGIN IMMEDIATE)"
    ),
]


def test_the_same_key_sent_twice_at_once_writes_one_update(tree, people, monkeypatch):
    task = make_task(make_directive(tree.tuyen_quang), tree.tq_skhcn, due_on=None)
    body = json.dumps(
        {"task": task.pk, "reported_on": timezone.localdate().isoformat(), "state": "in_progress"}
    )
    first_inside = threading.Event()
    recorded = progress.progress_report

    def slow_first(**kwargs: Any) -> Any:
        update = recorded(**kwargs)
        if threading.current_thread().name == "first":
            first_inside.set()
            time.sleep(0.5)  # holding the task's lock, its key not yet recorded
        return update

    monkeypatch.setattr(progress, "progress_report", slow_first)
    answers: dict[str, Any] = {}

    def send(name: str) -> None:
        try:
            client = Client()
            client.force_login(people.tq_dept_reporter)
            answers[name] = client.post(
                "/api/v1/progress-updates",
                body,
                content_type="application/json",
                headers={"Idempotency-Key": "same"},
            )
        finally:
            connections.close_all()

    first = threading.Thread(target=send, args=("first",), name="first")
    first.start()
    assert first_inside.wait(10)
    second = threading.Thread(target=send, args=("second",), name="second")
    second.start()
    first.join(10)
    second.join(10)
    assert answers["first"].status_code == answers["second"].status_code == 201
    assert answers["second"].json() == answers["first"].json()
    assert answers["second"]["Idempotent-Replayed"] == "true"
    assert ProgressUpdate.objects.filter(task=task).count() == 1
    assert IdempotencyKey.objects.count() == 1
