"""Targets against values: the trajectory's expected value, achievement and status (pure).

A unit's targets for an indicator are milestones: each target at the end of its period,
each baseline at the end of its baseline period. Between two milestones the expected
value follows the later target's trajectory: *linear* (in proportion to the months
elapsed) or *step* (the earlier milestone's value until the target's period ends).
Before its first milestone a flow or cumulative figure (a year's budget revenue) starts
from zero at the start of the target's period, so nine months of a year plan expect
three quarters of it; a stock or rate without a baseline simply expects its target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from steerco.lib.calendar_periods import CalendarPeriod

HUNDRED = Decimal(100)
# Ordered status rules by direction: the first rule the value meets gives the status,
# RED when none does. Higher is better: value >= expected x factor; lower: value <= it.
DEFAULT_THRESHOLDS: dict[str, list[tuple[str, Decimal]]] = {
    "higher": [("GREEN", Decimal("1")), ("YELLOW", Decimal("0.9"))],
    "lower": [("GREEN", Decimal("1")), ("YELLOW", Decimal("1.1"))],
}


@dataclass(frozen=True)
class TargetPoint:
    period: CalendarPeriod
    target: Decimal
    baseline: Decimal | None = None
    baseline_period: CalendarPeriod | None = None
    trajectory: str = "linear"


def target_for(targets: Sequence[TargetPoint], period: CalendarPeriod) -> TargetPoint | None:
    """The period's own target, else the next one due after it (the shortest if several)."""
    later = [t for t in targets if t.period.end_index >= period.end_index]
    exact = [t for t in later if t.period == period]
    if exact:
        return exact[0]
    return min(later, key=lambda t: t.period.sort_key, default=None)


def expected_value(
    targets: Sequence[TargetPoint], period: CalendarPeriod, *, flow: bool
) -> Decimal | None:
    """What the trajectory expects at the end of `period`; None past the last target."""
    at = period.end_index
    following = target_for(targets, period)
    if following is None:
        return None
    if following.period.end_index == at:
        return following.target
    earlier = _milestones_before(targets, at)
    if earlier is None:
        if not (flow and following.period.start_index <= period.start_index):
            return following.target
        earlier = (following.period.start_index - 1, Decimal(0))
    start, value = earlier
    if following.trajectory == "step":
        return value
    span = following.period.end_index - start
    return value + (following.target - value) * Decimal(at - start) / Decimal(span)


def _milestones_before(targets: Sequence[TargetPoint], at: int) -> tuple[int, Decimal] | None:
    points: list[tuple[int, int, Decimal]] = []  # (month index, 1 for a target, value)
    for t in targets:
        if t.period.end_index < at:
            points.append((t.period.end_index, 1, t.target))
        if t.baseline is not None and t.baseline_period and t.baseline_period.end_index < at:
            points.append((t.baseline_period.end_index, 0, t.baseline))
    if not points:
        return None
    index, _, value = max(points, key=lambda p: (p[0], p[1]))
    return index, value


def achievement(value: Decimal | None, target: Decimal | None, direction: str) -> Decimal | None:
    """The value as a percentage of the target (120 for 120 against 100); for lower is
    better, target ÷ value × 100. None without both, or when the divisor is zero."""
    if value is None or target is None:
        return None
    numerator, denominator = (value, target) if direction == "higher" else (target, value)
    if denominator == 0:
        return None
    return numerator / denominator * HUNDRED


def status(
    value: Decimal | None,
    expected: Decimal | None,
    direction: str,
    thresholds: dict[str, list[tuple[str, Decimal]]] | None = None,
) -> str | None:
    """GREEN / YELLOW / RED by the first threshold rule the value meets; None without both."""
    if value is None or expected is None:
        return None
    rules = (thresholds or DEFAULT_THRESHOLDS)[direction]
    for name, factor in rules:
        bound = expected * Decimal(factor)
        if (value >= bound) if direction == "higher" else (value <= bound):
            return name
    return "RED"
