"""The overview page's figures for a unit's subtree: counts by class, by child unit and
by directive, the green-rate trend over recent cut-offs, the longest overdue tasks —
in a fixed number of queries, each compiled once (steerco.lib.compiled) — and the
unit's ranks among its peers (`ranks_line`: every composite index, the GREEN rate)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from steerco.directives.models import Directive, Task
from steerco.indicators.indices.selectors import (
    UnitRank,
    green_rate_rank,
    ranks_in_order,
    unit_index_ranks,
)
from steerco.lib.compiled import run_compiled
from steerco.lib.periods import Period, PeriodKind, last_closed_period
from steerco.lib.planner import hash_groups
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks
from steerco.scoring import summaries, summary_reads
from steerco.scoring.cache import figures, scope_key, units_key
from steerco.scoring.models import ReportingPeriod, SnapshotRow, SnapshotUnitRow
from steerco.scoring.peers import PEER_KINDS, listed_children, peers_of
from steerco.scoring.scope import Scope, scope_for
from steerco.scoring.scorecard import ClassCounts
from steerco.scoring.selectors import class_counts_by_peer, closed_period_on
from steerco.units.models import SEGMENT, Unit, UnitKind
from steerco.units.permissions import UserLike, may_see_peers

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
    own: ClassCounts  # tasks `unit` leads itself ("trực tiếp chủ trì"), none of its children
    children: list[ChildRow]
    by_directive: list[DirectiveRow]
    trend: list[TrendPoint]
    most_overdue: list[Task]
    cutoff: Period = field(default=None)  # type: ignore[assignment]


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
    if closed_period_on(as_of=as_of) is not None:
        counts = class_counts_by_peer(peers=[unit], as_of=as_of, scope=scope)[unit.pk]
        child_counts = (
            class_counts_by_peer(peers=children, as_of=as_of, scope=scope) if children else {}
        )
    # The unit's own row and its children's rows sum to its total (as the report's table).
    own = counts - sum(child_counts.values(), ClassCounts())
    return Dashboard(
        unit=unit,
        as_of=as_of,
        scope=scope,
        counts=counts,
        own=own,
        children=[
            ChildRow(c, child_counts.get(c.pk, ClassCounts()))
            for c in listed_children(children, child_counts)
        ],
        by_directive=[
            DirectiveRow(pk, symbol, c)
            for (pk, symbol), c in sorted(by_directive.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        ],
        trend=green_rate_trend(unit, as_of, scope, lang=lang, known={as_of: counts}),
        most_overdue=most_overdue(unit, as_of, scope),
        cutoff=last_closed_period(as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY),
    )


@dataclass
class RanksLine:
    """The unit's ranks among its peers, and how the index pages name those peers."""

    ranks: list[UnitRank]
    peers: str  # "provinces", "departments" or "communes"
    parent: Unit | None  # the province whose departments or communes they are


def ranks_line(
    *, user: UserLike, unit: Unit, as_of: date, directive: Directive | None
) -> RanksLine | None:
    """The unit's rank on every composite index with results for it (its latest period not
    after `as_of`) and by GREEN rate on the directive viewed (that directive alone, as
    `steerco ranking --directive` ranks it; all tasks without one), each with its change.
    None for a unit that is not ranked among peers (the centre) or when the user's roles
    do not cover its peers (peers' rankings are visible to the peers and those above)."""
    kinds: dict[str, str] = {str(kind): name for name, kind in PEER_KINDS.items()}
    if unit.kind not in kinds:
        return None
    peers = peers_of(unit)
    if len(peers) < 2 or not may_see_peers(user, peers):
        return None
    ranks = unit_index_ranks(unit=unit, peers=peers, as_of=as_of)
    green = green_rate_rank(
        unit=unit,
        peers=peers,
        as_of=as_of,
        scope=scope_for(directive),
        symbol=directive.symbol if directive else "",
    )
    parent = None if unit.kind == UnitKind.PROVINCE else unit.parent
    return RanksLine(
        ranks_in_order([*ranks, *([green] if green else [])]), kinds[unit.kind], parent
    )


def _grouped_rows(unit: Unit, as_of: date, scope: Scope) -> list[tuple]:
    """(child unit path, directive id, directive symbol, class, count) rows; tasks led by
    `unit` itself have its own path in the first place. Today's from the summaries."""
    if summaries.answer(as_of):
        found = figures(
            "overview-grouped",
            (units_key([unit]), as_of.isoformat(), scope_key(scope)),
            lambda: _grouped_from_summaries(unit, as_of, scope),
        )
        if found is not None:
            return found
    with hash_groups():
        return _run_template("grouped", unit, scope, as_of, _grouped_query)


def _grouped_from_summaries(unit: Unit, as_of: date, scope: Scope) -> list[tuple] | None:
    rows = summary_reads.child_directive_rows(
        as_of,
        unit_path=unit.path,
        upper_path=unit.upper_path,
        length=len(unit.path) + SEGMENT,
        scope=scope,
    )
    if rows is None:
        return None
    symbols = dict(
        Directive.objects.filter(pk__in={r[1] for r in rows}).values_list("pk", "symbol")
    )
    return [(child, pk, symbols[pk], cls, n) for child, pk, cls, n in rows]


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
    every = scope.directive_ids is None and not scope.field  # the unit rows answer
    rows = (
        (SnapshotUnitRow if every else SnapshotRow)
        .objects.filter(
            period__in=periods, unit__path__gte=unit.path, unit__path__lt=unit.upper_path
        )
        .filter(Q() if every else scope.task_q())
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


# A query of the subtree between two paths (`low`, `high`) as of a date, grouped at `depth`.
QueryBuilder = Callable[[str, str, int, Scope, date], QuerySet]


def _run_template(
    kind: str, unit: Unit, scope: Scope, as_of: date, build: QueryBuilder
) -> list[tuple]:
    """Run one of the queries below for `unit`'s subtree as of `as_of`, compiled once per
    (kind, tree level, scope): compiling the classification costs the ORM more than the
    database takes to run it (steerco.lib.compiled)."""
    depth = len(unit.path)

    def make(*, low: str, high: str, as_of: date) -> QuerySet:
        return build(low, high, depth, scope, as_of)

    key = ("web", kind, depth, scope.directive_ids, scope.field)
    values = {"low": unit.path, "high": unit.upper_path, "as_of": as_of}
    return figures(
        f"overview-{kind}",
        (units_key([unit]), as_of.isoformat(), scope_key(scope)),
        lambda: list(run_compiled(key, make, values)),
    )


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
