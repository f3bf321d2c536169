"""Reads behind the web pages. Each function answers one page (or one part of it)
in a fixed number of queries, whatever the size of the data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, overload

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from steerco.directives.models import Directive, Task, TaskState, search_words
from steerco.directives.permissions import visible_tasks_q
from steerco.lib.periods import Period, PeriodKind, period_containing
from steerco.lib.references import reference_sort_key
from steerco.progress.actions import awaiting_acceptance_q
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import ProgressUpdate
from steerco.progress.reporting import window_start
from steerco.units.models import Unit, path_upper_bound
from steerco.units.permissions import Action, granted_paths

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SORTS = {
    "deadline": ("c_due", "pk"),
    "-deadline": ("-c_due", "-pk"),
    "directive": ("directive__symbol", "reference", "pk"),
    "unit": ("lead_unit__path", "pk"),
    "class": ("task_class", "c_due", "pk"),
    "percent": ("percent", "pk"),
    "-percent": ("-percent", "-pk"),
    "updated": ("-last_reported_on", "-pk"),
}


@dataclass
class TaskFilters:
    directive: Directive | None = None
    unit: Unit | None = None
    task_class: str = ""
    due_from: date | None = None
    due_to: date | None = None
    field: str = ""
    not_five_clear: bool = False
    text: str = ""
    sort: str = "deadline"


def _relation_qs(user: User) -> dict[str, Q]:
    """How a task concerns the user's units, as filters: `leads` (its lead unit is under one
    of their roles: what the overview and the report count), `coordinates` (one of its
    coordinating units is), `assigns` (its assigning unit is)."""
    if getattr(user, "is_superuser", False):
        return {"leads": Q(), "coordinates": Q(pk__in=[]), "assigns": Q(pk__in=[])}
    units = _paths_q(user, ("unit",), Action.VIEW)
    coordinated = Task.coordinating_units.through.objects.filter(units).values("task_id")
    return {
        "leads": _paths_q(user, ("lead_unit",), Action.VIEW),
        "coordinates": Q(pk__in=coordinated),
        "assigns": _paths_q(user, ("assigned_by",), Action.VIEW),
    }


def task_relations(user: User) -> dict[str, Any]:
    """`_relation_qs` as boolean annotations, and `is_parent` (the task has sub-tasks);
    computed in the list's own query."""
    flags: dict[str, Any] = {
        name: ExpressionWrapper(q, output_field=BooleanField()) if q else Value(True)
        for name, q in _relation_qs(user).items()
    }
    flags["is_parent"] = Exists(Task.objects.filter(parent=OuterRef("pk")))
    return flags


def task_list(*, user: User, filters: TaskFilters, as_of: date) -> Sequence[Any]:
    """The tasks the user may see, filtered, classified as of `as_of`, sorted — cancelled
    tasks only when the class filter asks for them (they are out of every count, as on the
    overview and in the report), each annotated with `task_relations`. Sorted by directive,
    references read as numbers part by part (`reference_sort_key`)."""
    classified = _classified(user=user, filters=filters, as_of=as_of)
    if not filters.task_class:
        classified = classified.exclude(task_class=TaskClass.CANCELLED.value)
    classified = classified.select_related("directive", "lead_unit").annotate(
        **task_relations(user)
    )
    if filters.sort == "directive":
        return KeyOrdered(
            classified,
            ("directive__symbol", "reference"),
            lambda symbol, reference: (symbol, reference_sort_key(reference)),
        )
    order = SORTS.get(filters.sort, SORTS["deadline"])
    order_exprs = [
        F(o[1:]).desc(nulls_last=True) if o.startswith("-") else F(o).asc(nulls_last=True)
        for o in order
    ]
    return classified.order_by(*order_exprs)


def _classified(*, user: User, filters: TaskFilters, as_of: date) -> QuerySet[Any]:
    tasks = Task.objects.filter(visible_tasks_q(user))
    if filters.directive is not None:
        tasks = tasks.filter(directive=filters.directive)
    if filters.unit is not None:
        tasks = tasks.in_subtree(filters.unit)
    if filters.field:
        tasks = tasks.filter(field=filters.field)
    if filters.not_five_clear:
        tasks = tasks.not_five_clear()
    if filters.text:
        # Case and diacritics ignored ("cap quang" finds "cáp quang"), every word anywhere
        # in the reference, content, person or product: Task.search_text, folded.
        for word in search_words(filters.text):
            tasks = tasks.filter(search_text__contains=word)
    classified: QuerySet[Any] = classify_tasks(tasks, as_of)
    if filters.task_class:
        classified = classified.filter(**{"task_class": filters.task_class})
    if filters.due_from:
        classified = classified.filter(**{"c_due__gte": filters.due_from})
    if filters.due_to:
        classified = classified.filter(**{"c_due__lte": filters.due_to})
    return classified


