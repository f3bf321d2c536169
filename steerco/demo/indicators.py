"""The demo's indicators: the seeds' catalogue with values and targets for the 34 provinces
over 2024-2025, deterministic (one seeded random generator, units in code order).

Periods before the merger of 1 July 2025 are entered on the former provinces (`old-NN`,
`steerco units load`) wherever the indicator aggregates, so a province's 2024 figure is
rolled up from its predecessors; indicators that do not aggregate (forest cover, GRDP
growth) were republished for the new provinces and are entered on them. Commune-level
indicators start with the new communes, in July 2025.

The figures the provincial reports published are set as written: Cao Bằng's fibre
broadband in 100% of its communes, 1,938 online public services and a 60% data reuse
rate; Tuyên Quang's forest cover above 60%, commune on-time handling above 99%, budget
revenue of 3,312 billion VND to September (169% of the estimate), import-export turnover
of 1,299 million USD (up 77%, 145% of the plan), GRDP growth of 6.52% in nine months,
over 3,000 officials trained and 1,268 community digital technology teams.

Every value carries the comment `DEMO_COMMENT`. Values are append-only (the database
refuses to delete them): `steerco demo load --reset` recreates the database instead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction

from steerco.indicators.imports import catalogue_load
from steerco.indicators.models import Indicator, IndicatorValue, Target, ValueSource
from steerco.indicators.services import NewValue, values_write
from steerco.lib.calendar_periods import MONTHS_IN, CalendarPeriod, PeriodType
from steerco.units.models import Unit, UnitKind

SEED_CATALOGUE = (
    Path(__file__).resolve().parent.parent / "indicators" / "fixtures" / "seed_indicators.csv"
)
DEMO_COMMENT = "demo"
YEARS = (2024, 2025)
LAST_DAY_BEFORE_MERGER = date(2025, 6, 30)
SEED = 57

CAO_BANG, TUYEN_QUANG = "04", "08"
BIG_CITIES = {"01": 12.0, "79": 18.0, "31": 4.0, "48": 3.0}  # budget and trade scale


class DemoIndicatorError(ValueError):
    pass


@dataclass(frozen=True)
class IndicatorSummary:
    indicators: int
    values: int
    targets: int

    def line(self) -> str:
        return (
            f"demo indicators: {self.indicators} indicators, {self.values} values, "
            f"{self.targets} targets (2024-2025, 34 provinces)"
        )


def demo_indicators_loaded() -> bool:
    return IndicatorValue.objects.filter(comment=DEMO_COMMENT).exists()


@transaction.atomic
def load_demo_indicators(*, seed: int = SEED) -> IndicatorSummary | None:
    """Load the catalogue, values and targets (after `steerco units load`); None when they
    are loaded already."""
    if demo_indicators_loaded():
        return None
    result = catalogue_load(name=SEED_CATALOGUE.name, data=SEED_CATALOGUE.read_bytes(), commit=True)
    if result.rejected:
        raise DemoIndicatorError(f"the seeds' catalogue: {result.rejected[0]}")
    plan = _Plan(random.Random(seed))  # noqa: S311 - a demo, not a secret
    plan.build()
    values_write(rows=plan.values, source=ValueSource.PUBLISHED)
    Target.objects.bulk_create(plan.targets, batch_size=1000)
    return IndicatorSummary(len(plan.indicators), len(plan.values), len(plan.targets))


def _seed_codes() -> list[str]:
    header, *rows = SEED_CATALOGUE.read_text("utf-8").splitlines()
    return [row.split(",", 1)[0] for row in rows if row.strip()]


def periods(kind: str, years: tuple[int, ...] = YEARS) -> list[CalendarPeriod]:
    t = PeriodType(kind)
    return [CalendarPeriod(y, t, n) for y in years for n in range(1, 12 // MONTHS_IN[t] + 1)]


def _dec(x: float, places: int = 0) -> Decimal:
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _progress(period: CalendarPeriod) -> float:
    """0 at the end of 2024-01, 1 at the end of 2025-12."""
    return (period.end_index - (2024 * 12)) / 23


class _Plan:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("code"))
        if len(self.provinces) != 34:
            raise DemoIndicatorError("the demo's indicators need the 34 provinces: units load")
        self.former: dict[int, list[Unit]] = {}
        for unit in Unit.objects.filter(kind=UnitKind.FORMER_PROVINCE).order_by("code"):
            if unit.successor_id is not None:
                self.former.setdefault(unit.successor_id, []).append(unit)
        self.communes: dict[int, list[Unit]] = {}
        for unit in Unit.objects.filter(kind=UnitKind.COMMUNE).order_by("code"):
            if unit.parent_id is not None:
                self.communes.setdefault(unit.parent_id, []).append(unit)
        self.values: list[NewValue] = []
        self.targets: list[Target] = []

    # --- helpers ---------------------------------------------------------------------

    def add(self, code: str, unit: Unit, period: CalendarPeriod, value: Decimal) -> None:
        self.values.append(
            NewValue(self.indicators[code], unit, str(period), value, comment=DEMO_COMMENT)
        )

    def target(
        self,
        code: str,
        unit: Unit,
        period: str,
        target: Decimal,
        baseline: Decimal | None = None,
        baseline_period: str = "",
    ) -> None:
        self.targets.append(
            Target(
                indicator=self.indicators[code],
                unit=unit,
                period=period,
                target=target,
                baseline=baseline,
                baseline_period=baseline_period if baseline is not None else "",
            )
        )

    def holders(self, province: Unit, period: CalendarPeriod) -> list[tuple[Unit, float]]:
        """Who entered a figure of the province's area for the period, each with its share:
        the former provinces before the merger, the province after."""
        former = self.former.get(province.pk, [])
        if period.ends_on > LAST_DAY_BEFORE_MERGER or not former:
            return [(province, 1.0)]
        weights = [0.6 + 0.8 * random.Random(u.code).random() for u in former]  # noqa: S311
        total = sum(weights)
        return [(u, w / total) for u, w in zip(former, weights, strict=True)]

    def size(self, province: Unit) -> float:
        return len(self.communes.get(province.pk, [])) / 98

    # --- the plan --------------------------------------------------------------------

    def build(self) -> None:
        for province in self.provinces:
            self.fibre_and_services(province)
            self.officials_and_procedures(province)
            self.economy(province)
            self.forest_and_growth(province)
            self.communes_figures(province)

    def fibre_and_services(self, p: Unit) -> None:
        rng, communes_now = self.rng, len(self.communes.get(p.pk, []))
        fibre_start, fibre_end = rng.uniform(0.72, 0.9), rng.uniform(0.93, 0.995)
        services_start = rng.randint(1100, 1500)
        services_end = services_start + rng.randint(250, 500)
        reuse_start, reuse_end = rng.uniform(22, 38), rng.uniform(42, 58)
        if p.code == CAO_BANG:
            fibre_end, services_end, reuse_end = 1.0, 1938, 60.0
        for period in periods("quarter"):
            t = _progress(period)
            share = fibre_start + (fibre_end - fibre_start) * t
            for unit, weight in self.holders(p, period):
                before = unit.pk != p.pk
                total = round(communes_now * 2.9 * weight) if before else communes_now
                fibre = total if share >= 1 else min(total, round(total * share))
                self.add("COMMUNES_TOTAL", unit, period, _dec(total))
                self.add("FIBRE_COMMUNES", unit, period, _dec(fibre))
                services = services_start + (services_end - services_start) * t
                self.add("ONLINE_SERVICES", unit, period, _dec(services * weight))
                reuse = reuse_start + (reuse_end - reuse_start) * t
                if not (p.code == CAO_BANG and str(period) == "2025-Q4"):
                    reuse += rng.uniform(-1.5, 1.5) if before else 0
                self.add("DATA_REUSE", unit, period, _dec(min(reuse, 100), 1))
        self.target("FIBRE_SHARE", p, "2025", Decimal(100), _dec(fibre_start * 100, 1), "2024")
        self.target("ONLINE_SERVICES", p, "2025", _dec(services_start * 1.3), None)
        self.target("DATA_REUSE", p, "2025", Decimal(60))

    def officials_and_procedures(self, p: Unit) -> None:
        rng, s = self.rng, self.size(p)
        trained_month = rng.uniform(120, 260) * s
        received_month = rng.uniform(6000, 11000) * s
        online_start, online_end = rng.uniform(0.35, 0.55), rng.uniform(0.62, 0.85)
        if p.code == TUYEN_QUANG:
            trained_month = 270
        for period in periods("month"):
            t = _progress(period)
            for unit, weight in self.holders(p, period):
                trained = trained_month * rng.uniform(0.85, 1.15) * weight
                received = received_month * rng.uniform(0.9, 1.1) * weight
                online = received * (online_start + (online_end - online_start) * t)
                self.add("OFFICIALS_TRAINED", unit, period, _dec(trained))
                self.add("PROC_RECEIVED", unit, period, _dec(received))
                self.add("PROC_ONLINE", unit, period, _dec(online))
        self.target("OFFICIALS_TRAINED", p, "2025", _dec(trained_month * 11.5, -1))
        self.target("ONLINE_USE_SHARE", p, "2025", Decimal(80))
        self.target("PROC_ON_TIME_SHARE", p, "2025", Decimal(98))

    def economy(self, p: Unit) -> None:
        rng, s = self.rng, self.size(p) * BIG_CITIES.get(p.code, 1.0)
        grdp = {2024: rng.uniform(60000, 120000) * s}
        grdp[2025] = grdp[2024] * rng.uniform(1.07, 1.11)
        budget = {2024: grdp[2024] * rng.uniform(0.05, 0.08)}
        budget[2025] = budget[2024] * rng.uniform(1.05, 1.25)
        trade = {2024: rng.uniform(400, 2500) * s}
        trade[2025] = trade[2024] * rng.uniform(1.05, 1.4)
        if p.code == TUYEN_QUANG:
            budget = {2024: 3100.0, 2025: 3312 * 12 / 9}
            trade = {2024: 734 * 12 / 9, 2025: 1299 * 12 / 9}
        for year in YEARS:
            for period in periods("month", (year,)):
                share_of_year = period.last_month / 12
                for unit, weight in self.holders(p, period):
                    to_date = budget[year] * share_of_year * weight
                    self.add("BUDGET_REVENUE", unit, period, _dec(to_date))
                    self.add(
                        "TRADE_TURNOVER", unit, period, _dec(trade[year] * share_of_year * weight)
                    )
            year_period = CalendarPeriod(year, PeriodType.YEAR)
            rd_share = rng.uniform(0.25, 0.6) / 100 * (1.15 if year == 2025 else 1)
            for unit, weight in self.holders(p, year_period):
                self.add("GRDP", unit, year_period, _dec(grdp[year] * weight))
                self.add("RD_SPENDING", unit, year_period, _dec(grdp[year] * rd_share * weight, 1))
        estimate = 1960 if p.code == TUYEN_QUANG else budget[2025] * rng.uniform(0.8, 1.0)
        plan = 896 if p.code == TUYEN_QUANG else trade[2025] * rng.uniform(0.9, 1.05)
        self.target("BUDGET_REVENUE", p, "2025", _dec(estimate))
        self.target("TRADE_TURNOVER", p, "2025", _dec(plan))
        self.target("RD_SHARE_GRDP", p, "2030", Decimal(2), Decimal("0.4"), "2024")

    def forest_and_growth(self, p: Unit) -> None:
        rng = self.rng
        cover = 65.2 if p.code == TUYEN_QUANG else rng.uniform(18, 62)
        self.add("FOREST_COVER", p, CalendarPeriod(2024, PeriodType.YEAR), _dec(cover - 0.3, 1))
        self.add("FOREST_COVER", p, CalendarPeriod(2025, PeriodType.YEAR), _dec(cover, 1))
        self.target("FOREST_COVER", p, "2025", _dec(cover - 0.1, 1))
        for year, base in ((2024, rng.uniform(5.5, 8.5)), (2025, rng.uniform(6.0, 9.5))):
            for n in range(1, 5):
                growth = base + rng.uniform(-0.4, 0.4)
                if p.code == TUYEN_QUANG and (year, n) == (2025, 3):
                    growth = 6.52
                period = CalendarPeriod(year, PeriodType.QUARTER, n)
                self.add("GRDP_GROWTH", p, period, _dec(growth, 2))
        self.target("GRDP_GROWTH", p, "2025", Decimal(8))

    def communes_figures(self, p: Unit) -> None:
        """From July 2025, when the communes began: teams quarterly, procedures monthly."""
        rng, communes = self.rng, self.communes.get(p.pk, [])
        quarters = [CalendarPeriod(2025, PeriodType.QUARTER, n) for n in (3, 4)]
        months = [CalendarPeriod(2025, PeriodType.MONTH, n) for n in range(7, 13)]
        teams_q4 = [rng.randint(6, 14) for _ in communes]
        if p.code == TUYEN_QUANG:  # 1,268 teams: 10 in each of 124 communes, 28 with one more
            teams_q4 = [
                10 + (1 if i < 1268 - 10 * len(communes) else 0) for i in range(len(communes))
            ]
        on_time_low = 0.992 if p.code == TUYEN_QUANG else 0.95
        for commune, teams in zip(communes, teams_q4, strict=True):
            for quarter in quarters:
                n = teams if quarter.number == 4 else max(1, teams - rng.randint(0, 3))
                self.add("CDT_TEAMS", commune, quarter, _dec(n))
                self.add("CDT_MEMBERS", commune, quarter, _dec(n * rng.randint(5, 7)))
            for month in months:
                handled = rng.randint(60, 420)
                on_time = min(handled, round(handled * rng.uniform(on_time_low, 0.999)))
                self.add("PROC_HANDLED", commune, month, _dec(handled))
                self.add("PROC_ON_TIME", commune, month, _dec(on_time))
