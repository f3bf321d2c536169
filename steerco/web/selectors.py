"""Reads behind the web pages. Each function answers one page (or one part of it)
in a fixed number of queries, whatever the size of the data. The task list's reads, which
the API shares, are in steerco/progress/selectors.py (imported here under their names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from steerco.directives.models import Directive, Task, TaskState
from steerco.directives.permissions import visible_tasks_q
from steerco.lib.periods import Period, PeriodKind, period_containing
from steerco.lib.references import reference_sort_key
from steerco.progress.actions import awaiting_acceptance_q
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.reporting import window_start

# The task list and the task page's reads, shared with the API.
from steerco.progress.selectors import (  # noqa: F401 (the pages' names for them)
    SORTS,
    KeyOrdered,
    ListCount,
    TaskFilters,
    paths_q,
    task_class_as_of,
    task_fields,
    task_history,
    task_list,
    task_list_count,
    task_relations,
    visible_directives,
)
from steerco.units.permissions import Action

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def visible_parent(*, user: User, task: Task) -> Task | None:
    """The task `task` was cascaded from, if the user may open it: a department's task
    may come from the province's, which its reporters do not see."""
    if task.parent_id is None:
        return None
    if not Task.objects.filter(pk=task.parent_id).filter(visible_tasks_q(user)).exists():
        return None
    return task.parent


def visible_subtasks(*, user: User, task: Task, as_of: date) -> list[Task]:
    return list(
        classify_tasks(task.subtasks.filter(visible_tasks_q(user)), as_of)
        .select_related("lead_unit", "directive")
        .order_by("lead_unit__path", "pk")
    )


# --- directive page -------------------------------------------------------


INLINE_CHILDREN = 10


@dataclass
class TaskNode:
    task: Task
    children: list[TaskNode]

    @property
    def inline(self) -> bool:
        """Few cascaded tasks are drawn in the tree; many are summarised by class."""
        return len(self.children) <= INLINE_CHILDREN

    def children_by_class(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for child in self.children:
            key = getattr(child.task, "task_class", "") or ""
            counts[key] = counts.get(key, 0) + 1
        return sorted(counts.items())


def directive_tree(*, user: User, directive: Directive, as_of: date) -> list[TaskNode]:
    """The directive's tasks the user may see, with their cascaded tasks (two levels down,
    whatever directive those belong to), each classified as of `as_of`. One query."""
    scope = (
        Q(directive=directive)
        | Q(parent__directive=directive)
        | Q(parent__parent__directive=directive)
    )
    tasks = sorted(
        classify_tasks(Task.objects.filter(scope).filter(visible_tasks_q(user)), as_of)
        .select_related("lead_unit", "directive")
        .order_by("lead_unit__path", "pk"),
        # References as numbers part by part (1, 1.1, 2, ... 10), then the lead unit.
        key=lambda t: reference_sort_key(t.reference),
    )
    nodes = {t.pk: TaskNode(t, []) for t in tasks}
    roots = []
    for t in tasks:
        parent = nodes.get(t.parent_id) if t.parent_id else None
        if parent is not None:
            parent.children.append(nodes[t.pk])
        else:
            roots.append(nodes[t.pk])
    return roots


# --- my work ---------------------------------------------------------------

MY_WORK_LIMIT = 50
DUE_SOON_DAYS = 14


@dataclass
class MyWork:
    overdue: list[Task]
    due_soon: list[Task]
    awaiting_acceptance: list[Task]
    recurring_due: list[Task]
    as_of: date
    period: Period
    # The reporter's list for the month: every open task the user may report on with no
    # report recorded in the current reporting month (Decree 09: due by its cut-off).
    to_report: list[Task] = field(default_factory=list)


def my_work(*, user: User, as_of: date) -> MyWork:
    """The user's tasks (led or coordinated within their units) needing attention."""
    mine = Task.objects.filter(
        Q(
            pk__in=Task.objects.filter(
                paths_q(user, ("lead_unit", "coordinating_units"), Action.VIEW)
            ).values("pk")
        )
    )
    # A completion waiting for acceptance is listed once, under "waiting for acceptance",
    # not also as overdue or due (its class stays what the classification says).
    classified = (
        classify_tasks(mine, as_of)
        .exclude(awaiting_acceptance_q())
        .select_related("lead_unit", "directive")
    )
    overdue = list(
        classified.filter(task_class=TaskClass.OVERDUE.value).order_by("c_due", "pk")[
            :MY_WORK_LIMIT
        ]
    )
    for task in overdue:
        task.days_late = (as_of - task.c_due).days
    due_soon = list(
        classified.filter(
            task_class=TaskClass.ON_TRACK.value,
            c_due__gte=as_of,
            c_due__lte=as_of + timedelta(days=DUE_SOON_DAYS),
        ).order_by("c_due", "pk")[:MY_WORK_LIMIT]
    )
    for task in due_soon:
        task.days_left = (task.c_due - as_of).days
    managed = paths_q(user, ("assigned_by",), Action.MANAGE)
    awaiting = list(
        Task.objects.filter(managed | Q(pk__in=mine.values("pk")))
        # Completions that count once accepted: the directive requires it, or the
        # completion was recorded late (the same predicate as the task page's).
        .filter(awaiting_acceptance_q())
        .select_related("lead_unit", "directive")
        .order_by("completed_on", "pk")[:MY_WORK_LIMIT]
    )
    current = period_containing(as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY)
    recurring_due = list(
        mine.filter(recurring=True, cancelled_on__isnull=True, assigned_on__lte=as_of)
        .filter(Q(last_reported_on__isnull=True) | Q(last_reported_on__lt=current.starts_on))
        .select_related("lead_unit", "directive")
        .order_by(F("last_reported_on").asc(nulls_first=True), "pk")[:MY_WORK_LIMIT]
    )
    to_report = list(
        Task.objects.filter(paths_q(user, ("lead_unit", "coordinating_units"), Action.REPORT))
        .filter(cancelled_on__isnull=True, assigned_on__lte=as_of)
        .exclude(state=TaskState.COMPLETED)  # open; an awaiting completion is listed there
        .filter(Q(last_report_at__isnull=True) | Q(last_report_at__lt=report_window_start(current)))
        .select_related("lead_unit", "directive")
        .distinct()
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:MY_WORK_LIMIT]
    )
    return MyWork(overdue, due_soon, awaiting, recurring_due, as_of, current, to_report)


def report_window_start(month: Period) -> datetime:
    """Local midnight at the start of a reporting month (`progress.reporting`'s window)."""
    return window_start(
        datetime.combine(month.starts_on, time(12), tzinfo=timezone.get_current_timezone()),
        settings.STEERCO_CUTOFF_DAY,
        timezone.get_current_timezone(),
    )
