"""Classification of tasks as of a date — the same rule as `classification.py`,
as a database expression, so counts for thousands of units come from one query.

Each history row carries `counted_completed_on` (see `models.py`), so "completed
as of D, and since when" is the value on the task's last row on or before D.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from .classification import TaskClass
from .models import Extension, ExtensionStatus, ProgressUpdate


def counted_completion_as_of(as_of: date) -> Subquery:
    return Subquery(
        ProgressUpdate.objects.filter(task=OuterRef("pk"), reported_on__lte=as_of)
        .order_by("-reported_on", "-id")
        .values("counted_completed_on")[:1]
    )


def deadline_as_of(as_of: date) -> Coalesce:
    approved = (
        Extension.objects.filter(
            task=OuterRef("pk"), status=ExtensionStatus.APPROVED, decided_on__lte=as_of
        )
        .order_by("-decided_on", "-id")
        .values("new_due_on")[:1]
    )
    return Coalesce(Subquery(approved), F("original_due_on"))


def task_class_case(as_of: date) -> Case:
    """A CASE over the annotations `c_done` and `c_due` giving the TaskClass value."""
    done = Q(c_done__isnull=False)
    return Case(
        When(cancelled_on__lte=as_of, then=Value(TaskClass.CANCELLED.value)),
        When(recurring=True, then=Value(TaskClass.REGULAR.value)),
        When(done & Q(c_due__isnull=True), then=Value(TaskClass.DONE_ON_TIME.value)),
        When(done & Q(c_done__lte=F("c_due")), then=Value(TaskClass.DONE_ON_TIME.value)),
        When(done, then=Value(TaskClass.DONE_LATE.value)),
        When(c_due__isnull=True, then=Value(TaskClass.ON_TRACK.value)),
        When(c_due__gte=as_of, then=Value(TaskClass.ON_TRACK.value)),
        default=Value(TaskClass.OVERDUE.value),
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
