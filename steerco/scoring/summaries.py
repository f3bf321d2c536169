"""The present's counts from per-unit summaries (issue 20, item 2): a ranking or a subtree's
figures as of today are sums over summary rows, not a classification of every task.

The tables (`models.py`):

- `UnitSummary`: per lead unit, its tasks in each class and each reporting status, as of
  the summaries' day (`SummaryDay`) — what a count of every directive and field sums;
- `ClassSummary`: per (lead unit, directive, field, class, reporting status) the number
  of tasks, as of the same day — for a scope of directives or a field;
- `CountedTask`: per task the key it is counted under there;
- `PendingTask`: the tasks changed since — kept by a trigger on the task table in the
  transaction of each change (`pending.py`), so nothing that writes a task, through the
  services or not, can leave the summaries behind.

A read (`summary_reads.py`) is one statement (one snapshot of the database): the summary rows, less the
counted keys of the pending tasks, plus the pending tasks classified afresh by the same
query the live counts use (`classify_tasks`, `reporting_expression`). It is exact at
every moment, whatever is pending; folding (`fold`) only keeps the pending set small.
The classification and reporting status of a task change without a write only when the
day changes (a deadline passes, a month closes), so the summaries are rebuilt for each
new day (`bring_up_to`): from cron just after midnight, or by the first read of the day.
The summaries answer for their day only (today, or the day a benchmark's dataset stands
on): a past day that is not a closed cut-off classifies from the history, as before.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from steerco.directives.models import Task
from steerco.lib.compiled import compiled_sql
from steerco.lib.planner import hash_groups
from steerco.lib.writes import write_turn
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks

from .models import PendingSeen, PendingTask, SummaryDay
from .timeliness import LATE, MISSING, ON_TIME, reporting_expression, reporting_window

KEY = "unit_id, directive_id, field, task_class, status"
SUMMARY = "scoring_classsummary"
UNITS = "scoring_unitsummary"
COUNTED = "scoring_countedtask"
PENDING = "scoring_pendingtask"
SEEN = "scoring_pendingseen"

# A unit summary's columns, each what a counted or classified row adds to it.
CLASS_COLUMNS = tuple(c.value for c in TaskClass)
STATUS_COLUMNS = {"reported_on_time": ON_TIME, "reported_late": LATE, "report_missing": MISSING}
WIDE = (*CLASS_COLUMNS, *STATUS_COLUMNS)


def wide_cases(class_column: str = "task_class", status_column: str = "status") -> list[str]:
    """The unit-summary columns of one counted or classified row, as SQL: 1 where it
    belongs, else 0 (a status that is NULL belongs nowhere)."""
    cases = [f"CASE WHEN {class_column} = '{c}' THEN 1 ELSE 0 END" for c in CLASS_COLUMNS]
    cases += [
        f"CASE WHEN {status_column} = '{v}' THEN 1 ELSE 0 END" for v in STATUS_COLUMNS.values()
    ]
    return cases


def _wide_sums(sign: int = 1) -> str:
    return ", ".join(f"{int(sign)} * SUM({case})" for case in wide_cases())


def _classified(
    *,
    which: str,
    as_of: date,
    month_start: date,
    month_end: date,
    window_start: Any,
    window_end: Any,
    until: Any,
) -> QuerySet:
    """(task, lead unit, directive, field, class, status) of every task (`which` "all"),
    of the pending ones ("pending") or of those a fold is folding ("seen"), as of `as_of`."""
    tasks = Task.objects.all()
    if which == "pending":
        tasks = tasks.filter(pk__in=PendingTask.objects.values("task_id"))
    elif which == "seen":
        tasks = tasks.filter(pk__in=PendingSeen.objects.values("task_id"))
    status = reporting_expression(
        month_start=month_start,
        month_end=month_end,
        window_start=window_start,
        window_end=window_end,
        until=until,
    )
    return (
        classify_tasks(tasks, as_of)
        .annotate(
            status=status,
            k_task=F("pk"),
            k_unit=F("lead_unit_id"),
            k_directive=F("directive_id"),
            k_field=F("field"),
        )
        .values_list("k_task", "k_unit", "k_directive", "k_field", "task_class", "status")
    )


def classified_sql(which: str, day: date) -> tuple[str, list[Any]]:
    values = {"as_of": day, **reporting_window(day)}
    return compiled_sql(("summaries", which), partial(_classified, which=which), values)


def _count_into_counted(cursor: Any, which: str, day: date) -> None:
    sql, params = classified_sql(which, day)
    cursor.execute(
        f"INSERT INTO {COUNTED} (task_id, {KEY}) "  # noqa: S608 (names are constants)
        "SELECT k_task, k_unit, k_directive, k_field, task_class, COALESCE(status, '') "
        f"FROM ({sql}) k",
        params,
    )


def _add_to_summary(cursor: Any, sign: int) -> None:
    """Add (sign 1) or take out (-1) the counted keys of the tasks being folded, in both
    summaries."""
    cursor.execute(
        f"INSERT INTO {SUMMARY} ({KEY}, n) "  # noqa: S608
        f"SELECT {KEY}, {int(sign)} * COUNT(*) FROM {COUNTED} "
        f"WHERE task_id IN (SELECT task_id FROM {SEEN}) GROUP BY {KEY} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET n = {SUMMARY}.n + excluded.n"
    )
    added = ", ".join(f"{c} = {UNITS}.{c} + excluded.{c}" for c in WIDE)
    cursor.execute(
        f"INSERT INTO {UNITS} (unit_id, {', '.join(WIDE)}) "  # noqa: S608
        f"SELECT unit_id, {_wide_sums(sign)} FROM {COUNTED} "
        f"WHERE task_id IN (SELECT task_id FROM {SEEN}) GROUP BY unit_id "
        f"ON CONFLICT (unit_id) DO UPDATE SET {added}"
    )


def _see_pending(cursor: Any) -> int:
    """Take the pending tasks and their marks as they are now: what this fold folds."""
    cursor.execute(f"DELETE FROM {SEEN}")  # noqa: S608
    cursor.execute(f"INSERT INTO {SEEN} (task_id, mark) SELECT task_id, mark FROM {PENDING}")  # noqa: S608
    return cursor.rowcount


def _forget_seen(cursor: Any) -> None:
    """The folded tasks are no longer pending — unless a change came since they were seen
    (their mark moved): those stay, and the next fold counts them again."""
    cursor.execute(
        f"DELETE FROM {PENDING} WHERE EXISTS (SELECT 1 FROM {SEEN} s "  # noqa: S608
        f"WHERE s.task_id = {PENDING}.task_id AND s.mark = {PENDING}.mark)"
    )
    cursor.execute(f"DELETE FROM {SEEN}")  # noqa: S608


def _locked_state() -> SummaryDay:
    state = SummaryDay.objects.select_for_update().filter(pk=1).first()
    if state is None:
        SummaryDay.objects.get_or_create(pk=1)
        state = SummaryDay.objects.select_for_update().get(pk=1)
    return state


def rebuild(day: date) -> None:
    """Count every task afresh as of `day` (the daily step; also after a bulk load)."""
    with write_turn(), transaction.atomic(), connection.cursor() as cursor:
        state = _locked_state()
        _see_pending(cursor)
        cursor.execute(f"DELETE FROM {COUNTED}")  # noqa: S608
        with hash_groups():
            _count_into_counted(cursor, "all", day)
        cursor.execute(f"DELETE FROM {SUMMARY}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {SUMMARY} ({KEY}, n) "  # noqa: S608
            f"SELECT {KEY}, COUNT(*) FROM {COUNTED} GROUP BY {KEY}"
        )
        cursor.execute(f"DELETE FROM {UNITS}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {UNITS} (unit_id, {', '.join(WIDE)}) "  # noqa: S608
            f"SELECT unit_id, {_wide_sums()} FROM {COUNTED} GROUP BY unit_id"
        )
        _forget_seen(cursor)
        state.day = day
        state.save(update_fields=["day"])


def fold() -> int:
    """Fold the pending tasks into the summaries (cron, every few minutes): their old keys
    out, their classification as of the summaries' day in. Returns how many were folded."""
    with write_turn(), transaction.atomic(), connection.cursor() as cursor:
        state = _locked_state()
        if state.day is None:
            return 0
        folded = _see_pending(cursor)
        if not folded:
            return 0
        _add_to_summary(cursor, -1)
        cursor.execute(f"DELETE FROM {COUNTED} WHERE task_id IN (SELECT task_id FROM {SEEN})")  # noqa: S608
        _count_into_counted(cursor, "seen", state.day)
        _add_to_summary(cursor, 1)
        cursor.execute(f"DELETE FROM {SUMMARY} WHERE n = 0")  # noqa: S608
        cursor.execute(
            f"DELETE FROM {UNITS} WHERE {' AND '.join(f'{c} = 0' for c in WIDE)}"  # noqa: S608
        )
        _forget_seen(cursor)
        return folded


def summaries_day() -> date | None:
    return SummaryDay.objects.filter(pk=1).values_list("day", flat=True).first()


def bring_up_to(day: date) -> str:
    """The daily step, idempotent: rebuilt for `day` unless already counted as of it,
    else the pending tasks folded. Returns what it did ("rebuilt" or "folded N")."""
    if summaries_day() != day:
        with transaction.atomic():
            # Another process may have rebuilt meanwhile: decide under the lock.
            stale = _locked_state().day != day
            if stale:
                rebuild(day)
        if stale:
            return "rebuilt"
    return f"folded {fold()}"


def answer(as_of: date) -> bool:
    """Whether the summaries answer counts as of `as_of`: their day's (with the pending
    tasks classified as of it, they are exact for that day at any moment). A read as of
    today (in the site's time zone) brings them up to today first when the daily step has
    not; any other day classifies from the tasks and their history."""
    if not settings.STEERCO_SUMMARIES:
        return False
    day = summaries_day()
    if day != as_of and as_of == timezone.localdate():
        bring_up_to(as_of)
        day = as_of
    return day == as_of
