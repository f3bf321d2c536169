"""The benchmark's indicators: 50 synthetic indicators entered monthly by communes, with
values for 12 months (national scale: every one of the 3,321 communes, two million
values), and the two operations timed on them — a national aggregation to the 34
provinces and a commune's entry-grid save.

The data is generated on first use into the benchmark's database (bulk inserts, ~2% of
the values corrected by a second version, then the summaries built once), and reused.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import transaction

from steerco.indicators.aggregation_sql import peer_figures, summaries_refresh
from steerco.indicators.entry import grid_record
from steerco.indicators.models import Indicator, IndicatorValue
from steerco.indicators.selectors import catalogue_specs
from steerco.lib.calendar_periods import CalendarPeriod, PeriodType
from steerco.units.models import Unit, UnitKind

from .bulk import analyze, columns, insert, next_id, reset_sequences

PREFIX = "BENCH_"
INDICATORS = 50
# how each indicator aggregates up the tree: 30 sums, 10 means, 5 maxima, 5 minima
AGGREGATIONS = ["sum"] * 30 + ["mean"] * 10 + ["max"] * 5 + ["min"] * 5
COMMUNES_PER_PROVINCE = {"small": 3, "province": None, "national": None}  # None: all
CORRECTED = 0.02


@dataclass(frozen=True)
class BenchIndicators:
    indicators: list[Indicator]
    provinces: list[Unit]
    months: list[CalendarPeriod]
    commune: Unit
    values: int


def months_before(as_of: date) -> list[CalendarPeriod]:
    """The 12 calendar months ending with the month before `as_of`'s."""
    end = CalendarPeriod(as_of.year, PeriodType.MONTH, as_of.month).previous()
    months = [end]
    while len(months) < 12:
        months.append(months[-1].previous())
    return months[::-1]


def ensure(
    *, scale: str, seed: int, as_of: date, say: Callable[[str], None] = lambda s: None
) -> BenchIndicators:
    """The benchmark's indicators and values, generated if the database has none."""
    months = months_before(as_of)
    if not Indicator.objects.filter(code__startswith=PREFIX).exists():
        say(f"bench: generating {INDICATORS} indicators x communes x 12 months")
        _generate(scale, seed, months)
    indicators = list(Indicator.objects.filter(code__startswith=PREFIX).order_by("code"))
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"))
    first = IndicatorValue.objects.filter(indicator=indicators[0]).order_by("unit__path").first()
    assert first is not None
    return BenchIndicators(
        indicators,
        provinces,
        months,
        Unit.objects.get(pk=first.unit_id),
        IndicatorValue.objects.filter(indicator__in=indicators).count(),
    )


@transaction.atomic
def _generate(scale: str, seed: int, months: list[CalendarPeriod]) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    indicators = _create_indicators()
    communes = _communes(scale)
    at = datetime(months[-1].year, months[-1].last_month, 28, tzinfo=UTC)
    first_id = next_id(IndicatorValue)
    insert(
        IndicatorValue._meta.db_table,
        columns(IndicatorValue, VALUE_FIELDS),
        _value_rows(rng, indicators, communes, months, at, first_id),
    )
    reset_sequences([IndicatorValue])
    summaries_refresh(indicator_ids=[i.pk for i in indicators])
    analyze()


VALUE_FIELDS = [
    "id",
    "indicator",
    "unit",
    "period",
    "version",
    "value",
    "source",
    "author",
    "recorded_at",
    "comment",
]


def _create_indicators() -> list[Indicator]:
    """The bench's entered monthly indicators, summed counts or averaged percents; as
    read back in code order."""
    indicators = [
        Indicator(
            code=f"{PREFIX}{n + 1:02d}",
            name_vi=f"Chỉ tiêu thử nghiệm {n + 1}",
            name_en=f"Benchmark indicator {n + 1}",
            measure_unit="%" if AGGREGATIONS[n] != "sum" else "hồ sơ",
            value_type="percent" if AGGREGATIONS[n] != "sum" else "count",
            kind="entered",
            direction="higher",
            aggregation=AGGREGATIONS[n],
            period_type="month",
            rollup="sum" if AGGREGATIONS[n] == "sum" else "mean",
            levels=["commune"],
        )
        for n in range(INDICATORS)
    ]
    Indicator.objects.bulk_create(indicators)
    return list(Indicator.objects.filter(code__startswith=PREFIX).order_by("code"))


def _value_rows(
    rng: random.Random,
    indicators: list[Indicator],
    communes: list[int],
    months: list[CalendarPeriod],
    at: datetime,
    first_id: int,
) -> Iterator[tuple]:
    """Each commune's imported value of each indicator for each month (VALUE_FIELDS, ids
    from `first_id`), wandering around a level of its own; some corrected once."""
    pk = first_id
    for indicator in indicators:
        percent = indicator.value_type == "percent"
        for commune in communes:
            base = rng.uniform(40, 95) if percent else rng.randint(20, 400)
            for month in months:
                value = (
                    Decimal(round(min(100.0, base + rng.uniform(-5, 5)), 1))
                    if percent
                    else Decimal(max(0, int(base) + rng.randint(-20, 20)))
                )
                versions = 2 if rng.random() < CORRECTED else 1
                for version in range(1, versions + 1):
                    yield (
                        pk,
                        indicator.pk,
                        commune,
                        str(month),
                        version,
                        value + version - 1,
                        "imported",
                        None,
                        at,
                        "",
                    )
                    pk += 1


def _communes(scale: str) -> list[int]:
    per_province = COMMUNES_PER_PROVINCE.get(scale)
    wanted = ("08",) if scale.startswith("province") else None
    out: list[int] = []
    for province in Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path"):
        if wanted and province.code not in wanted:
            continue
        ids = list(
            Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE)
            .order_by("path")
            .values_list("pk", flat=True)
        )
        out.extend(ids[:per_province] if per_province else ids)
    return out


def op_aggregate(data: BenchIndicators) -> object:
    """Every bench indicator for each of the 12 months at each of the 34 provinces."""
    return peer_figures(
        peers=data.provinces,
        specs=catalogue_specs(),
        codes=[i.code for i in data.indicators],
        periods=data.months,
    )


class _Rollback(Exception):  # noqa: N818 - control flow, not an error
    pass


def op_grid_save(data: BenchIndicators) -> None:
    """A commune's entry grid for the last month: one new value of each indicator (every
    one changed, so each is a new version), then rolled back so the data stays."""
    by_code = {i.code: i for i in data.indicators}
    values = {code: str(40 + n) for n, code in enumerate(by_code)}
    try:
        with transaction.atomic():
            result = grid_record(
                unit=data.commune, period=data.months[-1], indicators=by_code, values=values
            )
            if len(result.recorded) != len(values):
                raise RuntimeError(f"the grid recorded {len(result.recorded)} of {len(values)}")
            raise _Rollback
    except _Rollback:
        pass
