"""Reads behind the web pages. Each function answers one page (or one part of it)
in a fixed number of queries, whatever the size of the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr

from steerco.directives.models import Directive, Task, TaskState
from steerco.lib.compiled import run_compiled
from steerco.lib.periods import Period, PeriodKind, last_closed_period, period_containing
from steerco.lib.planner import hash_groups
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks
from steerco.scoring.models import ReportingPeriod, SnapshotRow
from steerco.scoring.scope import Scope
from steerco.scoring.scorecard import ClassCounts
from steerco.scoring.selectors import class_counts_by_peer
from steerco.units.models import ROLE_LEVEL, SEGMENT, Role, Unit, path_upper_bound
from steerco.units.permissions import grants, visible_tasks_q

CLASS_ORDER = (
    TaskClass.DONE_ON_TIME,
    TaskClass.DONE_LATE,
    TaskClass.ON_TRACK,
    TaskClass.OVERDUE,
    TaskClass.REGULAR,
    TaskClass.CANCELLED,
)
TREND_POINTS = 6
MOST_OVERDUE = 10


def _counts_from_row(row: dict) -> ClassCounts:
    counts = ClassCounts()
    for cls in TaskClass:
        setattr(counts, cls.value, row.get(cls.value) or 0)
    return counts


def counts_by_class(classified: QuerySet, *group: str) -> dict[tuple, ClassCounts]:
    """Counts by class of classified tasks, grouped by `group` fields. Grouping by the
    class itself (rather than one filtered COUNT per class) keeps the SQL small: the
    class expression appears once."""
    result: dict[tuple, ClassCounts] = {}
    rows = classified.values(*group, "task_class").annotate(n=Count("pk")).order_by()
    for row in rows:
        key = tuple(row[g] for g in group)
        result.setdefault(key, ClassCounts()).add(row["task_class"], row["n"])
    return result


# --- dashboard -------------------------------------------------------------


@dataclass
class ChildRow:
    unit: Unit
    counts: ClassCounts


@dataclass
class DirectiveRow:
    directive_id: int
    symbol: str
    counts: ClassCounts


@dataclass
class TrendPoint:
    label: str
    ends_on: date
    green_rate: float | None
    total: int
    closed: bool


@dataclass
class Dashboard:
    unit: Unit
    as_of: date
    scope: Scope
    counts: ClassCounts
    ancestors: list[Unit]
    children: list[ChildRow]
    by_directive: list[DirectiveRow]
    trend: list[TrendPoint]
    most_overdue: list[Task]
    cutoff: Period = field(default=None)  # type: ignore[assignment]


def subtree_tasks(unit: Unit, scope: Scope) -> QuerySet[Task]:
    return Task.objects.in_subtree(unit).filter(scope.task_q())


def dashboard(*, unit: Unit, as_of: date, scope: Scope, lang: str = "vi") -> Dashboard:
    """Everything the overview page shows for `unit`'s subtree, in a fixed number of queries.

    Live figures come from one grouped query (by child unit, directive and class); a
    date that closed a reporting period answers from that period's frozen snapshot."""
    children = list(Unit.objects.filter(parent=unit).order_by("path"))
    by_path = {c.path: c.pk for c in children}
    counts, child_counts = ClassCounts(), {c.pk: ClassCounts() for c in children}
    by_directive: dict[tuple[int, str], ClassCounts] = {}
    for child_path, pk, symbol, task_class, n in _grouped_rows(unit, as_of, scope):
        counts.add(task_class, n)
        if child_path in by_path:
            child_counts[by_path[child_path]].add(task_class, n)
        by_directive.setdefault((pk, symbol), ClassCounts()).add(task_class, n)
    if _closed_period_on(as_of) is not None:
        counts = class_counts_by_peer([unit], as_of, scope)[unit.pk]
        child_counts = class_counts_by_peer(children, as_of, scope) if children else {}
    return Dashboard(
        unit=unit,
        as_of=as_of,
        scope=scope,
        counts=counts,
        ancestors=list(unit.ancestors()),
        children=[ChildRow(c, child_counts.get(c.pk, ClassCounts())) for c in children],
        by_directive=[
            DirectiveRow(pk, symbol, c)
            for (pk, symbol), c in sorted(by_directive.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        ],
        trend=green_rate_trend(unit, as_of, scope, lang=lang, known={as_of: counts}),
        most_overdue=most_overdue(unit, as_of, scope),
        cutoff=last_closed_period(as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY),
    )


def _grouped_rows(unit: Unit, as_of: date, scope: Scope) -> list[tuple]:
    """(child unit path, directive id, directive symbol, class, count) rows; tasks led by
    `unit` itself have its own path in the first place."""
    with hash_groups():
        return _run_template("grouped", unit, scope, as_of, _grouped_query)


def _between(low: str, high: str, scope: Scope) -> QuerySet[Task]:
    return Task.objects.filter(lead_unit__path__gte=low, lead_unit__path__lt=high).filter(
        scope.task_q()
    )


def _grouped_query(low: str, high: str, depth: int, scope: Scope, as_of: date) -> QuerySet:
    child = Substr("lead_unit__path", 1, depth + SEGMENT)
    return (
        classify_tasks(_between(low, high, scope), as_of)
        .annotate(child=child)
        .values_list("child", "directive_id", "directive__symbol", "task_class")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _closed_period_on(as_of: date) -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.filter(ends_on=as_of, closed_at__isnull=False)
        .order_by("pk")
        .first()
    )


def counts_by_directive(unit: Unit, as_of: date, scope: Scope) -> list[DirectiveRow]:
    grouped = counts_by_class(
        classify_tasks(subtree_tasks(unit, scope), as_of), "directive_id", "directive__symbol"
    )
    ordered = sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    return [DirectiveRow(pk, symbol, counts) for (pk, symbol), counts in ordered]


def trend_dates(as_of: date, points: int = TREND_POINTS) -> list[tuple[Period | None, date]]:
    """The cut-off dates of the last closed months, oldest first, then `as_of` itself."""
    period = last_closed_period(as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY)
    closed: list[tuple[Period | None, date]] = []
    for _ in range(points - 1):
        closed.append((period, period.ends_on))
        period = period.previous()
    return [*reversed(closed), (None, as_of)]


def green_rate_trend(
    unit: Unit,
    as_of: date,
    scope: Scope,
    *,
    lang: str = "vi",
    known: dict[date, ClassCounts] | None = None,
) -> list[TrendPoint]:
    """The green rate at each recent monthly cut-off: from the frozen snapshots where the
    periods were closed (one query for all of them), else classified live as of the
    cut-off (one query per day; the live query is compiled once and run with each date).
    `known` gives counts the caller already has (the dashboard's, as of `as_of`)."""
    known = known or {}
    dates = trend_dates(as_of)
    closed = {
        p.ends_on: p
        for p in ReportingPeriod.objects.filter(
            ends_on__in=[d for _p, d in dates], closed_at__isnull=False, kind=PeriodKind.MONTH.value
        )
    }
    frozen = _snapshot_counts_by_period(unit, scope, list(closed.values()))
    live = _live_counts_at(
        unit, scope, [d for _p, d in dates if d not in closed and d not in known]
    )
    points = []
    for period, day in dates:
        record = closed.get(day)
        if record is not None:
            counts = frozen.get(record.pk, ClassCounts())
        else:
            counts = known[day] if day in known else live[day]
        label = period.label(lang) if period else f"{day:%d/%m/%Y}"
        points.append(TrendPoint(label, day, counts.green_rate, counts.total, record is not None))
    return points


def _snapshot_counts_by_period(
    unit: Unit, scope: Scope, periods: list[ReportingPeriod]
) -> dict[int, ClassCounts]:
    if not periods:
        return {}
    rows = (
        SnapshotRow.objects.filter(
            period__in=periods, unit__path__gte=unit.path, unit__path__lt=unit.upper_path
        )
        .filter(scope.task_q())
        .values("period_id")
        .annotate(**{cls.value: Sum(cls.value) for cls in TaskClass})
        .order_by()
    )
    return {row["period_id"]: _counts_from_row(dict(row)) for row in rows}


def _live_counts_at(unit: Unit, scope: Scope, days: list[date]) -> dict[date, ClassCounts]:
    """Counts by class of the subtree as of each day (one query per day)."""
    result = {}
    for day in days:
        counts = ClassCounts()
        for task_class, n in _run_template("counts", unit, scope, day, _counts_query):
            counts.add(task_class, n)
        result[day] = counts
    return result


def _counts_query(low: str, high: str, depth: int, scope: Scope, as_of: date) -> QuerySet:
    return (
        classify_tasks(_between(low, high, scope), as_of)
        .values_list("task_class")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _run_template(kind: str, unit: Unit, scope: Scope, as_of: date, build) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Run one of the queries below for `unit`'s subtree as of `as_of`, compiled once per
    (kind, tree level, scope): compiling the classification costs the ORM more than the
    database takes to run it (steerco.lib.compiled)."""
    depth = len(unit.path)

    def make(*, low: str, high: str, as_of: date) -> QuerySet:
        return build(low, high, depth, scope, as_of)

    key = ("web", kind, depth, scope.directive_ids, scope.field)
    return run_compiled(key, make, {"low": unit.path, "high": unit.upper_path, "as_of": as_of})


def most_overdue(unit: Unit, as_of: date, scope: Scope, limit: int = MOST_OVERDUE) -> list[Task]:
    rows = _run_template("overdue", unit, scope, as_of, _overdue_query)[:limit]
    due = {pk: c_due for pk, c_due in rows}
    tasks = Task.objects.select_related("lead_unit__parent", "directive").in_bulk(list(due))
    result = []
    for pk, c_due in due.items():
        task: Any = tasks[pk]
        task.c_due = c_due if isinstance(c_due, date) else date.fromisoformat(c_due)
        task.task_class = TaskClass.OVERDUE.value
        task.days_late = (as_of - task.c_due).days
        result.append(task)
    return result


def _overdue_query(low: str, high: str, depth: int, scope: Scope, as_of: date) -> QuerySet:
    return (
        classify_tasks(_between(low, high, scope), as_of)
        .filter(task_class=TaskClass.OVERDUE.value)
        .values_list("pk", "c_due")
        .order_by("c_due", "pk")[:MOST_OVERDUE]
    )


# --- task list ------------------------------------------------------------

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


def task_list(user, filters: TaskFilters, as_of: date) -> QuerySet[Any]:  # type: ignore[no-untyped-def]
    """The tasks the user may see, filtered, classified as of `as_of`, sorted."""
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
        text = filters.text
        tasks = tasks.filter(
            Q(content__icontains=text)
            | Q(reference__icontains=text)
            | Q(responsible_person__icontains=text)
            | Q(expected_product__icontains=text)
        )
    classified: QuerySet[Any] = classify_tasks(tasks, as_of)
    if filters.task_class:
        classified = classified.filter(**{"task_class": filters.task_class})
    if filters.due_from:
        classified = classified.filter(**{"c_due__gte": filters.due_from})
    if filters.due_to:
        classified = classified.filter(**{"c_due__lte": filters.due_to})
    order = SORTS.get(filters.sort, SORTS["deadline"])
    order_exprs = [
        F(o[1:]).desc(nulls_last=True) if o.startswith("-") else F(o).asc(nulls_last=True)
        for o in order
    ]
    return classified.select_related("directive", "lead_unit").order_by(*order_exprs)


def task_fields(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Task.objects.filter(visible_tasks_q(user))
        .exclude(field="")
        .order_by("field")
        .values_list("field", flat=True)
        .distinct()
    )


def filter_units(user) -> list[Unit]:  # type: ignore[no-untyped-def]
    """Units offered in the lead-unit filter: each unit the user holds a role on, and its children."""
    paths = [p for p, _lvl in grants(user)]
    if getattr(user, "is_superuser", False):
        return list(Unit.objects.filter(depth__lte=2).order_by("path"))
    if not paths:
        return []
    q = Q(path__in=paths)
    for p in paths:
        q |= Q(parent__path=p)
    return list(Unit.objects.filter(q).order_by("path"))


def visible_directives(user) -> list[Directive]:  # type: ignore[no-untyped-def]
    ids = Task.objects.filter(visible_tasks_q(user)).values("directive_id")
    return list(Directive.objects.filter(pk__in=ids).order_by("symbol", "pk"))


# --- the task page --------------------------------------------------------


def task_class_as_of(task: Task, as_of: date) -> str | None:
    row = (
        classify_tasks(Task.objects.filter(pk=task.pk), as_of).values("task_class", "c_due").first()
    )
    return row["task_class"] if row else None


def task_history(task: Task):  # type: ignore[no-untyped-def]
    return (
        task.updates.select_related("author", "unit")
        .prefetch_related("files")
        .order_by("-reported_on", "-id")
    )


def visible_subtasks(user, task: Task, as_of: date) -> list[Task]:  # type: ignore[no-untyped-def]
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


def directive_tree(user, directive: Directive, as_of: date) -> list[TaskNode]:  # type: ignore[no-untyped-def]
    """The directive's tasks the user may see, with their cascaded tasks (two levels down,
    whatever directive those belong to), each classified as of `as_of`. One query."""
    scope = (
        Q(directive=directive)
        | Q(parent__directive=directive)
        | Q(parent__parent__directive=directive)
    )
    tasks = list(
        classify_tasks(Task.objects.filter(scope).filter(visible_tasks_q(user)), as_of)
        .select_related("lead_unit", "directive")
        .order_by("reference", "lead_unit__path", "pk")
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


def _paths_q(user, fields: tuple[str, ...], min_level: int) -> Q:  # type: ignore[no-untyped-def]
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for path, level in grants(user):
        if level < min_level:
            continue
        upper = path_upper_bound(path)
        for f in fields:
            q |= Q(**{f"{f}__path__gte": path, f"{f}__path__lt": upper})
    return q


def my_work(user, as_of: date) -> MyWork:  # type: ignore[no-untyped-def]
    """The user's tasks (led or coordinated within their units) needing attention."""
    viewer = ROLE_LEVEL[Role.VIEWER]
    mine = Task.objects.filter(
        Q(
            pk__in=Task.objects.filter(
                _paths_q(user, ("lead_unit", "coordinating_units"), viewer)
            ).values("pk")
        )
    )
    classified = classify_tasks(mine, as_of).select_related("lead_unit", "directive")
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
    managed = _paths_q(user, ("assigned_by",), ROLE_LEVEL[Role.MANAGER])
    awaiting = list(
        Task.objects.filter(managed | Q(pk__in=mine.values("pk")))
        .filter(
            state=TaskState.COMPLETED,
            accepted_on__isnull=True,
            cancelled_on__isnull=True,
            directive__requires_acceptance=True,
        )
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
    return MyWork(overdue, due_soon, awaiting, recurring_due, as_of, current)
