"""Whether a value may be recorded for an indicator: pure checks, errors and warnings.

Errors refuse the value (wrong type, out of range, a numerator above its denominator);
a warning lets it through but says it is far from the previous period's value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .catalogue import IndicatorSpec
from .numbers import parse_number, parse_yes_no, tidy

# A value more than this share above or below the previous period's is flagged.
FAR_FROM_PREVIOUS = Decimal("0.5")
PLACES = Decimal("0.000001")  # the six decimal places a value is kept with
LARGEST = Decimal(10) ** 18


@dataclass(frozen=True)
class Counterpart:
    """The other side of a ratio declared numerator ≤ denominator, for the same unit and period."""

    code: str
    value: Decimal
    is_denominator: bool  # True: the value checked is the numerator


@dataclass(frozen=True)
class Checked:
    value: Decimal | None
    error: str = ""
    warning: str = ""


def check_value(
    spec: IndicatorSpec,
    raw: str | Decimal,
    *,
    previous: Decimal | None = None,
    counterparts: tuple[Counterpart, ...] = (),
) -> Checked:
    """The value to record for `spec`, or the reason it cannot be recorded."""
    if spec.kind != "entered":
        parts = (
            f"{spec.numerator} and {spec.denominator}"
            if spec.kind == "ratio"
            else ", ".join(sorted(spec.dependencies))
        )
        return Checked(None, f"{spec.code} is computed from {parts}; enter those instead")
    try:
        value = _parse(spec, raw)
    except ValueError as exc:
        return Checked(None, str(exc))
    error = _range_error(spec, value)
    for other in counterparts:
        error = error or _ratio_error(spec.code, value, other)
    if error:
        return Checked(None, error)
    return Checked(value, warning=_far_warning(value, previous))


def _parse(spec: IndicatorSpec, raw: str | Decimal) -> Decimal:
    if isinstance(raw, Decimal):
        value = raw
    elif spec.value_type == "yesno":
        value = Decimal(1) if parse_yes_no(raw) and raw.strip() else Decimal(0)
        if not raw.strip():
            raise ValueError("no value; expected yes/no, có/không or 1/0")
    else:
        if not raw.strip():
            raise ValueError("no value")
        value = parse_number(raw)
    if abs(value) >= LARGEST:
        raise ValueError(f"{value} is too large")
    if value != value.quantize(PLACES):
        raise ValueError(f"{value}: at most six decimal places")
    return tidy(value)


def _range_error(spec: IndicatorSpec, value: Decimal) -> str:
    kind = spec.value_type
    if kind == "count" and value != value.to_integral_value():
        return f"{value}: a count is a whole number"
    if kind == "yesno" and value not in (0, 1):
        return f"{value}: expected yes (1) or no (0)"
    low = spec.min_value
    high = spec.max_value
    if low is None and kind in ("count", "percent", "points"):
        low = Decimal(0)
    if high is None and kind == "percent":
        high = Decimal(100)
    if low is not None and value < low:
        return f"{value} is below {low}, the smallest {spec.code} can be"
    if high is not None and value > high:
        return f"{value} is above {high}, the largest {spec.code} can be"
    return ""


def _ratio_error(code: str, value: Decimal, other: Counterpart) -> str:
    if other.is_denominator and value > other.value:
        return (
            f"the numerator {code} ({value}) is above its denominator "
            f"{other.code} ({tidy(other.value)}) for the same unit and period"
        )
    if not other.is_denominator and value < other.value:
        return (
            f"the denominator {code} ({value}) is below its numerator "
            f"{other.code} ({tidy(other.value)}) for the same unit and period"
        )
    return ""


def _far_warning(value: Decimal, previous: Decimal | None) -> str:
    if previous is None or previous == 0:
        return ""
    change = (value - previous) / abs(previous)
    if abs(change) <= FAR_FROM_PREVIOUS:
        return ""
    return (
        f"{value} is {abs(change) * 100:.0f}% {'above' if change > 0 else 'below'} "
        f"the previous period's {tidy(previous)}; check it"
    )


def target_problem(target: Decimal) -> str:
    """Why `target` cannot be a target, or "" when it can (pure; the service, the targets
    import and the admin ask it, and a database constraint states it again).

    A target must be more than 0, for every indicator. Every target is one term of a
    ratio with the value: achievement is value ÷ target (target ÷ value when lower is
    better) on the indicator pages and in reports, and an index's `target` normalisation
    scores v ÷ T (T ÷ v) capped at 1. A target of 0 or below gives neither a percentage
    nor a score in either direction. The rule does not depend on which indices read the
    indicator today: a target stays valid when an index is defined over it later. A
    baseline is no ratio term and may be 0 or below."""
    if not target.is_finite():
        return f"{target} is not a number"
    if target <= 0:
        return (
            f"a target must be more than 0, not {tidy(target)}: achievement and an index's "
            "target score are ratios of the value and the target"
        )
    if abs(target) >= LARGEST:
        return f"{target} is too large"
    if target != target.quantize(PLACES):
        return f"{target}: at most six decimal places"
    return ""
