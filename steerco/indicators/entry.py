"""The entry grid's write: a unit's values of several indicators for one period, recorded
through `services.value_record` all or nothing.

Every value is checked; when any is refused, nothing is written and each refusal names
its indicator. A value equal to the latest version adds no version, so submitting the
same grid twice records it once. Warnings (a value far from the previous period's) do
not block.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from steerco.lib.calendar_periods import CalendarPeriod
from steerco.units.models import Unit

from .models import Indicator, ValueSource
from .problems import IndicatorError
from .services import value_record


class GridError(Exception):
    """Values refused, by indicator code; nothing was recorded."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{code}: {message}" for code, message in errors.items()))
        self.errors = errors


@dataclass
class GridResult:
    recorded: list[str] = field(default_factory=list)  # codes with a new version
    unchanged: list[str] = field(default_factory=list)  # the same as the latest version
    warnings: dict[str, str] = field(default_factory=dict)


def grid_record(
    *,
    unit: Unit,
    period: CalendarPeriod,
    indicators: Mapping[str, Indicator],
    values: Mapping[str, str],
    author: Any = None,
    comment: str = "",
    comments: Mapping[str, str] | None = None,
    source: str = ValueSource.ENTERED,
) -> GridResult:
    """Record `values` (raw text by indicator code; empty ones are left alone) for `unit`
    and `period`. Raises GridError, writing nothing, when any value is refused. `comments`
    (by code) overrides `comment` for a value; `source` is imported for an uploaded sheet."""
    result = GridResult()
    errors: dict[str, str] = {}
    with transaction.atomic():
        for code, raw in values.items():
            if not raw.strip():
                continue
            try:
                recorded = value_record(
                    unit=unit,
                    indicator=indicators[code],
                    period=period,
                    value=raw,
                    author=author,
                    source=source,
                    comment=(comments or {}).get(code) or comment,
                )
            except IndicatorError as exc:
                errors[code] = str(exc)
                continue
            (result.recorded if recorded.created else result.unchanged).append(code)
            if recorded.warning:
                result.warnings[code] = recorded.warning
        if errors:
            raise GridError(errors)  # leaves the block: every value recorded above is undone
    return result
