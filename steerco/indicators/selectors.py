"""Reads of the indicators app: the catalogue as plain specs, latest values, targets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Max

from steerco.lib.calendar_periods import (
    MONTHS_IN,
    CalendarPeriod,
    PeriodType,
    parse_calendar_period,
)
from steerco.units.models import Unit

from .aggregation import Evaluator, Facts, Figure, UnitNode
from .catalogue import IndicatorSpec
from .models import Indicator, IndicatorValue, Target
from .trajectory import (
    DEFAULT_THRESHOLDS,
    TargetPoint,
    achievement,
    expected_value,
    status,
    target_for,
)


def spec_of(indicator: Indicator, dependencies: Iterable[str] = ()) -> IndicatorSpec:
    return IndicatorSpec(
        code=indicator.code,
        name_vi=indicator.name_vi,
        name_en=indicator.name_en,
        measure_unit=indicator.measure_unit,
        value_type=indicator.value_type,
        kind=indicator.kind,
        direction=indicator.direction,
        aggregation=indicator.aggregation,
        period_type=indicator.period_type,
        rollup=indicator.rollup,
        cumulative=indicator.cumulative,
        levels=tuple(indicator.levels or ()),
        numerator=indicator.numerator.code if indicator.numerator else None,
        denominator=indicator.denominator.code if indicator.denominator else None,
        factor=indicator.factor,
        numerator_at_most_denominator=indicator.numerator_at_most_denominator,
        formula=indicator.formula,
        dependencies=frozenset(dependencies),
        min_value=indicator.min_value,
        max_value=indicator.max_value,
        directive=indicator.directive.symbol if indicator.directive else "",
        field=indicator.field,
    )


def catalogue_specs() -> dict[str, IndicatorSpec]:
    """Every indicator as plain data, by code (two queries)."""
    through = Indicator.dependencies.through
    reads: dict[int, list[str]] = {}
    for from_id, code in through.objects.values_list("from_indicator_id", "to_indicator__code"):
        reads.setdefault(from_id, []).append(code)
    indicators = Indicator.objects.select_related("numerator", "denominator", "directive")
    return {i.code: spec_of(i, reads.get(i.pk, ())) for i in indicators.order_by("code")}


def subtree_nodes(unit: Unit) -> list[UnitNode]:
    """The subtree in path order, each unit with the day it ended and its successor's path
    (the provinces before 1 July 2025 lie under the province that succeeded them)."""
    rows = (
        Unit.objects.in_subtree(unit)
        .order_by("path")
        .values_list("path", "kind", "ended_on", "successor__path")
    )
    return [UnitNode(path, kind, ended, successor) for path, kind, ended, successor in rows]


def periods_read(spec: IndicatorSpec, period: CalendarPeriod) -> list[CalendarPeriod]:
    """The periods of `spec`'s own type that make up `period` (none if it is shorter)."""
    own = PeriodType(spec.period_type)
    if MONTHS_IN[period.type] < MONTHS_IN[own]:
        return []
    return period.subperiods(own)


def latest_entries(
    specs: dict[str, IndicatorSpec],
    codes: Iterable[str],
    unit: Unit,
    period: CalendarPeriod,
    *,
    recorded_by: datetime | None = None,
) -> dict[tuple[str, str, str], Decimal]:
    """The latest version of each entry of `codes` in `unit`'s subtree that `period` reads,
    keyed by (code, unit path, period text). One query. With `recorded_by`, the latest
    recorded by then: what a meeting read when its period closed, after any correction."""
    codes = sorted(set(codes))
    texts = sorted({str(p) for code in codes for p in periods_read(specs[code], period)})
    rows = IndicatorValue.objects.filter(
        indicator__code__in=codes,
        period__in=texts,
        unit__path__gte=unit.path,
        unit__path__lt=unit.upper_path,
    )
    if recorded_by is not None:
        rows = rows.filter(recorded_at__lte=recorded_by)
    values = rows.order_by("version").values_list(
        "indicator__code", "unit__path", "period", "value"
    )
    return {(code, path, text): value for code, path, text, value in values}


def entered_closure(specs: dict[str, IndicatorSpec], code: str) -> set[str]:
    """`code` and every indicator it is computed from, directly or not."""
    seen: set[str] = set()
    todo = [code]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(specs[current].reads)
    return seen


