"""Indicator figures up the unit tree and over time: pure functions over plain rows.

A unit's *own* figure comes from its own entries; its *aggregate* from the units that
report below it; its *value* is its own figure where there is one, else the aggregate.
The units a unit aggregates are its reporting frontier: the units below it whose kind
reports the indicator, with no reporting unit between (a province aggregates its
communes; the centre aggregates provinces, each by its own entry or its communes').

Over time, a period longer than the indicator's is rolled up per unit first (sum for
flows, the last value for stocks and cumulative figures, the mean for rates), then up
the tree. A ratio divides its numerator's and denominator's figures (so up the tree it
is a ratio of sums, never a mean of the communes' percentages); a formula is evaluated
on its inputs' figures, after their aggregation.

Across a merger (the provinces of 1 July 2025): a unit that names predecessors (units
that ended, `UnitNode.successor` pointing at it) takes, for a period that ended by the
day they ended and where it has no entry of its own, the aggregate of its predecessors'
figures by the indicator's rule — so a trend crosses the merger instead of starting at
it. A longer period that spans the day is rolled up over time from its sub-periods'
figures, each read before or after the merger as it falls. Ended units never count in
their parent's aggregate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from steerco.lib.calendar_periods import MONTHS_IN, CalendarPeriod, PeriodType

from . import formula as formulas
from . import reasons
from .catalogue import IndicatorSpec


@dataclass(frozen=True)
class UnitNode:
    path: str
    kind: str
    ended_on: date | None = None
    successor: str | None = None  # the path of the unit that took over when it ended


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    own: Decimal | None
    aggregate: Decimal | None
    reported: int = 0
    expected: int = 0
    reason: str = ""


@dataclass
class Facts:
    """What the figures are computed from: the catalogue, a subtree (its root first) and the
    latest entry of each (code, unit path, period text)."""

    specs: Mapping[str, IndicatorSpec]
    units: Sequence[UnitNode]
    entries: Mapping[tuple[str, str, str], Decimal]
    _frontiers: dict[tuple[str, ...], dict[str, list[str]]] = field(default_factory=dict)
    _predecessors: dict[str, list[UnitNode]] | None = None

    def frontier(self, levels: tuple[str, ...], path: str) -> list[str]:
        """The paths `path` aggregates for an indicator reported at `levels`."""
        if levels not in self._frontiers:
            self._frontiers[levels] = reporting_frontiers(self.units, levels)
        return self._frontiers[levels].get(path, [])

    def predecessors(self, path: str) -> list[UnitNode]:
        """The units that ended and were taken over by the unit at `path`."""
        if self._predecessors is None:
            self._predecessors = {}
            for unit in self.units:
                if unit.successor is not None and unit.ended_on is not None:
                    self._predecessors.setdefault(unit.successor, []).append(unit)
        return self._predecessors.get(path, [])


def reporting_frontiers(units: Sequence[UnitNode], levels: tuple[str, ...]) -> dict[str, list[str]]:
    """For each unit, the reporting units it aggregates: those below it with no reporting
    unit between (every kind reports if `levels` is empty). `units` is a subtree in path
    order, its root first."""
    frontiers: dict[str, list[str]] = {}
    stack: list[tuple[str, bool]] = []  # the current unit's ancestors: (path, reports)
    for unit in units:
        while stack and not unit.path.startswith(stack[-1][0]):
            stack.pop()
        reports = not levels or unit.kind in levels
        if unit.ended_on is not None:  # a former unit: its own subtree only, never counted above
            stack.append((unit.path, True))
            continue
        if stack and reports:
            for depth in range(len(stack) - 1, -1, -1):
                ancestor, ancestor_reports = stack[depth]
                frontiers.setdefault(ancestor, []).append(unit.path)
                if ancestor_reports:
                    break
        stack.append((unit.path, reports))
    return frontiers


def combine(method: str, values: Sequence[Decimal]) -> Decimal | None:
    """Sum, mean, min or max of the values present; None for none or for `none`."""
    if not values or method == "none":
        return None
    if method == "sum":
        return sum(values, Decimal(0))
    if method == "mean":
        return sum(values, Decimal(0)) / len(values)
    return min(values) if method == "min" else max(values)


def roll_up(rule: str, values: Sequence[tuple[CalendarPeriod, Decimal]]) -> Decimal | None:
    """A longer period from the sub-periods present: sum, last (latest present) or mean."""
    if not values:
        return None
    if rule == "last":
        return max(values, key=lambda pv: pv[0].sort_key)[1]
    return combine("sum" if rule == "sum" else "mean", [v for _, v in values])


class Evaluator:
    """Figures of any indicator at any unit of the subtree for any period, memoised."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.memo: dict[tuple[str, str, CalendarPeriod], Figure] = {}
        self.trees: dict[str, formulas.Node] = {}
        self.texts: dict[tuple[CalendarPeriod, PeriodType], list[tuple[CalendarPeriod, str]]] = {}

    def figure(self, code: str, path: str, period: CalendarPeriod) -> Figure:
        key = (code, path, period)
        if key not in self.memo:
            spec = self.facts.specs[code]
            if spec.kind == "entered":
                self.memo[key] = self._entered(spec, path, period)
            else:
                self.memo[key] = self._computed(spec, path, period)
        return self.memo[key]

    def own(self, spec: IndicatorSpec, path: str, period: CalendarPeriod) -> Decimal | None:
        own_type = PeriodType(spec.period_type)
        if period.type == own_type:
            return self.facts.entries.get((spec.code, path, str(period)))
        if MONTHS_IN[period.type] < MONTHS_IN[own_type]:
            return None
        if (period, own_type) not in self.texts:
            self.texts[period, own_type] = [(p, str(p)) for p in period.subperiods(own_type)]
        entries, present = self.facts.entries, []
        for sub, text in self.texts[period, own_type]:
            value = entries.get((spec.code, path, text))
            if value is not None:
                present.append((sub, value))
        return roll_up(spec.rollup, present)

    def _entered(self, spec: IndicatorSpec, path: str, period: CalendarPeriod) -> Figure:
        own = self.own(spec, path, period)
        predecessors = self.facts.predecessors(path)
        if predecessors:
            merged = self._across_merger(spec, path, period, own, predecessors)
            if merged is not None:
                return merged
        children = self.facts.frontier(spec.levels, path)
        present = [
            v for c in children if (v := self.figure(spec.code, c, period).value) is not None
        ]
        aggregate = combine(spec.aggregation, present)
        value = own if own is not None else aggregate
        reason = "" if value is not None else missing_reason(spec, period, bool(children))
        return Figure(value, own, aggregate, len(present), len(children), reason)

    def _across_merger(
        self,
        spec: IndicatorSpec,
        path: str,
        period: CalendarPeriod,
        own: Decimal | None,
        predecessors: list[UnitNode],
    ) -> Figure | None:
        """The figure from the predecessors for a period before they ended (without an entry
        of the unit's own), or rolled up over a longer period that spans the day; None for a
        period after it."""
        ended = max(p.ended_on for p in predecessors if p.ended_on is not None)
        if period.ends_on <= ended:
            if own is not None:
                return None
            present = [
                v
                for p in predecessors
                if (v := self.figure(spec.code, p.path, period).value) is not None
            ]
            if not present:
                return None
            aggregate = combine(spec.aggregation, present)
            reason = "" if aggregate is not None else missing_reason(spec, period, True)
            return Figure(aggregate, None, aggregate, len(present), len(predecessors), reason)
        own_type = PeriodType(spec.period_type)
        if period.starts_on > ended or MONTHS_IN[period.type] <= MONTHS_IN[own_type]:
            return None
        subs = [(sub, self.figure(spec.code, path, sub)) for sub in period.subperiods(own_type)]
        rolled = roll_up(spec.rollup, [(sub, f.value) for sub, f in subs if f.value is not None])
        children = self.facts.frontier(spec.levels, path)  # completeness as for any period
        reported = sum(1 for c in children if self.figure(spec.code, c, period).value is not None)
        reason = "" if rolled is not None else reasons.no_value()
        return Figure(rolled, own, rolled, reported, len(children), reason)

    def _computed(self, spec: IndicatorSpec, path: str, period: CalendarPeriod) -> Figure:
        inputs = {code: self.figure(code, path, period) for code in sorted(spec.reads)}
        results = [
            self._apply(spec, {code: getattr(f, part) for code, f in inputs.items()})
            for part in ("value", "own", "aggregate")
        ]
        children = self.facts.frontier(spec.levels, path)
        reported = sum(1 for c in children if self.figure(spec.code, c, period).value is not None)
        reason = results[0].reason or next((f.reason for f in inputs.values() if f.reason), "")
        return Figure(
            results[0].value,
            results[1].value,
            results[2].value,
            reported,
            len(children),
            "" if results[0].value is not None else reason,
        )

    def _apply(self, spec: IndicatorSpec, values: dict[str, Decimal | None]) -> formulas.Outcome:
        if spec.kind == "formula" and spec.code not in self.trees:
            self.trees[spec.code] = formulas.parse(spec.formula)
        return apply_computed(spec, values, self.trees.get(spec.code))


