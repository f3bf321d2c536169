"""The generator writes what the services would: derived fields on every update, the
task's cached state, and histories the pure classifier and the SQL agree on."""

import random
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from steerco.bench.generation import DATASET_TODAY, GenerationError, generate
from steerco.bench.models import Dataset
from steerco.directives.models import Task
from steerco.lib.hashchain import chained_rows, first_break
from steerco.progress.classification import (
    ApprovedExtension,
    Completion,
    HistoryEntry,
    TaskFacts,
    advance,
    classify,
    completion_recorded_late,
)
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import Extension, ExtensionDecision, ProgressUpdate
from steerco.progress.reporting import history_marks
from steerco.units.loading import load_vietnam_units

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

AS_OF = [date(2025, 3, 1), date(2025, 9, 30), date(2025, 12, 4), date(2026, 6, 14), DATASET_TODAY]


@pytest.fixture
def nation():
    load_vietnam_units()
    return generate("small", seed=7)


def _sample(n=400):
    ids = sorted(Task.objects.values_list("pk", flat=True))
    return random.Random(1).sample(ids, min(n, len(ids)))


def test_small_scale_builds_tasks_with_histories(nation):
    assert nation.tasks == Task.objects.count() > 1000
    assert nation.updates == ProgressUpdate.objects.count() > 5 * nation.tasks
    assert Dataset.objects.get().tasks == nation.tasks
    assert set(nation.states) >= {"completed", "in_progress", "cancelled"}


def test_every_update_carries_the_derived_fields_the_services_would_write(nation):
    sample = set(_sample())
    tasks = {t.pk: t for t in Task.objects.filter(pk__in=sample).select_related("directive")}
    rows = ProgressUpdate.objects.filter(task_id__in=sample).order_by(
        "task_id", "reported_on", "id"
    )
    by_task: dict[int, list[ProgressUpdate]] = {}
    for r in rows:
        by_task.setdefault(r.task_id, []).append(r)
    for pk, task in tasks.items():
        current, last = Completion(), None
        for r in by_task.get(pk, []):
            assert r.reported_on >= task.assigned_on
            assert last is None or r.reported_on >= last
            local_day = timezone.localdate(r.recorded_at)
            assert r.reported_on <= local_day and not r.backdated_by_manager
            assert (local_day - r.reported_on).days <= settings.STEERCO_REPORT_BACKDATE_DAYS
            assert r.needs_acceptance == (
                current.state != "completed"
                and completion_recorded_late(
                    r.kind,
                    r.state,
                    r.reported_on,
                    local_day,
                    settings.STEERCO_LATE_COMPLETION_DAYS,
                )
            )
            current = advance(
                current, HistoryEntry(r.reported_on, r.state, r.kind, r.needs_acceptance)
            )
            assert (r.state, r.completed_on, r.accepted_on) == (
                current.state,
                current.completed_on,
                current.accepted_on,
            )
            assert r.counted_completed_on == current.counted_on(task.directive.requires_acceptance)
            assert not (task.recurring and r.state == "completed")
            last = r.reported_on
        history = by_task.get(pk, [])
        assert task.last_reported_on == (history[-1].reported_on if history else None)
        if history:
            assert (task.state, task.percent) == (history[-1].state, history[-1].percent)
            assert (task.completed_on, task.accepted_on) == (
                current.completed_on,
                current.accepted_on,
            )
        approved = sorted(
            Extension.objects.filter(task=task).approved(),
            key=lambda e: (e.decided_on, e.pk),
            reverse=True,
        )
        assert task.due_on == (approved[0].new_due_on if approved else task.original_due_on)
        assert task.due_changed_on == (approved[0].decided_on if approved else None)
        assert task.counted_completed_on == (history[-1].counted_completed_on if history else None)
        reopened, marks = history_marks(
            (
                (HistoryEntry(r.reported_on, r.state, r.kind, r.needs_acceptance), r.recorded_at)
                for r in history
            ),
            settings.STEERCO_CUTOFF_DAY,
            timezone.get_current_timezone(),
        )
        assert task.reopened_on == reopened
        assert (task.last_report_at, task.report_window_start, task.report_before_window_at) == (
            marks.last_at,
            marks.window_start,
            marks.before_window_at,
        )


def test_pure_classifier_agrees_with_sql_on_generated_histories(nation):
    sample = _sample()
    tasks = {t.pk: t for t in Task.objects.filter(pk__in=sample).select_related("directive")}
    history: dict[int, list[HistoryEntry]] = {}
    for r in ProgressUpdate.objects.filter(task_id__in=sample).order_by(
        "task_id", "reported_on", "id"
    ):
        history.setdefault(r.task_id, []).append(
            HistoryEntry(r.reported_on, r.state, r.kind, r.needs_acceptance)
        )
    extensions: dict[int, list[ApprovedExtension]] = {}
    for e in Extension.objects.filter(task_id__in=sample).approved().order_by("id"):
        extensions.setdefault(e.task_id, []).append(ApprovedExtension(e.decided_on, e.new_due_on))
    checked = 0
    for as_of in AS_OF + [DATASET_TODAY - timedelta(days=k) for k in (1, 17, 100)]:
        sql = dict(
            classify_tasks(Task.objects.filter(pk__in=sample), as_of).values_list(
                "pk", "task_class"
            )
        )
        for pk, t in tasks.items():
            facts = TaskFacts(
                t.assigned_on,
                t.original_due_on,
                t.recurring,
                t.directive.requires_acceptance,
                t.cancelled_on,
            )
            pure = classify(facts, history.get(pk, []), extensions.get(pk, []), as_of)
            assert sql.get(pk) == (pure.value if pure else None), (pk, as_of)
            checked += 1
    assert checked == len(sample) * 8


def test_generating_into_a_database_with_tasks_is_refused(nation):
    with pytest.raises(GenerationError, match="already holds"):
        generate("small", seed=8)


def test_generating_into_a_database_without_tables_says_what_to_run(monkeypatch):
    from django.core.management import CommandError, call_command
    from django.db import connection

    monkeypatch.setattr(connection.introspection, "table_names", lambda *a, **k: [])
    with pytest.raises(CommandError, match="steerco migrate"):
        call_command("gen", "--scale", "small")


def test_every_generated_history_chain_verifies(nation):
    for model in (ProgressUpdate, Extension, ExtensionDecision):
        assert first_break(chained_rows(model)) is None, model.__name__