@dataclass
class ListCount:
    """What the task list's count line says it counts."""

    total: int  # the rows listed
    leads: int  # of them, led by a unit under the user's roles
    coordinates: int  # coordinated (not led) by one
    assigns: int  # only assigned by one (neither led nor coordinated)
    cancelled: int  # left out (0 when the class filter is set)


def task_list_count(*, user: User, filters: TaskFilters, as_of: date) -> ListCount:
    """The task list's count and what it is made of, in one query."""
    rel = _relation_qs(user)
    rows = _classified(user=user, filters=filters, as_of=as_of).order_by()
    listed = Q() if filters.task_class else ~Q(task_class=TaskClass.CANCELLED.value)
    figures = rows.aggregate(
        total=Count("pk", filter=listed),
        leads=Count("pk", filter=listed & rel["leads"]),
        coordinates=Count("pk", filter=listed & ~rel["leads"] & rel["coordinates"]),
        assigns=Count("pk", filter=listed & ~rel["leads"] & ~rel["coordinates"] & rel["assigns"]),
        cancelled=Count("pk", filter=~listed),
    )
    return ListCount(**{k: v or 0 for k, v in figures.items()})


class KeyOrdered(Sequence[Any]):
    """A queryset in an order SQL cannot give (references as numbers, `reference_sort_key`):
    the ordering columns of every row are read once and sorted here; a page then reads its
    own rows by primary key. Paginator and slices read it like a list."""

    def __init__(
        self, queryset: QuerySet[Any], columns: tuple[str, ...], key: Callable[..., Any]
    ) -> None:
        self._queryset, self._columns, self._key = queryset, columns, key
        self._pks: list[int] | None = None

    def _order(self) -> list[int]:
        if self._pks is None:
            rows = self._queryset.order_by().values_list("pk", *self._columns)
            ordered = sorted(rows, key=lambda row: (self._key(*row[1:]), row[0]))
            self._pks = [row[0] for row in ordered]
        return self._pks

    def count(self) -> int:  # type: ignore[override]
        return len(self._order())

    def __len__(self) -> int:
        return len(self._order())

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        pks = self._order()[index]
        rows = {t.pk: t for t in self._queryset.order_by().filter(pk__in=pks)}
        return [rows[pk] for pk in pks]


def task_fields(*, user: User) -> list[str]:
    return list(
        Task.objects.filter(visible_tasks_q(user))
        .exclude(field="")
        .order_by("field")
        .values_list("field", flat=True)
        .distinct()
    )


def visible_directives(*, user: User) -> list[Directive]:
    ids = Task.objects.filter(visible_tasks_q(user)).values("directive_id")
    return list(Directive.objects.filter(pk__in=ids).order_by("symbol", "pk"))


# --- the task page --------------------------------------------------------


def task_class_as_of(*, task: Task, as_of: date) -> str | None:
    row = (
        classify_tasks(Task.objects.filter(pk=task.pk), as_of).values("task_class", "c_due").first()
    )
    return row["task_class"] if row else None


def task_history(*, task: Task) -> QuerySet[ProgressUpdate]:
    return (
        task.updates.select_related("author", "unit")
        .prefetch_related("files")
        .order_by("-reported_on", "-id")
    )


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


def _paths_q(user: User, fields: tuple[str, ...], action: Action) -> Q:
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for path in granted_paths(user, action):
        upper = path_upper_bound(path)
        for f in fields:
            q |= Q(**{f"{f}__path__gte": path, f"{f}__path__lt": upper})
    return q


def my_work(*, user: User, as_of: date) -> MyWork:
    """The user's tasks (led or coordinated within their units) needing attention."""
    mine = Task.objects.filter(
        Q(
            pk__in=Task.objects.filter(
                _paths_q(user, ("lead_unit", "coordinating_units"), Action.VIEW)
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
    managed = _paths_q(user, ("assigned_by",), Action.MANAGE)
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
        Task.objects.filter(_paths_q(user, ("lead_unit", "coordinating_units"), Action.REPORT))
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
