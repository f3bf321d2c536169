"""`steerco values import FILE`: indicator values from CSV or XLSX, all rows or none.

Columns `unit, indicator, period, value` (unit = code or exact name) and an optional
`comment`. Each value is checked as `value_record` checks one (type, range, the reporting
level, numerator ≤ denominator against the file's other rows and the values recorded),
in a few queries for the whole file; a value far from the previous period's is a warning.
A value equal to the latest recorded is unchanged; any other becomes a new version.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from steerco.lib.calendar_periods import parse_calendar_period
from steerco.lib.problems import problem_at as problem
from steerco.lib.problems import tables_with
from steerco.lib.tablefiles import Row, Table

from ..catalogue import IndicatorSpec
from ..models import Indicator, IndicatorValue
from ..numbers import parse_number
from ..problems import ImportResult, IndicatorError
from ..selectors import catalogue_specs
from ..services import NewValue, period_for, reporting_check, values_write
from ..validation import Counterpart, check_value
from .common import UnitLookup

COLUMNS = ("unit", "indicator", "period", "value")
Key = tuple[str, int, str]  # (indicator code, unit id, period)


def values_import(
    *, name: str, data: bytes, commit: bool = False, author: Any = None
) -> ImportResult:
    result = ImportResult(name)
    tables = tables_with(name, data, COLUMNS, result.rejected)
    rows = [(t, r) for t in tables for r in t.rows]
    units = UnitLookup(r.get("unit") for _, r in rows)
    indicators = {i.code: i for i in Indicator.objects.all()}
    specs = catalogue_specs()
    located: dict[Key, tuple[Table, Row, NewValue]] = {}
    for table, row in rows:
        entry = _resolve(table, row, units, indicators, result)
        if entry is None:
            continue
        key = (entry.indicator.code, entry.unit.pk, entry.period)
        if key in located:
            first = located[key][1].number
            result.rejected.append(
                problem(
                    table, row, "value", f"this unit, indicator and period is in row {first} too"
                )
            )
            continue
        located[key] = (table, row, entry)
    recorded = _recorded(located, indicators, specs)
    new_rows = []
    for key, (table, row, entry) in located.items():
        checked = check_value(
            specs[key[0]],
            row.get("value"),
            previous=_previous(key, located, recorded),
            counterparts=_counterparts(key, specs, located, recorded),
        )
        if checked.value is None:
            result.rejected.append(problem(table, row, "value", checked.error))
            continue
        if checked.warning:
            result.warnings.append(problem(table, row, "value", checked.warning))
        if recorded.get(key) == checked.value:
            result.unchanged += 1
            continue
        result.created += key not in recorded
        result.updated += key in recorded
        new_rows.append(
            NewValue(entry.indicator, entry.unit, entry.period, checked.value, row.get("comment"))
        )
    if commit and not result.rejected:
        values_write(rows=new_rows, author=author)
        result.committed = True
    return result


def _resolve(
    table: Table,
    row: Row,
    units: UnitLookup,
    indicators: dict[str, Indicator],
    result: ImportResult,
) -> NewValue | None:
    unit, why = units.find(row.get("unit"))
    if unit is None:
        result.rejected.append(problem(table, row, "unit", why))
    indicator = indicators.get(row.get("indicator").strip())
    if indicator is None:
        result.rejected.append(
            problem(
                table, row, "indicator", "unknown indicator code; see `steerco indicators load`"
            )
        )
    if unit is None or indicator is None:
        return None
    try:
        period = period_for(indicator, row.get("period"))
        reporting_check(indicator, unit, period)
    except IndicatorError as exc:
        result.rejected.append(problem(table, row, exc.field or "period", str(exc)))
        return None
    return NewValue(indicator, unit, period, Decimal(0))  # its value is checked later


def _recorded(
    located: dict[Key, tuple[Table, Row, NewValue]],
    indicators: dict[str, Indicator],
    specs: dict[str, IndicatorSpec],
) -> dict[Key, Decimal]:
    """The latest recorded values the checks read: each key's own, its previous period's
    and its ratio counterparts' (one query over a superset, latest version last)."""
    codes = {key[0] for key in located} | {
        c for s in specs.values() if s.kind == "ratio" for c in s.reads
    }
    periods = {key[2] for key in located}
    periods |= {str(parse_calendar_period(p).previous()) for p in periods}
    rows = (
        IndicatorValue.objects.filter(
            indicator__code__in=codes & set(indicators),
            unit_id__in={key[1] for key in located},
            period__in=periods,
        )
        .order_by("version")
        .values_list("indicator__code", "unit_id", "period", "value")
    )
    return {(code, unit_id, period): value for code, unit_id, period, value in rows}


def _value(
    key: Key, located: dict[Key, tuple[Table, Row, NewValue]], recorded: dict[Key, Decimal]
) -> Decimal | None:
    """The file's value for `key` where it has one that reads as a number, else the recorded."""
    if key in located:
        try:
            return parse_number(located[key][1].get("value"))
        except ValueError:
            return None
    return recorded.get(key)


def _previous(
    key: Key, located: dict[Key, tuple[Table, Row, NewValue]], recorded: dict[Key, Decimal]
) -> Decimal | None:
    previous = str(parse_calendar_period(key[2]).previous())
    return _value((key[0], key[1], previous), located, recorded)


def _counterparts(
    key: Key,
    specs: dict[str, IndicatorSpec],
    located: dict[Key, tuple[Table, Row, NewValue]],
    recorded: dict[Key, Decimal],
) -> tuple[Counterpart, ...]:
    found = []
    for ratio in specs.values():
        if ratio.kind != "ratio" or not ratio.numerator_at_most_denominator:
            continue
        if key[0] not in (ratio.numerator, ratio.denominator):
            continue
        is_numerator = key[0] == ratio.numerator
        other = ratio.denominator if is_numerator else ratio.numerator
        assert other is not None
        value = _value((other, key[1], key[2]), located, recorded)
        if value is not None:
            found.append(Counterpart(other, value, is_numerator))
    return tuple(found)
