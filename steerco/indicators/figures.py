"""A unit's indicator figures as the pages, the overview and the meeting report read them.

Which period a report reads: a report (or overview) as of a date D reads each indicator's
latest period of its own type that has ended by D (`period_as_of`): as of 20 October 2025
a monthly cumulative figure is September's ("9 tháng năm 2025"), a quarterly one the
third quarter's, a yearly one 2024's.

What it reads as of a closed reporting period: when D is the cut-off of a reporting
period closed with `steerco period close` (scoring), the values are read as they were
recorded at the close (`recorded_by` = its `closed_at`), so a correction entered later
does not change what that meeting was told; the live value stays readable beside it.

Every figure here is computed the way `selectors.unit_figure` computes it (the same
Evaluator, the same target, trajectory, achievement and status rules), in a fixed number
of queries for a whole set of indicators.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Q

from steerco.lib.calendar_periods import CalendarPeriod, PeriodType, parse_calendar_period
from steerco.scoring.models import ReportingPeriod
from steerco.scoring.ranking import competition_ranks
from steerco.scoring.selectors import closed_period_on
from steerco.units.models import Unit

from . import budget_values
from .aggregation import Evaluator, Facts, Figure
from .catalogue import IndicatorSpec
from .models import Indicator, IndicatorValue, Target
from .selectors import (
    UnitFigure,
    catalogue_specs,
    entered_closure,
    latest_entries,
    subtree_nodes,
    thresholds,
)
from .sentences import change_phrase, figure_sentence
from .trajectory import TargetPoint, achievement, expected_value, status, target_for

HISTORY_LENGTH = {
    PeriodType.MONTH: 12,
    PeriodType.QUARTER: 8,
    PeriodType.HALF: 6,
    PeriodType.YEAR: 6,
}


def period_as_of(period_type: str, as_of: date) -> CalendarPeriod:
    """The latest period of `period_type` that has ended by `as_of`."""
    month = CalendarPeriod(as_of.year, PeriodType.MONTH, as_of.month)
    period = month.enclosing(PeriodType(period_type))
    return period if period.ends_on <= as_of else period.previous()


def following(period: CalendarPeriod) -> CalendarPeriod:
    """The period of the same type after `period`."""
    day = period.ends_on + timedelta(days=1)
    return CalendarPeriod(day.year, PeriodType.MONTH, day.month).enclosing(period.type)


def closing_time(as_of: date) -> datetime | None:
    """When the reporting period whose cut-off is `as_of` was closed; None if none was."""
    closed = closed_period_on(as_of=as_of)
    return closed.closed_at if closed else None


def close_that_read(period: CalendarPeriod) -> ReportingPeriod | None:
    """The latest closed reporting period whose report read `period` (its cut-off falls
    on or after the period's end and before the next period's end)."""
    return (
        ReportingPeriod.objects.filter(
            closed_at__isnull=False,
            ends_on__gte=period.ends_on,
            ends_on__lt=following(period).ends_on,
        )
        .order_by("-ends_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class KeyFigure:
    """A unit's figure for one indicator and period, with the target's period (to say
    "kế hoạch năm") and the same period a year earlier (to say "tăng 77% so với cùng kỳ")."""

    current: UnitFigure
    spec: IndicatorSpec
    target_period: CalendarPeriod | None
    last_year: Decimal | None

    @property
    def value(self) -> Decimal | None:
        return self.current.figure.value

    @property
    def change(self) -> Decimal | None:
        """Percent change on the same period a year earlier."""
        if self.value is None or self.last_year is None or self.last_year == 0:
            return None
        return (self.value - self.last_year) / abs(self.last_year) * 100

    @property
    def basis(self) -> str:
        """What the target is called: the year's plan, the period's plan, or a target."""
        t, p = self.target_period, self.current.period
        if t is not None and t.type == PeriodType.YEAR and t.year == p.year:
            return "plan_year"
        return "plan" if t == p else "target"

    def name(self, lang: str) -> str:
        return self.spec.name_en or self.spec.name_vi if lang == "en" else self.spec.name_vi

    def sentence(self, lang: str = "vi") -> str:
        assert self.value is not None
        return figure_sentence(
            name=self.name(lang),
            value=self.value,
            measure_unit=self.spec.measure_unit,
            period=self.current.period,
            cumulative=self.spec.cumulative,
            achievement=self.current.achievement,
            basis=self.basis,
            same_period_last_year=self.last_year,
            lang=lang,
        )

    def change_text(self, lang: str = "vi") -> str:
        if self.value is None or self.last_year is None:
            return ""
        return change_phrase(self.value, self.last_year, lang=lang) or ""


def _points(rows: Iterable[Target]) -> dict[int, list[TargetPoint]]:
    points: dict[int, list[TargetPoint]] = {}
    for t in rows:
        base = parse_calendar_period(t.baseline_period) if t.baseline_period else None
        points.setdefault(t.indicator_id, []).append(
            TargetPoint(parse_calendar_period(t.period), t.target, t.baseline, base, t.trajectory)
        )
    return points


def _entries(
    specs: dict[str, IndicatorSpec],
    wanted: dict[CalendarPeriod, set[str]],
    unit: Unit,
    recorded_by: datetime | None,
) -> dict[tuple[str, str, str], Decimal]:
    entries: dict[tuple[str, str, str], Decimal] = {}
    for period, codes in sorted(wanted.items(), key=lambda pc: pc[0].sort_key):
        entries.update(latest_entries(specs, codes, unit, period, recorded_by=recorded_by))
    return entries


def _against_target(
    unit: Unit,
    indicator: Indicator,
    spec: IndicatorSpec,
    period: CalendarPeriod,
    figure: Figure,
    points: Sequence[TargetPoint],
    rules: dict[str, list[tuple[str, Decimal]]],
) -> tuple[UnitFigure, CalendarPeriod | None]:
    target = target_for(points, period)
    expected = expected_value(points, period, flow=spec.rollup == "sum" or spec.cumulative)
    return (
        UnitFigure(
            unit=unit,
            indicator=indicator,
            period=period,
            figure=figure,
            target=target.target if target else None,
            expected_value=expected,
            achievement=achievement(
                figure.value, target.target if target else None, spec.direction
            ),
            status=status(figure.value, expected, spec.direction, rules),
        ),
        target.period if target else None,
    )


def figures_at(
    *,
    unit: Unit,
    items: Sequence[tuple[Indicator, CalendarPeriod]],
    recorded_by: datetime | None = None,
    targets: Sequence[Target] | None = None,
) -> list[KeyFigure]:
    """The unit's figure of each (indicator, period), with the same period a year earlier:
    the catalogue (2 queries), the subtree (1), the values (1 per distinct period) and the
    targets (1, or none when given)."""
    if not items:
        return []
    specs = catalogue_specs()
    wanted: dict[CalendarPeriod, set[str]] = {}
    for indicator, period in items:
        closure = entered_closure(specs, indicator.code)
        for p in (period, period.same_period_last_year()):
            wanted.setdefault(p, set()).update(closure)
    evaluator = Evaluator(
        Facts(specs, subtree_nodes(unit), _entries(specs, wanted, unit, recorded_by))
    )
    if targets is None:
        targets = list(
            Target.objects.filter(unit=unit, indicator__in=[i for i, _ in items]).order_by(
                "period", "id"
            )
        )
    points = _points(targets)
    rules = thresholds()
    result = []
    for indicator, period in items:
        spec = specs[indicator.code]
        figure = evaluator.figure(indicator.code, unit.path, period)
        current, target_period = _against_target(
            unit, indicator, spec, period, figure, points.get(indicator.pk, []), rules
        )
        last_year = evaluator.figure(indicator.code, unit.path, period.same_period_last_year())
        result.append(KeyFigure(current, spec, target_period, last_year.value))
    return result


def key_figures(*, unit: Unit, as_of: date) -> list[KeyFigure]:
    """The indicators the unit has a target for, each at its latest period ended by
    `as_of`, as the overview shows them (with a value). One query when the unit has no
    target; as recorded at the close when `as_of` is a closed period's cut-off."""
    targets = list(
        Target.objects.filter(unit=unit).select_related("indicator").order_by("period", "id")
    )
    if not targets:
        return []
    indicators = sorted({t.indicator.code: t.indicator for t in targets}.values(), key=_order)
    items = [(i, period_as_of(i.period_type, as_of)) for i in indicators]
    found = figures_at(unit=unit, items=items, recorded_by=closing_time(as_of), targets=targets)
    return [f for f in found if f.value is not None]


