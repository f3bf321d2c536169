"""`steerco targets import FILE`: targets from CSV or XLSX, all rows or none.

Columns `unit, indicator, period, target` and optional `baseline, baseline_period,
trajectory` (linear by default, or step). A target must be more than 0
(`validation.target_problem`); a baseline may be anything. A target is matched by unit × indicator ×
period: a new one is created, a different one replaces it, an equal one is unchanged.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from steerco.lib.calendar_periods import (
    MONTHS_IN,
    CalendarPeriod,
    CalendarPeriodError,
    PeriodType,
    parse_calendar_period,
)
from steerco.lib.problems import problem_at as problem
from steerco.lib.problems import tables_with
from steerco.lib.tablefiles import Row, Table

from ..models import Indicator, Target
from ..numbers import parse_number
from ..problems import ImportResult
from ..services import target_set
from ..validation import target_problem
from .common import UnitLookup

COLUMNS = ("unit", "indicator", "period", "target")


def targets_import(
    *, name: str, data: bytes, commit: bool = False, author: Any = None
) -> ImportResult:
    result = ImportResult(name)
    tables = tables_with(name, data, COLUMNS, result.rejected)
    rows = [(t, r) for t in tables for r in t.rows]
    units = UnitLookup(r.get("unit") for _, r in rows)
    indicators = {i.code: i for i in Indicator.objects.all()}
    planned: dict[tuple[int, int, str], dict[str, Any]] = {}
    for table, row in rows:
        fields = _fields(table, row, units, indicators, result)
        if fields is None:
            continue
        key = (fields["indicator"].pk, fields["unit"].pk, fields["period"])
        if key in planned:
            result.rejected.append(
                problem(
                    table, row, "period", "this unit, indicator and period is in the file twice"
                )
            )
            continue
        planned[key] = fields
    existing = {
        (t.indicator_id, t.unit_id, t.period): t
        for t in Target.objects.filter(
            indicator_id__in={k[0] for k in planned}, unit_id__in={k[1] for k in planned}
        )
    }
    for key, fields in planned.items():
        before = existing.get(key)
        if before is None:
            result.created += 1
        elif (before.target, before.baseline, before.baseline_period, before.trajectory) == (
            fields["target"],
            fields["baseline"],
            fields["baseline_period"],
            fields["trajectory"],
        ):
            result.unchanged += 1
        else:
            result.updated += 1
    if commit and not result.rejected:
        with transaction.atomic():
            for fields in planned.values():
                target_set(author=author, **fields)
        result.committed = True
    return result


def _fields(
    table: Table,
    row: Row,
    units: UnitLookup,
    indicators: dict[str, Indicator],
    result: ImportResult,
) -> dict[str, Any] | None:
    before = len(result.rejected)
    unit, why = units.find(row.get("unit"))
    if unit is None:
        result.rejected.append(problem(table, row, "unit", why))
    indicator = indicators.get(row.get("indicator").strip())
    if indicator is None:
        result.rejected.append(problem(table, row, "indicator", "unknown indicator code"))
    period = _period(table, row, "period", result)
    base_period = (
        _period(table, row, "baseline_period", result) if row.get("baseline_period") else None
    )
    numbers = _numbers(table, row, result)
    if bool(row.get("baseline")) != bool(row.get("baseline_period")):
        result.rejected.append(
            problem(
                table, row, "baseline", "a baseline needs its period, and the period its baseline"
            )
        )
    if period and base_period and base_period.end_index >= period.end_index:
        result.rejected.append(
            problem(table, row, "baseline_period", f"must end before the target's period {period}")
        )
    if (
        indicator
        and period
        and MONTHS_IN[period.type] < MONTHS_IN[PeriodType(indicator.period_type)]
    ):
        result.rejected.append(
            problem(
                table,
                row,
                "period",
                f"{indicator.code} is kept by {indicator.period_type}; {period} is shorter",
            )
        )
    trajectory = (row.get("trajectory") or "linear").lower()
    if trajectory not in ("linear", "step"):
        result.rejected.append(problem(table, row, "trajectory", "expected linear or step"))
    if len(result.rejected) > before:
        return None
    return {
        "unit": unit,
        "indicator": indicator,
        "period": str(period),
        "target": numbers["target"],
        "baseline": numbers["baseline"],
        "baseline_period": str(base_period) if base_period else "",
        "trajectory": trajectory,
    }


def _numbers(table: Table, row: Row, result: ImportResult) -> dict[str, Decimal | None]:
    numbers: dict[str, Decimal | None] = {}
    for column in ("target", "baseline"):
        try:
            numbers[column] = parse_number(row.get(column)) if row.get(column) else None
        except ValueError as exc:
            result.rejected.append(problem(table, row, column, str(exc)))
    if not row.get("target"):
        result.rejected.append(problem(table, row, "target", "required"))
    elif (target := numbers.get("target")) is not None and target_problem(target):
        # more than 0: a target is a ratio term
        result.rejected.append(problem(table, row, "target", target_problem(target)))
    return numbers


def _period(table: Table, row: Row, column: str, result: ImportResult) -> CalendarPeriod | None:
    try:
        return parse_calendar_period(row.get(column))
    except CalendarPeriodError as exc:
        result.rejected.append(problem(table, row, column, str(exc)))
        return None
