"""Reads of the budget: a task's figures, sums over a unit's subtree as of a day, the
monthly series for a chart, the figures of peers for a ranking.

Sums are SQL aggregation (SUM over the BigInteger amounts, grouped by the lead unit's
path prefix, the directive and the source): a fixed number of queries whatever the
number of tasks. The rule of what counts as of a day is `steerco.budget.figures`'s,
stated here in SQL (estimates recorded by the day, the latest of each task, source
and year; allocations decided, disbursements paid by it; planned months up to its
month); `tests/test_selectors.py` proves the sums equal the sum of the tasks' figures.

`scope` is anything with `task_q(prefix) -> Q` (the scoring app's `Scope`), so the
budget reads the same directive and field scopes as the counts without importing them.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import connection
from django.db.models import F, Max, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from steerco.directives.models import Directive, Task
from steerco.units.models import SEGMENT, Unit

from .figures import (
    AllocationRow,
    DisbursementRow,
    EstimateRow,
    Figures,
    cumulative,
    month_start,
    months_of_year,
    slowest,
    task_figures,
    total,
)
from .models import Allocation, Disbursement, Estimate, FundingSource, PlannedDisbursement
from .sentences import budget_sentence, slowest_sentence


class TaskScope(Protocol):
    def task_q(self, prefix: str = "") -> Q: ...


def recorded_by(as_of: date) -> datetime:
    """The first instant after `as_of` in the project's time zone: a row recorded before
    it was recorded by that day."""
    return datetime.combine(
        as_of + timedelta(days=1), time.min, zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


# --- one task ------------------------------------------------------------------


def task_figures_as_of(task: Task, *, as_of: date, year: int | None = None) -> Figures:
    """A task's estimated, allocated, disbursed and planned amounts as of `as_of`."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    estimates = [
        EstimateRow(e.source, e.year, e.amount, e.recorded_at.astimezone(tz).date(), e.pk)
        for e in Estimate.objects.filter(task=task)
    ]
    planned: dict[int, list[tuple[date, int]]] = {}
    for p in PlannedDisbursement.objects.filter(allocation__task=task).order_by("month", "pk"):
        planned.setdefault(p.allocation_id, []).append((p.month, p.amount))
    allocations = [
        AllocationRow(a.source, a.year, a.amount, a.decided_on, tuple(planned.get(a.pk, ())))
        for a in Allocation.objects.filter(task=task)
    ]
    disbursements = [
        DisbursementRow(d.source, d.year, d.amount, d.paid_on)
        for d in Disbursement.objects.filter(task=task)
    ]
    return task_figures(
        estimates=estimates,
        allocations=allocations,
        disbursements=disbursements,
        as_of=as_of,
        year=year,
    )


# --- sums over a range of lead units --------------------------------------------

AMOUNTS = ("estimated", "allocated", "disbursed", "planned")
Key = tuple[str, int, str, str]  # (lead unit's path prefix, directive id, symbol, source)


def _per_task(year: int, as_of: date, scope: TaskScope | None) -> dict[str, QuerySet[Any]]:
    """One query per amount summing the budget rows per (task, source): the rows of a
    budget table alone, so the join to tasks and units that groups them by lead unit and
    directive (`_grouped`) is made once per task with money, not once per row."""
    bound = recorded_by(as_of)
    latest = (
        Estimate.objects.filter(year=year, recorded_at__lt=bound)
        .values("task_id", "source")
        .annotate(last=Max("pk"))
        .values("last")
    )
    inner = {
        # Append-only: the latest row of a (task, source, year) is the one of highest id.
        "estimated": Estimate.objects.filter(pk__in=Subquery(latest)),
        "allocated": Allocation.objects.filter(year=year, decided_on__lte=as_of),
        "disbursed": Disbursement.objects.filter(year=year, paid_on__lte=as_of),
        "planned": Allocation.objects.filter(
            year=year, decided_on__lte=as_of, planned__month__lte=month_start(as_of)
        ),
    }
    summed = {"planned": "planned__amount"}
    result = {}
    for name, qs in inner.items():
        if scope is not None:
            qs = qs.filter(scope.task_q("task__"))
        result[name] = (
            qs.values("task_id", "source")
            .annotate(total=Sum(summed.get(name, "amount")))
            .order_by()
        )
    return result


def _grouped(
    inner: QuerySet[Any], low: str, high: str, depth: int, *, everything: bool = False
) -> list[tuple[Any, ...]]:
    """(lead unit's path prefix, directive id, symbol, source, sum) rows of the per-task
    sums of `inner`, for the tasks led in [low, high) (no condition when the range holds
    `everything`): plain SQL around the ORM's query (SUBSTR and ordinal GROUP BY read
    the same on SQLite and PostgreSQL)."""
    sql, params = inner.query.sql_with_params()
    task, unit, directive = (m._meta.db_table for m in (Task, Unit, Directive))
    where, bounds = ("", []) if everything else ("WHERE u.path >= %s AND u.path < %s ", [low, high])
    # Table names come from the models, every value is a parameter.
    outer = (
        f"SELECT SUBSTR(u.path, 1, %s), t.directive_id, d.symbol, a.source, SUM(a.total) "  # noqa: S608
        f"FROM ({sql}) a "
        f"JOIN {task} t ON t.id = a.task_id "
        f"JOIN {unit} u ON u.id = t.lead_unit_id "
        f"JOIN {directive} d ON d.id = t.directive_id "
        f"{where}"
        f"GROUP BY 1, 2, 3, 4"
    )
    with connection.cursor() as cursor:
        cursor.execute(outer, [depth, *params, *bounds])
        return list(cursor.fetchall())