def report_figures(*, unit: Unit, as_of: date) -> tuple[list[KeyFigure], datetime | None]:
    """Every indicator with a value for the unit (its own or its subtree's) at its latest
    period ended by `as_of`, for the meeting report; and the closing time they were read
    at, when `as_of` is a closed period's cut-off. No figure when the subtree has no value
    in those periods."""
    indicators = sorted(Indicator.objects.all(), key=_order)
    if not indicators:
        return [], None
    items = [(i, period_as_of(i.period_type, as_of)) for i in indicators]
    recorded_by = closing_time(as_of)
    texts = {str(p) for _, p in items}
    present = IndicatorValue.objects.filter(
        period__in=texts, unit__path__gte=unit.path, unit__path__lt=unit.upper_path
    )
    if recorded_by is not None:
        present = present.filter(recorded_at__lte=recorded_by)
    if not present.exists():
        return [], recorded_by
    found = figures_at(unit=unit, items=items, recorded_by=recorded_by)
    return [f for f in found if f.value is not None], recorded_by


def _order(indicator: Indicator) -> tuple[str, str]:
    return (indicator.field, indicator.code)


@dataclass(frozen=True)
class HistoryPoint:
    period: CalendarPeriod
    value: Decimal | None
    target: Decimal | None
    expected_value: Decimal | None
    achievement: Decimal | None
    status: str | None


