"""Reads behind the web pages. Each function answers one page (or one part of it)
in a fixed number of queries, whatever the size of the data. The task list's reads, which
the API shares, are in steerco/progress/selectors.py (imported here under their names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import F, Q, QuerySet, Value
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
from steerco.units.models import SEGMENT, Unit, path_upper_bound
from steerco.units.permissions import Action, granted_paths

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
    as_of: date
    period: Period
    # The reporter's list for the month: every open task the user may report on with no
    # report recorded in the current reporting month (Decree 09: due by its cut-off),
    # recurring tasks included.
    to_report: list[Task] = field(default_factory=list)


# Every task, as a condition that stays one when OR-ed (an empty Q() vanishes there).
EVERY_TASK = Q(pk__isnull=False)


@dataclass(frozen=True)
class UserUnits:
    """The units under the user's roles for an action (None: every unit) and the tasks
    led elsewhere that one of them coordinates."""

    units: list[int] | None
    coordinated: list[int] = field(default_factory=list)

    def tasks(self) -> Q:
        """Tasks led or coordinated by one of the units."""
        if self.units is None:
            return EVERY_TASK
        return Q(lead_unit__in=self.units) | Q(pk__in=self.coordinated)

    def assigned(self) -> Q:
        """Tasks assigned by one of the units."""
        return EVERY_TASK if self.units is None else Q(assigned_by__in=self.units)


def tasks_of_q(user: User, action: Action) -> Q:
    """See `user_units`."""
    return user_units(user, action).tasks()


def user_units(user: User, action: Action) -> UserUnits:
    """The units under the user's roles allowing `action`, so that the tasks they lead or
    coordinate (those of `paths_q(user, ("lead_unit", "coordinating_units"), action)`)
    are a filter on the tasks' own indexed columns: the lead unit among those units, or
    one of the few tasks led elsewhere that one of them coordinates. One query finds both
    lists; a filter on the coordinating units' paths would join
    every task of the country to the coordination table and read them all."""
    if getattr(user, "is_superuser", False):
        return UserUnits(None)
    paths = granted_paths(user, action)
    if not paths:
        return UserUnits([])
    under, led_under = Q(), Q()
    for path in paths:
        under |= Q(path__gte=path, path__lt=path_upper_bound(path))
        led_under |= Q(
            task__lead_unit__path__gte=path, task__lead_unit__path__lt=path_upper_bound(path)
        )
    if any(len(path) == SEGMENT for path in paths) and not Unit.objects.exclude(under).exists():
        # A role on the root covers every unit, so every task: a list of all the units
        # would only slow the lists down (SQLite probes each unit in each directive).
        return UserUnits(None)
    units = Unit.objects.filter(under).order_by()
    lead = units.values_list(Value("unit"), "pk")
    coordinated_elsewhere = (
        Task.coordinating_units.through.objects.filter(unit__in=units.values("pk"))
        .exclude(led_under)
        .order_by()
        .values_list(Value("task"), "task_id")
    )
    found: dict[str, set[int]] = {"unit": set(), "task": set()}
    for kind_of, pk in lead.union(coordinated_elsewhere, all=True):
        found[kind_of].add(pk)
    return UserUnits(sorted(found["unit"]), sorted(found["task"]))


def not_yet_counted_as_of(as_of: date) -> Q:
    """A necessary condition, on the task's own columns, for no completion counting as of
    `as_of` (`c_done` null): the cached completion is none, or an update came after
    `as_of` (classification_sql.cached_completion)."""
    return Q(counted_completed_on__isnull=True) | Q(last_reported_on__gt=as_of)


def deadline_may_be(as_of: date, **window: date | tuple[date, date]) -> Q:
    """A necessary condition for the deadline in force on `as_of` (`c_due`) to fall in
    `window` (due_on__lt=..., due_on__range=...): the cached deadline does, or an
    extension was decided after `as_of` (classification_sql.cached_deadline)."""
    return Q(**window) | Q(due_changed_on__gt=as_of)


def first_by_deadline(tasks: QuerySet[Task], as_of: date, **classified: object) -> list[Any]:
    """The first MY_WORK_LIMIT of `tasks` whose classification as of `as_of` matches
    `classified`, by deadline in force (`c_due`), with their lead unit and directive. The tasks are
    ranked on their own columns first and joined to their unit and directive after, on
    those few rows: PostgreSQL cannot estimate how many tasks a classification keeps and
    would otherwise join each candidate task to every unit and directive."""
    ranked = classify_tasks(tasks, as_of).filter(**classified).order_by("c_due", "pk")
    first = Task.objects.filter(pk__in=ranked.values("pk")[:MY_WORK_LIMIT])
    return list(
        classify_tasks(first, as_of)
        .select_related("lead_unit", "directive")
        .order_by("c_due", "pk")
    )


def my_work(*, user: User, as_of: date) -> MyWork:
    """The user's tasks (led or coordinated within their units) needing attention.

    Each list is narrowed on the tasks' own indexed columns (open, dated in its window)
    before the classification, which then runs on a few rows, not on every task the
    user sees; the narrowing conditions only ever keep more than the class asks."""
    viewed = user_units(user, Action.VIEW)
    seen = viewed.tasks()
    mine = Task.objects.filter(seen)
    # A completion waiting for acceptance is listed once, under "waiting for acceptance",
    # not also as overdue or due (its class stays what the classification says).
    dated = (
        mine.filter(recurring=False)
        .filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=as_of))
        .filter(not_yet_counted_as_of(as_of))
        .exclude(awaiting_acceptance_q())
    )
    overdue = first_by_deadline(
        dated.filter(deadline_may_be(as_of, due_on__lt=as_of)),
        as_of,
        task_class=TaskClass.OVERDUE.value,
    )
    for task in overdue:
        task.days_late = (as_of - task.c_due).days
    soon = (as_of, as_of + timedelta(days=DUE_SOON_DAYS))
    due_soon = first_by_deadline(
        dated.filter(deadline_may_be(as_of, due_on__range=soon)),
        as_of,
        task_class=TaskClass.ON_TRACK.value,
        c_due__range=soon,
    )
    for task in due_soon:
        task.days_left = (task.c_due - as_of).days
    managed = (
        viewed.assigned()
        if granted_paths(user, Action.MANAGE) == granted_paths(user, Action.VIEW)
        else paths_q(user, ("assigned_by",), Action.MANAGE)
    )
    # Completions that count once accepted: the directive requires it, or the completion
    # was recorded late (the same predicate as the task page's). Chosen on the tasks'
    # columns, then joined (a join first makes SQLite read every task by its lead unit).
    first_awaiting = (
        Task.objects.filter(managed | seen)
        .filter(awaiting_acceptance_q())
        .order_by("completed_on", "pk")
        .values("pk")[:MY_WORK_LIMIT]
    )
    awaiting = list(
        Task.objects.filter(pk__in=first_awaiting)
        .select_related("lead_unit", "directive")
        .order_by("completed_on", "pk")
    )
    current = period_containing(as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY)
    to_report = list(
        Task.objects.filter(
            seen
            if granted_paths(user, Action.REPORT) == granted_paths(user, Action.VIEW)
            else tasks_of_q(user, Action.REPORT)
        )
        .filter(cancelled_on__isnull=True, assigned_on__lte=as_of)
        .exclude(state=TaskState.COMPLETED)  # open; an awaiting completion is listed there
        .filter(Q(last_report_at__isnull=True) | Q(last_report_at__lt=report_window_start(current)))
        .select_related("lead_unit", "directive")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:MY_WORK_LIMIT]
    )
    return MyWork(overdue, due_soon, awaiting, as_of, current, to_report)


def report_window_start(month: Period) -> datetime:
    """Local midnight at the start of a reporting month (`progress.reporting`'s window)."""
    return window_start(
        datetime.combine(month.starts_on, time(12), tzinfo=timezone.get_current_timezone()),
        settings.STEERCO_CUTOFF_DAY,
        timezone.get_current_timezone(),
    )