def apply_computed(
    spec: IndicatorSpec, values: Mapping[str, Decimal | None], tree: formulas.Node | None = None
) -> formulas.Outcome:
    """A ratio or formula on its inputs' values (`tree`: the formula parsed once)."""
    if spec.kind == "ratio":
        assert spec.numerator is not None and spec.denominator is not None
        numerator, denominator = values[spec.numerator], values[spec.denominator]
        if numerator is None or denominator is None:
            missing = spec.numerator if numerator is None else spec.denominator
            return formulas.Outcome(None, reasons.no_input(missing))
        if denominator == 0:
            return formulas.Outcome(None, reasons.division_by_zero(spec.denominator))
        return formulas.Outcome(numerator / denominator * spec.factor)
    return formulas.evaluate(tree or formulas.parse(spec.formula), dict(values))


def missing_reason(spec: IndicatorSpec, period: CalendarPeriod, has_children: bool) -> str:
    """Why a figure has none: a `reasons.Reason` (its code and parameters; English as text)."""
    if MONTHS_IN[period.type] < MONTHS_IN[PeriodType(spec.period_type)]:
        return reasons.kept_by(spec.code, spec.period_type, str(period))
    if spec.aggregation == "none" and has_children:
        return reasons.not_aggregated(spec.code)
    return reasons.no_value()