def grouped_figures(
    low: str,
    high: str,
    depth: int,
    *,
    year: int,
    as_of: date,
    scope: TaskScope | None = None,
    amounts: Sequence[str] = AMOUNTS,
    everything: bool = False,
) -> dict[Key, Figures]:
    """Figures of the tasks led in the path range [low, high), grouped by the lead unit's
    path cut at `depth` characters, the directive and the funding source (only the
    `amounts` asked for are read; the others are 0). `everything`: the range holds every
    unit (the root's), so no task's lead unit is looked up to be counted."""
    sums: dict[Key, dict[str, int]] = {}
    for name, inner in _per_task(year, as_of, scope).items():
        if name not in amounts:
            continue
        rows = _grouped(inner, low, high, depth, everything=everything)
        for prefix, directive_id, symbol, source, amount in rows:
            key = (prefix, directive_id, symbol, source)
            sums.setdefault(key, dict.fromkeys(AMOUNTS, 0))[name] += int(amount or 0)
    return {key: Figures(**amounts) for key, amounts in sums.items()}


def figures_by_peer(
    peers: Sequence[Unit],
    *,
    year: int,
    as_of: date,
    scope: TaskScope | None = None,
    amounts: Sequence[str] = AMOUNTS,
) -> dict[int, Figures]:
    """Each peer's figures (tasks led in its subtree); peers are at one level of the tree."""
    if not peers:
        return {}
    depth = len(peers[0].path)
    low, high = min(p.path for p in peers), max(p.upper_path for p in peers)
    by_path: dict[str, Figures] = {}
    for (prefix, *_rest), f in grouped_figures(
        low, high, depth, year=year, as_of=as_of, scope=scope, amounts=amounts
    ).items():
        by_path[prefix] = by_path.get(prefix, Figures()) + f
    return {p.pk: by_path.get(p.path, Figures()) for p in peers}


# --- the summary ------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: what it is (a source, a directive, a unit) and its figures."""

    key: str  # the source's code, the directive's symbol, the unit's code
    label: str
    figures: Figures
    own: bool = False  # the unit's own row: tasks it leads itself

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "own": self.own, **self.figures.as_dict()}


@dataclass(frozen=True)
class Series:
    """Cumulative amounts at the end of each month of the year up to the as-of month."""

    months: list[date]
    allocated: list[int]
    disbursed: list[int]
    planned: list[int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "months": [f"{m:%Y-%m}" for m in self.months],
            "allocated": self.allocated,
            "disbursed": self.disbursed,
            "planned": self.planned,
        }


@dataclass
class BudgetSummary:
    unit_code: str
    unit_name: str
    year: int
    as_of: date
    totals: Figures
    by_source: list[Line]
    by_directive: list[Line]
    by_unit: list[Line]  # the unit's own row (if it leads tasks with money), then children
    slowest: list[Line]  # child units with money allocated, lowest disbursement rate first
    series: Series = field(default_factory=lambda: Series([], [], [], []))

    @property
    def has_money(self) -> bool:
        return self.totals.has_money

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The figures as JSON (amounts as integers in đồng) with the sentences in `lang`;
        the command's --json, the page's and the API's data."""
        return {
            "unit": self.unit_name,
            "code": self.unit_code,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            **self.totals.as_dict(),
            "by_source": [line.as_dict() for line in self.by_source],
            "by_directive": [line.as_dict() for line in self.by_directive],
            "by_unit": [line.as_dict() for line in self.by_unit],
            "slowest": [line.as_dict() for line in self.slowest],
            "series": self.series.as_dict(),
            "sentence": budget_sentence(self.totals, lang=lang),
            "slowest_sentence": slowest_sentence(
                [(line.label, line.figures) for line in self.slowest], lang=lang
            ),
        }