def history(*, unit: Unit, indicator: Indicator, period: CalendarPeriod) -> list[HistoryPoint]:
    """The unit's figure for the periods of `period`'s type up to it, oldest first: one
    values query per calendar year spanned."""
    periods = [period]
    for _ in range(HISTORY_LENGTH[period.type] - 1):
        periods.insert(0, periods[0].previous())
    years = sorted({p.year for p in periods})
    specs = catalogue_specs()
    codes = entered_closure(specs, indicator.code)
    wanted = {CalendarPeriod(y, PeriodType.YEAR): set(codes) for y in years}
    evaluator = Evaluator(Facts(specs, subtree_nodes(unit), _entries(specs, wanted, unit, None)))
    points = _points(Target.objects.filter(unit=unit, indicator=indicator).order_by("period", "id"))
    spec, rules = specs[indicator.code], thresholds()
    result = []
    for p in periods:
        f, _ = _against_target(
            unit,
            indicator,
            spec,
            p,
            evaluator.figure(indicator.code, unit.path, p),
            points.get(indicator.pk, []),
            rules,
        )
        result.append(
            HistoryPoint(p, f.figure.value, f.target, f.expected_value, f.achievement, f.status)
        )
    return result


@dataclass(frozen=True)
class PeerRow:
    rank: int
    unit: Unit
    value: Decimal | None
    reported: int
    expected: int
    is_self: bool


def peer_figures(
    *, unit: Unit, peers: Sequence[Unit], indicator: Indicator, period: CalendarPeriod
) -> list[PeerRow]:
    """The peers' values of one indicator for one period, ranked (1, 2, 2, 4; by the
    indicator's direction; peers without a value last). Evaluated once over the parent's
    subtree: the catalogue, the subtree and one values query."""
    if unit.parent_id is None or len(peers) < 2:
        return []
    parent = Unit.objects.get(pk=unit.parent_id)
    specs = catalogue_specs()
    codes = entered_closure(specs, indicator.code)
    evaluator = Evaluator(
        Facts(
            specs,
            subtree_nodes(parent),
            latest_entries(specs, codes, parent, period),
        )
    )
    figures = {p.pk: evaluator.figure(indicator.code, p.path, period) for p in peers}
    ranks = competition_ranks(
        {pk: None if f.value is None else float(f.value) for pk, f in figures.items()},
        higher_is_better=specs[indicator.code].direction == "higher",
    )
    rows = [
        PeerRow(
            ranks[p.pk],
            p,
            figures[p.pk].value,
            figures[p.pk].reported,
            figures[p.pk].expected,
            p.pk == unit.pk,
        )
        for p in peers
    ]
    return sorted(rows, key=lambda r: (r.rank, r.unit.path))


def entry_indicators(unit: Unit, period: CalendarPeriod) -> list[Indicator]:
    """The indicators `unit` enters for `period`: entered ones of the period's type whose
    reporting levels include the kind the unit reports as (a former province: a
    province's), or name no level. The budget's amounts are computed, never entered
    (`budget_values`)."""
    rows = (
        Indicator.objects.filter(kind="entered", period_type=str(period.type))
        .exclude(code__in=budget_values.COMPUTED)
        .order_by("field", "code")
    )
    return [i for i in rows if not i.levels or unit.reports_as in i.levels]


def latest_own_values(
    unit: Unit, indicators: Sequence[Indicator], periods: Sequence[CalendarPeriod]
) -> dict[tuple[int, str], IndicatorValue]:
    """The latest version of the unit's own entry of each indicator for each period."""
    rows = IndicatorValue.objects.filter(
        Q(indicator__in=list(indicators)), unit=unit, period__in=[str(p) for p in periods]
    ).order_by("version")
    return {(v.indicator_id, v.period): v for v in rows}