def latest_value(indicator: Indicator, unit: Unit, period: str) -> IndicatorValue | None:
    return (
        IndicatorValue.objects.filter(indicator=indicator, unit=unit, period=period)
        .order_by("-version")
        .first()
    )


def value_history(indicator: Indicator, unit: Unit, period: str) -> list[IndicatorValue]:
    """Every version, the latest first: earlier ones stay visible."""
    return list(
        IndicatorValue.objects.filter(indicator=indicator, unit=unit, period=period)
        .select_related("author")
        .order_by("-version")
    )


def latest_versions(keys: Iterable[tuple[int, int, str]]) -> dict[tuple[int, int, str], int]:
    """The highest version of each (indicator id, unit id, period) that has one."""
    keys = set(keys)
    if not keys:
        return {}
    rows = (
        IndicatorValue.objects.filter(
            indicator_id__in={k[0] for k in keys},
            unit_id__in={k[1] for k in keys},
            period__in={k[2] for k in keys},
        )
        .values_list("indicator_id", "unit_id", "period")
        .annotate(latest=Max("version"))
        .order_by()
    )
    return {(i, u, p): v for i, u, p, v in rows if (i, u, p) in keys}


def target_points(indicator: Indicator, unit: Unit) -> list[TargetPoint]:
    points = []
    for t in Target.objects.filter(indicator=indicator, unit=unit).order_by("period", "id"):
        period = parse_calendar_period(t.period)
        base = parse_calendar_period(t.baseline_period) if t.baseline_period else None
        points.append(TargetPoint(period, t.target, t.baseline, base, t.trajectory))
    return points


@dataclass(frozen=True)
class UnitFigure:
    """One indicator at one unit for one period, against its target."""

    unit: Unit
    indicator: Indicator
    period: CalendarPeriod
    figure: Figure
    target: Decimal | None
    expected_value: Decimal | None
    achievement: Decimal | None
    status: str | None

    def as_dict(self) -> dict[str, object]:
        f = self.figure
        return {
            "code": self.unit.code,
            "unit": self.unit.name,
            "indicator": self.indicator.code,
            "period": str(self.period),
            "value": json_number(f.value),
            "own": json_number(f.own),
            "aggregate": json_number(f.aggregate),
            "target": json_number(self.target),
            "expected_value": json_number(self.expected_value),
            "achievement": json_number(self.achievement, places=1),
            "status": self.status,
            "reported": f.reported,
            "expected": f.expected,
            "reason": f.reason,
        }


def json_number(value: Decimal | None, places: int = 6) -> int | float | None:
    """A figure for JSON: whole numbers as integers, others rounded to `places` decimals."""
    if value is None:
        return None
    rounded = round(value, places)
    return (
        int(rounded) if places == 6 and rounded == rounded.to_integral_value() else float(rounded)
    )


def thresholds() -> dict[str, list[tuple[str, Decimal]]]:
    configured = getattr(settings, "STEERCO_INDICATOR_THRESHOLDS", None) or DEFAULT_THRESHOLDS
    return {
        direction: [(name, Decimal(str(factor))) for name, factor in rules]
        for direction, rules in configured.items()
    }


def unit_figure(
    *,
    unit: Unit,
    indicator: Indicator,
    period: CalendarPeriod,
    recorded_by: datetime | None = None,
) -> UnitFigure:
    """The unit's value (its own entry, else the aggregate below it), target, trajectory,
    achievement and status: a catalogue read, one subtree read, one values read and one
    targets read, whatever the subtree's size. `recorded_by`: the values as they stood
    then (a closed reporting period's `closed_at`)."""
    specs = catalogue_specs()
    spec = specs[indicator.code]
    codes = entered_closure(specs, indicator.code)
    facts = Facts(
        specs,
        subtree_nodes(unit),
        latest_entries(specs, codes, unit, period, recorded_by=recorded_by),
    )
    figure = Evaluator(facts).figure(indicator.code, unit.path, period)
    points = target_points(indicator, unit)
    target = target_for(points, period)
    expected = expected_value(points, period, flow=spec.rollup == "sum" or spec.cumulative)
    return UnitFigure(
        unit=unit,
        indicator=indicator,
        period=period,
        figure=figure,
        target=target.target if target else None,
        expected_value=expected,
        achievement=achievement(figure.value, target.target if target else None, spec.direction),
        status=status(figure.value, expected, spec.direction, thresholds()),
    )
