"""`steerco indicators load FILE`: indicator definitions from CSV or XLSX, matched by code.

Every row is checked alone (`catalogue.spec_from_row`), then all of them together with the
catalogue already loaded: unknown codes, cycles, directives, a computed indicator reading
a longer period than its own, an entered indicator with values turned into a computed
one. Nothing is written unless every row passes and `commit` is set.
"""

from __future__ import annotations

from django.db.models import Count

from steerco.directives.models import Directive
from steerco.lib.calendar_periods import MONTHS_IN, PeriodType
from steerco.lib.problems import problem_at as problem
from steerco.lib.problems import tables_with
from steerco.lib.tablefiles import Row, Table

from ..catalogue import OPTIONAL, REQUIRED, IndicatorSpec, graph_problems, spec_from_row
from ..models import Indicator
from ..problems import ImportResult, Problem
from ..selectors import catalogue_specs
from ..services import catalogue_write


def catalogue_load(*, name: str, data: bytes, commit: bool = False) -> ImportResult:
    result = ImportResult(name)
    located: dict[str, tuple[Table, Row]] = {}
    specs: list[IndicatorSpec] = []
    for table in tables_with(name, data, REQUIRED, result.rejected):
        unknown = [c for c in table.columns if c not in REQUIRED and c not in OPTIONAL]
        if unknown:
            result.warnings.append(
                Problem(table.sheet, 1, None, ", ".join(unknown), "column(s) ignored")
            )
        for row in table.rows:
            spec, problems = spec_from_row(row.cells)
            result.rejected += [
                Problem(table.sheet, row.number, column, row.get(column), message)
                for column, message in problems
            ]
            if spec is None:
                continue
            if spec.code in located:
                first = located[spec.code][1].number
                result.rejected.append(
                    problem(table, row, "code", f"{spec.code} is defined twice (row {first})")
                )
                continue
            located[spec.code] = (table, row)
            specs.append(spec)
    directives = _directives(specs, located, result)
    _check_together(specs, located, result)
    if result.rejected:
        return result
    current = catalogue_specs()
    if commit:
        actions = catalogue_write(specs=specs, directives=directives)
        result.committed = True
    else:
        actions = {
            s.code: "create"
            if s.code not in current
            else ("unchanged" if current[s.code] == s else "update")
            for s in specs
        }
    result.created = sum(1 for a in actions.values() if a == "create")
    result.updated = sum(1 for a in actions.values() if a == "update")
    result.unchanged = sum(1 for a in actions.values() if a == "unchanged")
    return result


def _directives(
    specs: list[IndicatorSpec], located: dict[str, tuple[Table, Row]], result: ImportResult
) -> dict[str, Directive]:
    symbols = {s.directive for s in specs if s.directive}
    found = {d.symbol: d for d in Directive.objects.filter(symbol__in=symbols)}
    for spec in specs:
        if spec.directive and spec.directive not in found:
            table, row = located[spec.code]
            result.rejected.append(
                problem(table, row, "directive", f"unknown directive {spec.directive!r}")
            )
    return found


def _check_together(
    specs: list[IndicatorSpec], located: dict[str, tuple[Table, Row]], result: ImportResult
) -> None:
    combined = {**catalogue_specs(), **{s.code: s for s in specs}}
    for code, column, message in graph_problems(combined):
        if code in located:
            table, row = located[code]
            result.rejected.append(problem(table, row, column, message))
        else:
            result.rejected.append(Problem(None, None, None, code, message))
    if result.rejected:
        return
    for spec in specs:
        own = MONTHS_IN[PeriodType(spec.period_type)]
        for read in sorted(spec.reads):
            if MONTHS_IN[PeriodType(combined[read].period_type)] > own:
                table, row = located[spec.code]
                result.rejected.append(
                    problem(
                        table,
                        row,
                        "period_type",
                        f"{spec.code} is kept by {spec.period_type} but reads {read}, "
                        f"kept by {combined[read].period_type}",
                    )
                )
    _check_values_kept(specs, located, result)


def _check_values_kept(
    specs: list[IndicatorSpec], located: dict[str, tuple[Table, Row]], result: ImportResult
) -> None:
    """An indicator with values stays entered and keeps its period type (its values would
    otherwise no longer be read)."""
    with_values = {
        code: (period_type, count)
        for code, period_type, count in Indicator.objects.filter(code__in=[s.code for s in specs])
        .annotate(n=Count("values"))
        .filter(n__gt=0)
        .values_list("code", "period_type", "n")
    }
    for spec in specs:
        if spec.code not in with_values:
            continue
        table, row = located[spec.code]
        period_type, count = with_values[spec.code]
        if spec.kind != "entered":
            message = f"{spec.code} has {count} entered value(s); it stays entered"
            result.rejected.append(problem(table, row, "kind", message))
        if spec.period_type != period_type:
            message = f"{spec.code} has {count} value(s) kept by {period_type}; it stays so"
            result.rejected.append(problem(table, row, "period_type", message))