def budget_summary(
    unit: Unit,
    year: int,
    as_of: date,
    *,
    scope: TaskScope | None = None,
    with_series: bool = True,
) -> BudgetSummary:
    """The money of the tasks led in `unit`'s subtree for budget `year` as of `as_of`:
    totals, by funding source, by directive, by lead unit (`unit`'s own row and its
    children, the peers of the slowest-units list)."""
    depth = len(unit.path) + SEGMENT
    groups = grouped_figures(
        unit.path,
        unit.upper_path,
        depth,
        year=year,
        as_of=as_of,
        scope=scope,
        everything=_whole_tree(unit),
    )
    by_source: dict[str, Figures] = {}
    by_directive: dict[str, Figures] = {}
    by_prefix: dict[str, Figures] = {}
    for (prefix, _directive_id, symbol, source), f in groups.items():
        by_source[source] = by_source.get(source, Figures()) + f
        by_directive[symbol] = by_directive.get(symbol, Figures()) + f
        by_prefix[prefix] = by_prefix.get(prefix, Figures()) + f
    children = {c.path: c for c in Unit.objects.filter(parent=unit).order_by("path")}
    unit_lines = [
        Line(children[p].code, children[p].name, f)
        for p, f in sorted(by_prefix.items())
        if p in children
    ]
    own = by_prefix.get(unit.path)
    if own is not None:
        unit_lines.insert(
            0, Line(unit.code, _("%(unit)s (led directly)") % {"unit": unit.name}, own, own=True)
        )
    by_code = {line.key: line for line in unit_lines if not line.own}
    return BudgetSummary(
        unit_code=unit.code,
        unit_name=unit.name,
        year=year,
        as_of=as_of,
        totals=total(groups.values()),
        by_source=[
            Line(str(s), str(s.label), by_source[s.value])
            for s in FundingSource
            if s.value in by_source
        ],
        by_directive=[Line(s, s, f) for s, f in sorted(by_directive.items())],
        by_unit=unit_lines,
        slowest=[
            by_code[code]
            for code in slowest((line.key, line.label, line.figures) for line in by_code.values())
        ],
        series=monthly_series(unit, year, as_of, scope=scope)
        if with_series
        else Series([], [], [], []),
    )


def _whole_tree(unit: Unit) -> bool:
    """Whether `unit`'s subtree holds every unit: the one root (then no row needs its task's
    lead unit looked up to be counted)."""
    return (
        unit.parent_id is None
        and not Unit.objects.filter(parent__isnull=True).exclude(pk=unit.pk).exists()
    )


def monthly_series(unit: Unit, year: int, as_of: date, *, scope: TaskScope | None = None) -> Series:
    """Allocated, disbursed and planned amounts of the subtree, cumulative at the end of
    each month of `year` up to `as_of`'s month (the as-of day's rows included). Sums are
    grouped by day in SQL (a few hundred rows a year), then put in their months."""
    months = months_of_year(year, as_of)
    everything = scope is None and _whole_tree(unit)

    def by_month(qs: QuerySet[Any], day: str, amount: str = "amount") -> dict[date, int]:
        if everything:
            # The whole year in day order, read from the (year, day, amount) index.
            qs = qs.filter(year=year)
        else:
            # The year as an expression, so no plan reads the whole nation's year by day
            # and looks up each row's task: the subtree's tasks lead the query.
            qs = qs.alias(budget_year=F("year") + 0).filter(
                budget_year=year,
                task__lead_unit__path__gte=unit.path,
                task__lead_unit__path__lt=unit.upper_path,
            )
        if scope is not None:
            qs = qs.filter(scope.task_q("task__"))
        result: dict[date, int] = {}
        for day_value, total_ in qs.values_list(day).annotate(total=Sum(amount)).order_by():
            month = month_start(_as_date(day_value))
            result[month] = result.get(month, 0) + int(total_ or 0)
        return result

    allocated = by_month(Allocation.objects.filter(decided_on__lte=as_of), "decided_on")
    disbursed = by_month(Disbursement.objects.filter(paid_on__lte=as_of), "paid_on")
    planned = by_month(
        # Every planned month (the months after the as-of month are left out of the
        # series below): a condition on the month would read the unique (allocation,
        # month) index and the table instead of the covering one.
        Allocation.objects.filter(decided_on__lte=as_of, planned__isnull=False),
        "planned__month",
        "planned__amount",
    )
    return Series(
        months,
        cumulative(allocated, months),
        cumulative(disbursed, months),
        cumulative(planned, months),
    )


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class MoneyOverview:
    """The overview's money: the subtree's totals and the monthly series of its chart."""

    totals: Figures
    series: Series

    @property
    def has_money(self) -> bool:
        return self.totals.has_money


def money_overview(
    unit: Unit, year: int, as_of: date, *, scope: TaskScope | None = None
) -> MoneyOverview:
    """Totals and series in four queries: the estimates in force, and the monthly sums
    whose running totals end at the allocated, disbursed and planned totals."""
    series = monthly_series(unit, year, as_of, scope=scope)
    estimated = grouped_figures(
        unit.path,
        unit.upper_path,
        len(unit.path),
        year=year,
        as_of=as_of,
        scope=scope,
        amounts=("estimated",),
    )
    if series.months:
        totals = Figures(
            estimated=total(estimated.values()).estimated,
            allocated=series.allocated[-1],
            disbursed=series.disbursed[-1],
            planned=series.planned[-1],
        )
    else:
        totals = total(
            grouped_figures(
                unit.path, unit.upper_path, len(unit.path), year=year, as_of=as_of, scope=scope
            ).values()
        )
    return MoneyOverview(totals, series)
