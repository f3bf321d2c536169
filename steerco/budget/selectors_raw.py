"""The budget's sums from the history rows: the path the selectors take when the ledger
may not answer (a field scope, an as-of day before the latest row it counts).

Sums are SQL aggregation (SUM over the BigInteger amounts, grouped by the lead unit's
path prefix, the directive and the source): a fixed number of queries whatever the
number of tasks. The rule of what counts as of a day is `steerco.budget.figures`'s,
stated here in SQL (estimates recorded by the day, the latest of each task, source
and year; allocations decided, disbursements paid by it; planned months up to its
month); `tests/test_selectors.py` proves the sums equal the sum of the tasks' figures.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db.models import F, Max, Q, QuerySet, Subquery, Sum

from steerco.directives.models import Directive, Task
from steerco.lib.replicas import read_connection as connection  # a replica's page: the replica
from steerco.units.models import Unit

from .figures import Figures, month_start
from .ledger import as_date
from .models import Allocation, Disbursement, Estimate

AMOUNTS = ("estimated", "allocated", "disbursed", "planned")
Key = tuple[str, int, str, str]  # (lead unit's path prefix, directive id, symbol, source)


class TaskScope(Protocol):
    def task_q(self, prefix: str = "") -> Q: ...


def recorded_by(as_of: date) -> datetime:
    """The first instant after `as_of` in the project's time zone: a row recorded before
    it was recorded by that day."""
    return datetime.combine(
        as_of + timedelta(days=1), time.min, zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def per_task(year: int, as_of: date, scope: TaskScope | None) -> dict[str, QuerySet[Any]]:
    """One query per amount summing the budget rows per (task, source): the rows of a
    budget table alone, so the join to tasks and units that groups them by lead unit and
    directive (`grouped_rows`) is made once per task with money, not once per row."""
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


def grouped_rows(
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
    scope: TaskScope | None,
    amounts: Sequence[str],
    everything: bool,
) -> dict[Key, Figures]:
    """`selectors.grouped_figures` summed from the rows."""
    sums: dict[Key, dict[str, int]] = {}
    for name, inner in per_task(year, as_of, scope).items():
        if name not in amounts:
            continue
        rows = grouped_rows(inner, low, high, depth, everything=everything)
        for prefix, directive_id, symbol, source, amount in rows:
            key = (prefix, directive_id, symbol, source)
            sums.setdefault(key, dict.fromkeys(AMOUNTS, 0))[name] += int(amount or 0)
    return {key: Figures(**amounts) for key, amounts in sums.items()}


def by_month(
    unit: Unit, year: int, as_of: date, *, scope: TaskScope | None, everything: bool
) -> dict[str, dict[date, int]]:
    """The subtree's allocated, disbursed and planned amounts of `year` by month, as of
    `as_of` (every planned month of the allocations decided by then), from the rows:
    grouped by day in SQL (a few hundred rows a year), then put in their months."""

    def summed(qs: QuerySet[Any], day: str, amount: str = "amount") -> dict[date, int]:
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
            month = month_start(as_date(day_value))
            result[month] = result.get(month, 0) + int(total_ or 0)
        return result

    allocated = summed(Allocation.objects.filter(decided_on__lte=as_of), "decided_on")
    disbursed = summed(Disbursement.objects.filter(paid_on__lte=as_of), "paid_on")
    planned = summed(
        # Every planned month (the months after the as-of month are left out of the
        # series below): a condition on the month would read the unique (allocation,
        # month) index and the table instead of the covering one.
        Allocation.objects.filter(decided_on__lte=as_of, planned__isnull=False),
        "planned__month",
        "planned__amount",
    )
    return {"allocated": allocated, "disbursed": disbursed, "planned": planned}
