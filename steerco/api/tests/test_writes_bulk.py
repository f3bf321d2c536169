"""The bulk POST of progress updates writes what the same updates sent one by one would:
the same history rows, the same task cache, an unbroken hash chain — in a fixed number of
queries, whatever the number of items."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from steerco.directives.models import TASK_CACHE_FIELDS, Task
from steerco.lib.hashchain import chained_rows, first_break
from steerco.progress.models import HISTORY_ROW_FIELDS, ProgressUpdate
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: Any) -> Any:
    return client.post("/api/v1" + url, json.dumps(body), content_type="application/json")


def reporter(people: Any) -> Client:
    client = Client()
    client.force_login(people.tq_dept_reporter)
    return client


def plan(tree: Any, n: int, *, requires_acceptance: bool = False) -> list[Task]:
    today = timezone.localdate()
    directive = make_directive(tree.tuyen_quang, requires_acceptance=requires_acceptance)
    return [
        make_task(
            directive,
            tree.tq_skhcn,
            assigned_on=today - timedelta(days=60),
            due_on=today + timedelta(days=30 * (i % 3) - 20),
            reference=str(i),
        )
        for i in range(n)
    ]


def history(task: Task) -> list[tuple[Any, ...]]:
    fields = [f for f in HISTORY_ROW_FIELDS if f not in ("task", "recorded_at")]
    return list(ProgressUpdate.objects.filter(task=task).order_by("pk").values_list(*fields))


def cache(task: Task) -> dict[str, Any]:
    task.refresh_from_db()
    return {name: getattr(task, name) for name in TASK_CACHE_FIELDS if name != "last_report_at"}


def items_for(tasks: list[Task]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    out = []
    for i, task in enumerate(tasks):
        earlier = (today - timedelta(days=10)).isoformat()
        out.append({"task": task.pk, "reported_on": earlier, "state": "in_progress", "percent": 20})
        if i % 2 == 0:  # a second report on the task, after the first
            out.append({"task": task.pk, "reported_on": today.isoformat(), "state": "completed"})
        if i % 3 == 0:  # refused: before the task's latest update
            out.append({"task": task.pk, "reported_on": earlier, "percent": 10})
    return out


@pytest.mark.parametrize("requires_acceptance", [False, True])
def test_bulk_writes_what_one_by_one_writes(tree, people, requires_acceptance):
    bulk_tasks = plan(tree, 6, requires_acceptance=requires_acceptance)
    single_tasks = plan(tree, 6, requires_acceptance=requires_acceptance)
    client = reporter(people)
    bulk = post(client, "/progress-updates/bulk", {"items": items_for(bulk_tasks)}).json()
    singles = [post(client, "/progress-updates", item) for item in items_for(single_tasks)]
    assert [r["status"] for r in bulk["results"]] == [s.status_code for s in singles]
    assert bulk["refused"] == 1  # the report dated before the task's latest
    for a, b in zip(bulk_tasks, single_tasks, strict=True):
        assert history(a) == history(b)
        assert cache(a) == cache(b)
    assert first_break(chained_rows(ProgressUpdate)) is None


def test_a_refused_item_leaves_its_task_as_it_was(tree, people):
    (task,) = plan(tree, 1)
    before = cache(task)
    today = timezone.localdate().isoformat()
    refused = {"task": task.pk, "reported_on": today, "state": "completed", "percent": 50}
    body = post(reporter(people), "/progress-updates/bulk", {"items": [refused]}).json()
    assert body["results"][0]["problem"]["errors"][0]["field"] == "items[0].percent"
    assert cache(task) == before
    assert not ProgressUpdate.objects.filter(task=task).exists()


def test_an_items_key_twice_in_a_batch_records_once(tree, people):
    (task,) = plan(tree, 1)
    item = {"task": task.pk, "reported_on": timezone.localdate().isoformat(), "percent": 30}
    keyed = {**item, "state": "in_progress", "idempotency_key": "row-7"}
    body = post(reporter(people), "/progress-updates/bulk", {"items": [keyed, keyed]}).json()
    first, second = body["results"]
    assert (first["status"], second["status"]) == (201, 200)
    assert first["update"]["id"] == second["update"]["id"]
    assert ProgressUpdate.objects.filter(task=task).count() == 1


def test_an_items_key_used_for_another_task_is_refused(tree, people):
    one, other = plan(tree, 2)
    today = timezone.localdate().isoformat()
    client = reporter(people)
    first = {"task": one.pk, "reported_on": today, "state": "in_progress", "idempotency_key": "k"}
    post(client, "/progress-updates/bulk", {"items": [first]})
    body = post(client, "/progress-updates/bulk", {"items": [{**first, "task": other.pk}]}).json()
    assert body["results"][0]["problem"]["errors"][0]["field"] == "items[0].idempotency_key"
    assert not ProgressUpdate.objects.filter(task=other).exists()


@pytest.mark.parametrize("n", [10, 60])
def test_the_queries_do_not_grow_with_the_items(tree, people, n, django_assert_max_num_queries):
    tasks = plan(tree, n)
    today = timezone.localdate().isoformat()
    items = [{"task": t.pk, "reported_on": today, "state": "in_progress"} for t in tasks]
    client = reporter(people)
    with django_assert_max_num_queries(25):
        body = post(client, "/progress-updates/bulk", {"items": items}).json()
    assert body["recorded"] == n
