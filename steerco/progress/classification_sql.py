"""Classification of tasks as of a date — the same rule as `classification.py`,
as a database expression, so counts for thousands of units come from one query.

Each history row carries `counted_completed_on` (see `models.py`), so "completed
as of D, and since when" is the value on the task's last row on or before D.

Fast path: the task caches its latest row's `counted_completed_on` and the decision
date of the extension that set its deadline in force (`due_changed_on`). When D is
on or after its latest update (`last_reported_on`) and that decision, the cached
values are the values as of D. Those tasks — nearly all of them when D is recent —
are classified from their own columns, without a lookup in the history or the
extensions; the others take the lookups. Same answers, proven by the pure-vs-SQL
tests.
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from .classification import TaskClass
from .models import ExtensionDecision, ExtensionStatus, ProgressUpdate


def cached_completion(as_of: date) -> Q:
    """The task's cached completion is its completion as of `as_of`: no update after it
    (so its last row on or before `as_of` is its latest one, which the task caches)."""
    return Q(last_reported_on__isnull=True) | Q(last_reported_on__lte=as_of)


def cached_deadline(as_of: date) -> Q:
    """The task's cached deadline is the one in force on `as_of`: no extension approved
    after it."""
    return Q(due_changed_on__isnull=True) | Q(due_changed_on__lte=as_of)


def counted_completion_as_of(as_of: date) -> Case:
    history = Subquery(
        ProgressUpdate.objects.filter(task=OuterRef("pk"), reported_on__lte=as_of)
        .order_by("-reported_on", "-id")
        .values("counted_completed_on")[:1]
    )
    return Case(
        When(cached_completion(as_of), then=F("counted_completed_on")),
        default=history,
        output_field=DateField(),
    )


def deadline_as_of(as_of: date) -> Case:
    approved = (
        ExtensionDecision.objects.filter(
            task=OuterRef("pk"), status=ExtensionStatus.APPROVED, decided_on__lte=as_of
        )
        .order_by("-decided_on", "-extension_id")
        .values("extension__new_due_on")[:1]
    )
    return Case(
        When(cached_deadline(as_of), then=F("due_on")),
        default=Coalesce(Subquery(approved), F("original_due_on")),
        output_field=DateField(),
    )


def task_class_case(as_of: date) -> Case:
    """A CASE over the annotations `c_done` and `c_due` giving the TaskClass value.

    Each annotation is written into the SQL wherever it is named, so the CASE names
    each of them twice only (a missing deadline reads as "never due"): less SQL to
    compile and less to evaluate per task."""
    no_deadline = Value(date.max)
    not_due_yet = GreaterThanOrEqual(Coalesce(F("c_due"), no_deadline), Value(as_of))
    on_time = GreaterThanOrEqual(Coalesce(F("c_due"), no_deadline), F("c_done"))
    return Case(
        When(cancelled_on__lte=as_of, then=Value(TaskClass.CANCELLED.value)),
        When(recurring=True, then=Value(TaskClass.REGULAR.value)),
        When(
            c_done__isnull=True,
            then=Case(
                When(not_due_yet, then=Value(TaskClass.ON_TRACK.value)),
                default=Value(TaskClass.OVERDUE.value),
            ),
        ),
        When(on_time, then=Value(TaskClass.DONE_ON_TIME.value)),
        default=Value(TaskClass.DONE_LATE.value),
        output_field=CharField(),
    )


def classify_tasks(tasks: QuerySet, as_of: date) -> QuerySet:
    """`tasks` assigned by `as_of`, annotated with `c_due` (deadline in force),
    `c_done` (date the completion counts from) and `task_class`."""
    return (
        tasks.filter(assigned_on__lte=as_of)
        .annotate(c_done=counted_completion_as_of(as_of), c_due=deadline_as_of(as_of))
        .annotate(task_class=task_class_case(as_of))
    )
