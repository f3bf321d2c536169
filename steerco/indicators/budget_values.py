"""The budget as indicators: allocated, disbursed and the disbursement rate of each unit's
subtree by month, computed from the budget and recorded as indicator values (issue 21).

Three catalogue entries (`SPECS`), defined here because the computation depends on them:
the amounts allocated and disbursed (đồng, whole numbers) and their ratio, the rate in
percent. The rate is a `ratio` indicator, so the indicator pages compute it from the two
amounts' figures — up the unit tree a ratio of sums, never a mean of the units' rates —
and nothing is recorded for it.

`budget_values_compute(period=...)` reads the budget's sums (`steerco.budget.selectors.
grouped_figures`, the sums the budget summary adds up) for the month's budget year as of
the month's end, and records for every unit whose subtree has money (and every unit that
had a value for the month before) its subtree's two amounts, source `computed`, through
`services.values_write`. A value equal to the latest recorded is not recorded again, so a
second run records nothing; a later run after new payments adds a version (values are an
append-only history: the latest version counts, the earlier ones stay visible).

The budget is imported from here because the indicators sit above it (tests/test_layers.py):
the budget app knows nothing of indicators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from steerco.budget.selectors import grouped_figures
from steerco.lib.calendar_periods import (
    CalendarPeriod,
    CalendarPeriodError,
    PeriodType,
    parse_calendar_period,
)
from steerco.units.models import SEGMENT, Unit

from .catalogue import IndicatorSpec
from .models import Indicator, IndicatorValue, ValueSource
from .problems import IndicatorError
from .selectors import spec_of
from .services import NewValue, catalogue_write, values_write

ALLOCATED = "BUDGET_ALLOCATED"
DISBURSED = "BUDGET_DISBURSED"
RATE = "BUDGET_DISBURSEMENT_RATE"
CODES = (ALLOCATED, DISBURSED, RATE)
COMPUTED = (ALLOCATED, DISBURSED)  # recorded by budget_values_compute, never entered by units
FIELD = "ngân sách"


# Month by month, each value the amount since the start of the budget year up to the end
# of the month (cumulative): November's is January–November. So a quarter or a year is not
# the sum of its months but the last month's value (rollup `last`, `cumulative`): the
# year 2026 reads December's figure, Q3 September's. The rate's own roll-up is only a
# label (a ratio is recomputed from its two amounts' roll-ups); it says the same.
# Aggregation `sum`: a unit without a value of its own shows the sum of the units below.
def _monthly(**fields: object) -> IndicatorSpec:
    return IndicatorSpec(
        direction="higher",
        aggregation="sum",
        period_type="month",
        rollup="last",
        cumulative=True,
        field=FIELD,
        **fields,  # type: ignore[arg-type]
    )


SPECS = (
    _monthly(
        code=ALLOCATED,
        name_vi="Kinh phí đã phân bổ",
        name_en="Budget allocated",
        measure_unit="đồng",
        value_type="amount",
        kind="entered",
    ),
    _monthly(
        code=DISBURSED,
        name_vi="Kinh phí đã giải ngân",
        name_en="Budget disbursed",
        measure_unit="đồng",
        value_type="amount",
        kind="entered",
    ),
    _monthly(
        code=RATE,
        name_vi="Tỷ lệ giải ngân",
        name_en="Disbursement rate",
        measure_unit="%",
        value_type="percent",
        kind="ratio",
        numerator=DISBURSED,
        denominator=ALLOCATED,
        factor=Decimal(100),
    ),
)


def budget_indicators() -> dict[str, Indicator]:
    """The three indicators by code, created or brought back to `SPECS` if they differ."""
    existing = {i.code: i for i in Indicator.objects.filter(code__in=CODES)}
    if len(existing) != len(CODES) or any(
        spec_of(existing[s.code]) != s for s in SPECS if s.code in existing
    ):
        catalogue_write(specs=SPECS, directives={})
        existing = {i.code: i for i in Indicator.objects.filter(code__in=CODES)}
    return existing


@dataclass(frozen=True)
class BudgetValuesResult:
    period: str
    as_of: date
    units: int  # units with a value for the month (their subtree has money)
    recorded: int  # values recorded (new or changed)
    unchanged: int

    def line(self) -> str:
        return (
            f"budget indicators {self.period} (as of {self.as_of:%Y-%m-%d}): {self.units} units, "
            f"{self.recorded} values recorded, {self.unchanged} unchanged"
        )


def month_period(text: str | CalendarPeriod) -> CalendarPeriod:
    try:
        period = text if isinstance(text, CalendarPeriod) else parse_calendar_period(text)
    except CalendarPeriodError as exc:
        raise IndicatorError(str(exc), field="period") from None
    if period.type != PeriodType.MONTH:
        raise IndicatorError(
            f"the budget indicators are kept by month; {period} is a {period.type}",
            field="period",
        )
    return period


def subtree_amounts(
    root: Unit, unit_paths: Mapping[str, int], *, year: int, as_of: date
) -> dict[int, tuple[int, int]]:
    """(allocated, disbursed) of each unit of `unit_paths` (path -> id, in `root`'s subtree)
    over the tasks led in its subtree: the budget's sums per lead unit (one read), added up
    into every unit above the lead unit — the sums `budget_summary` adds up for its totals."""
    depth = max((len(path) for path in unit_paths), default=len(root.path))
    sums: dict[int, list[int]] = {}
    groups = grouped_figures(
        root.path,
        root.upper_path,
        depth,
        year=year,
        as_of=as_of,
        amounts=("allocated", "disbursed"),
    )
    for (lead_path, *_rest), figures in groups.items():
        for cut in range(SEGMENT, len(lead_path) + 1, SEGMENT):
            unit_id = unit_paths.get(lead_path[:cut])
            if unit_id is not None:
                total = sums.setdefault(unit_id, [0, 0])
                total[0] += figures.allocated
                total[1] += figures.disbursed
    return {unit_id: (a, d) for unit_id, (a, d) in sums.items()}


@transaction.atomic
def budget_values_compute(
    *, period: str | CalendarPeriod, unit: Unit | None = None, as_of: date | None = None
) -> BudgetValuesResult:
    """Record the month's allocated and disbursed amounts of every unit (of `unit`'s subtree,
    default the whole tree) whose subtree has money in the month's budget year, as of the
    month's end (`as_of`: an earlier day, for a month not over yet). Idempotent."""
    month = month_period(period)
    day = min(as_of, month.ends_on) if as_of is not None else month.ends_on
    if day < month.starts_on:
        raise IndicatorError(f"{month} has not started on {day:%Y-%m-%d}", field="period")
    indicators = budget_indicators()
    pair = (indicators[ALLOCATED], indicators[DISBURSED])
    text = str(month)
    roots = [unit] if unit is not None else list(Unit.objects.filter(parent__isnull=True))
    amounts: dict[int, tuple[int, int]] = {}
    latest: dict[tuple[int, int], Decimal] = {}
    for root in roots:
        # A unit that ended before the month takes no value for it (its tasks count in the
        # subtree of the unit above it).
        paths = dict(
            Unit.objects.in_subtree(root)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month.starts_on))
            .values_list("path", "pk")
        )
        amounts.update(subtree_amounts(root, paths, year=month.year, as_of=day))
        latest.update(_latest(pair, text, root, set(paths.values())))
    had_value = {unit_id for _indicator_id, unit_id in latest}
    units = Unit.objects.in_bulk(sorted(amounts.keys() | had_value))
    rows, unchanged = [], 0
    for unit_id, u in sorted(units.items(), key=lambda item: item[1].path):
        for indicator, amount in zip(pair, amounts.get(unit_id, (0, 0)), strict=True):
            value = Decimal(amount)
            if latest.get((indicator.pk, unit_id)) == value:
                unchanged += 1
                continue
            comment = f"budget {month.year} as of {day:%Y-%m-%d}"
            rows.append(NewValue(indicator, u, text, value, comment=comment))
    if rows:
        values_write(rows=rows, source=ValueSource.COMPUTED)
    return BudgetValuesResult(text, day, len(units), len(rows), unchanged)


def _latest(
    pair: Sequence[Indicator], period: str, root: Unit, unit_ids: set[int]
) -> dict[tuple[int, int], Decimal]:
    """The latest value of each (indicator, unit) of `pair` in `root`'s subtree for `period`.
    Read as text: Django reads SQLite's decimals through a float (15 significant digits),
    and a sum of 10^15 đồng or more would never equal its own recorded value."""
    rows = (
        IndicatorValue.objects.filter(
            indicator__in=pair,
            period=period,
            unit__path__gte=root.path,
            unit__path__lt=root.upper_path,
        )
        .order_by("version")
        .values_list("indicator_id", "unit_id", Cast("value", CharField()))
    )
    return {(i, u): Decimal(value) for i, u, value in rows if u in unit_ids}


def months_to_date(year: int, today: date) -> list[CalendarPeriod]:
    """The months of `year` that have started by `today`."""
    return [
        CalendarPeriod(year, PeriodType.MONTH, m) for m in range(1, 13) if date(year, m, 1) <= today
    ]
