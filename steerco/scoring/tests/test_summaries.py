"""Today's counts come from per-unit summaries, and they are the tasks' own classification:
after anything the services allow, a day passing, a fold, or a write past the services."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from steerco.directives.services import DirectiveError, task_update
from steerco.progress.services import (
    ProgressError,
    completion_accept,
    completion_return,
    extension_decide,
    extension_request,
    progress_report,
    task_cancel,
)
from steerco.scoring import summaries
from steerco.scoring.models import PendingTask, SummaryDay
from steerco.scoring.scope import Scope
from steerco.scoring.selectors import class_counts, class_counts_by_peer
from steerco.scoring.summary_check import differences
from tests.factories import make_directive, make_task, small_tree

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
START = date(2026, 3, 10)
FIELDS = ("Chuyển đổi số", "Khoa học và công nghệ")


def moment(day: date) -> datetime:
    return datetime.combine(day, time(10), TZ)


@pytest.fixture
def world():
    tree = small_tree()
    directives = [
        make_directive(tree.tuyen_quang, requires_acceptance=True),
        make_directive(tree.cao_bang),
    ]
    leads = [tree.tq_skhcn, tree.lam_binh, tree.thuc_phan, tree.cao_bang]
    tasks = [
        make_task(
            directives[i % 2],
            lead,
            reference=f"{i}",
            due_on=START + timedelta(days=offset),
            assigned_on=date(2026, 1, 15),
            field=FIELDS[i % 2],
        )
        for i, (lead, offset) in enumerate(
            [(leads[0], -5), (leads[1], 3), (leads[2], 20), (leads[3], 0), (leads[0], 45)]
        )
    ]
    tasks.append(
        make_task(
            directives[0],
            leads[1],
            reference="R",
            recurring=True,
            cadence="month",
            assigned_on=date(2026, 1, 15),
        )
    )
    return tree, directives, leads, tasks


def _today() -> date:
    return timezone.localdate()


def _apply(op: dict, tree, directives, leads, tasks) -> None:
    """Ask the services for `op` as of today; a refusal writes nothing."""
    today = _today()
    task = tasks[op["task"] % len(tasks)]
    task.refresh_from_db()
    day = today - timedelta(days=op["back"])
    kind = op["op"]
    try:
        with transaction.atomic():
            if kind == "report":
                progress_report(
                    task=task,
                    reported_on=day,
                    state=op["state"],
                    percent=100 if op["state"] == "completed" else 40,
                    done="Đã triển khai",
                )
            elif kind == "accept":
                completion_accept(task=task, decided_on=today)
            elif kind == "return":
                completion_return(task=task, decided_on=today, reason="Chưa đủ hồ sơ")
            elif kind == "cancel":
                task_cancel(task=task, cancelled_on=today, reason="Trùng nhiệm vụ")
            elif kind == "extend":
                request = extension_request(
                    task=task,
                    requested_on=today,
                    new_due_on=today + timedelta(days=op["days"]),
                    reason="Chờ kinh phí",
                    late_reason="Kinh phí về chậm",
                )
                extension_decide(extension=request, approve=op["approve"], decided_on=today)
            elif kind == "create":
                tasks.append(
                    make_task(
                        directives[op["task"] % 2],
                        leads[op["task"] % len(leads)],
                        reference=f"N{len(tasks)}",
                        due_on=today + timedelta(days=op["days"] - 20),
                        assigned_on=today - timedelta(days=op["back"]),
                        field=FIELDS[op["days"] % 2],
                    )
                )
            elif kind == "edit":
                task_update(task=task, field=FIELDS[op["days"] % 2])
            elif kind == "move":  # the admin moves a task to another lead unit
                task.lead_unit = leads[op["days"] % len(leads)]
                task.save(update_fields=["lead_unit"])
            elif kind == "raw":  # a write past the services and the ORM
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE directives_task SET due_on = %s WHERE id = %s",
                        [today - timedelta(days=op["days"] - 20), task.pk],
                    )
    except (ProgressError, DirectiveError):
        pass


operations = st.fixed_dictionaries(
    {
        "op": st.sampled_from(
            [
                "report",
                "report",
                "accept",
                "return",
                "cancel",
                "extend",
                "create",
                "edit",
                "move",
                "raw",
                "day",
                "fold",
            ]
        ),
        "task": st.integers(0, 20),
        "state": st.sampled_from(["in_progress", "completed"]),
        "back": st.integers(0, 10),
        "days": st.integers(1, 40),
        "approve": st.booleans(),
    }
)


def _agree(directives) -> None:
    today = _today()
    assert summaries.answer(today)
    for scope in (
        Scope(),
        Scope(field=FIELDS[0]),
        Scope(directive_ids=frozenset({directives[1].pk})),
    ):
        assert differences(today, scope) == []


@hypothesis_settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(operations, min_size=1, max_size=12))
def test_the_summaries_are_every_tasks_classification_after_whatever_happens(world, ops) -> None:
    tree, directives, leads, tasks = world
    tasks = list(tasks)
    with time_machine.travel(moment(START), tick=False) as traveller, transaction.atomic():
        SummaryDay.objects.update_or_create(pk=1, defaults={"day": None})
        _agree(directives)
        for op in ops:
            if op["op"] == "day":
                traveller.shift(timedelta(days=op["days"]))
            elif op["op"] == "fold":
                summaries.fold()
                assert not PendingTask.objects.exists()
            else:
                _apply(op, tree, directives, leads, tasks)
            _agree(directives)
        transaction.set_rollback(True)


def test_todays_ranking_reads_the_summaries_not_the_tasks(world, settings) -> None:
    tree, directives, leads, tasks = world
    settings.STEERCO_FIGURES_CACHE = False
    peers = [tree.tuyen_quang, tree.cao_bang]
    with time_machine.travel(moment(START), tick=False):
        summaries.bring_up_to(START)
        with CaptureQueriesContext(connection) as queries:
            counts = class_counts_by_peer(peers=peers, as_of=START, scope=Scope())
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "scoring_unitsummary" in sql
        # Tuyên Quang leads tasks 0, 1, 4 and the recurring one; Cao Bằng 2 and 3.
        assert counts[tree.tuyen_quang.pk].overdue == 1
        assert counts[tree.tuyen_quang.pk].on_track == 2
        assert counts[tree.tuyen_quang.pk].regular == 1
        assert counts[tree.cao_bang.pk].on_track == 2


def test_a_deadline_passing_overnight_makes_a_task_overdue_without_a_write(world) -> None:
    tree, directives, leads, tasks = world
    with time_machine.travel(moment(START), tick=False) as traveller:
        summaries.bring_up_to(START)
        before = class_counts(unit=tree.cao_bang, as_of=START)
        assert (before.on_track, before.overdue) == (2, 0)
        traveller.shift(timedelta(days=1))  # task 3's deadline (START) has passed
        after = class_counts(unit=tree.cao_bang, as_of=_today())
        assert (after.on_track, after.overdue) == (1, 1)
        assert SummaryDay.objects.get().day == START + timedelta(days=1)


def test_a_change_counts_at_once_and_folding_it_in_changes_no_figure(world) -> None:
    tree, directives, leads, tasks = world
    with time_machine.travel(moment(START), tick=False):
        summaries.bring_up_to(START)
        assert not PendingTask.objects.exists()
        # Task 1 (Lâm Bình, due three days on) is reported completed today.
        progress_report(task=tasks[1], reported_on=START, state="completed", percent=100)
        assert PendingTask.objects.filter(task_id=tasks[1].pk).exists()
        pending = class_counts(unit=tree.lam_binh, as_of=START)
        assert (pending.on_track, pending.done_on_time) == (0, 1)
        assert summaries.fold() == 1
        assert not PendingTask.objects.exists()
        assert class_counts(unit=tree.lam_binh, as_of=START) == pending


def test_a_past_day_still_classifies_from_the_history(world) -> None:
    tree, directives, leads, tasks = world
    with time_machine.travel(moment(START), tick=False):
        summaries.bring_up_to(START)
        progress_report(task=tasks[1], reported_on=START, state="completed", percent=100)
        with CaptureQueriesContext(connection) as queries:
            past = class_counts(unit=tree.lam_binh, as_of=START - timedelta(days=1))
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "scoring_unitsummary" not in sql and "scoring_classsummary" not in sql
        assert (past.on_track, past.done_on_time) == (1, 0)


def test_the_daily_command_rebuilds_once_a_day_then_folds_and_checks(world, capsys) -> None:
    tree, directives, leads, tasks = world
    with time_machine.travel(moment(START), tick=False):
        call_command("summaries")
        assert "rebuilt" in capsys.readouterr().out
        progress_report(task=tasks[1], reported_on=START, state="in_progress", percent=10)
        call_command("summaries", "--check")
        out = capsys.readouterr().out
        assert "folded 1" in out and "agree" in out


def test_summaries_rebuilt_for_another_day_meanwhile_are_not_read_as_this_days(
    world, monkeypatch, settings
) -> None:
    tree, directives, leads, tasks = world
    settings.STEERCO_FIGURES_CACHE = False
    with time_machine.travel(moment(START), tick=False):
        yesterday = START - timedelta(days=1)
        # Assigned today: counted today, not yesterday.
        make_task(directives[1], tree.cao_bang, reference="T", assigned_on=START, due_on=START)
        live = class_counts(unit=tree.cao_bang, as_of=yesterday)
        assert live.on_track == 2
        summaries.bring_up_to(START)  # today's (task 3 due today: still on track)
        # The check said "yesterday's", then today's rebuild committed before the read.
        monkeypatch.setattr(summaries, "answer", lambda as_of: True)
        assert class_counts(unit=tree.cao_bang, as_of=yesterday) == live
        with CaptureQueriesContext(connection) as queries:
            class_counts_by_peer(peers=[tree.cao_bang], as_of=yesterday, scope=Scope())
        assert any("scoring_unitsummary" in q["sql"] for q in queries.captured_queries)
