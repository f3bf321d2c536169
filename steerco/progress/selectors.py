"""Reads of tasks shared by the web pages and the API (steerco/api): the task list with its
filters, sorts and count (the /tasks/ page, its export, GET /api/v1/tasks), the directives
and fields a user's tasks belong to, and a task's class and history. Each answers in a fixed
number of queries, whatever the size of the data; every one shows only the tasks the user
may see (`directives.permissions.visible_tasks_q`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, overload

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

from steerco.directives.models import Directive, Task, search_words
from steerco.directives.permissions import visible_tasks_q
from steerco.lib.references import reference_sort_key
from steerco.units.models import Unit, path_upper_bound
from steerco.units.permissions import Action, granted_paths

from .classification_sql import classify_tasks
from .models import ProgressUpdate

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
    units = paths_q(user, ("unit",), Action.VIEW)
    coordinated = Task.coordinating_units.through.objects.filter(units).values("task_id")
    return {
        "leads": paths_q(user, ("lead_unit",), Action.VIEW),
        "coordinates": Q(pk__in=coordinated),
        "assigns": paths_q(user, ("assigned_by",), Action.VIEW),
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


def listed_as_of(as_of: date) -> Q:
    """The tasks a list shows without a class filter: those not cancelled by `as_of`. The
    same as "class is not cancelled" (the class's first branch), written on the column so
    that the database estimates the rows it keeps (the CASE made PostgreSQL guess a few
    rows and pick nested loops: 39 -> 25 ms for a province's page sorted by deadline)."""
    return ~Q(cancelled_on__lte=as_of)


def task_list(
    *, user: User, filters: TaskFilters, as_of: date, parents: bool = True
) -> Sequence[Any]:
    """The tasks the user may see, filtered, classified as of `as_of`, sorted — cancelled
    tasks only when the class filter asks for them (they are out of every count, as on the
    overview and in the report), each annotated with `task_relations`. Sorted by directive,
    references read as numbers part by part (`reference_sort_key`).

    `parents=False` leaves `is_parent` out, for a reader that does not show it (the API):
    PostgreSQL answers it by hashing every task's parent (60 ms at national scale, whatever
    the page), where the rest of a page by id takes about 10."""
    classified = _classified(user=user, filters=filters, as_of=as_of)
    if not filters.task_class:
        classified = classified.filter(listed_as_of(as_of))
    relations = task_relations(user)
    if not parents:
        del relations["is_parent"]
    classified = classified.select_related("directive", "lead_unit").annotate(**relations)
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
    listed = Q() if filters.task_class else listed_as_of(as_of)
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


def paths_q(user: User, fields: tuple[str, ...], action: Action) -> Q:
    """Tasks whose `fields` (unit foreign keys) fall under one of the user's roles for
    `action`; everything for a superuser."""
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for path in granted_paths(user, action):
        upper = path_upper_bound(path)
        for f in fields:
            q |= Q(**{f"{f}__path__gte": path, f"{f}__path__lt": upper})
    return q
