"""Reading an index: its inputs from the indicator figures, a ranking table computed or
published, with the change since the previous period.

Each indicator's value for a peer and period is the figure the indicator pages show
(`aggregation_sql.peer_figures`: own entry, else the aggregate; a longer period rolls up
the indicator's own periods by its roll-up rule). An indicator whose period type is
longer than the index's period (a yearly figure in a monthly index) has no value there.
The target a `target` normalisation reads is the one the indicator page shows for the
period (`trajectory.target_for`: the period's own target, else the next one due).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from steerco.lib.calendar_periods import (
    MONTHS_IN,
    CalendarPeriod,
    PeriodType,
    parse_calendar_period,
)
from steerco.units.models import Unit

from ..aggregation_sql import peer_figures
from ..models import Target
from ..problems import IndicatorError
from ..selectors import catalogue_specs, json_number
from ..trajectory import TargetPoint, target_for
from .definitions import stored_method, version_in_force
from .method import Method
from .models import Index, IndexResult, IndexVersion, ResultSource
from .scoring import Inputs, Peer, PillarScore, Scored, UnitScore, rank_scores, score_peers


def peers_of(units: Sequence[Unit]) -> list[Peer]:
    return [Peer(u.pk, u.code, u.name) for u in units]


def index_by_code(code: str) -> Index:
    index = Index.objects.filter(code=code.strip()).first()
    if index is None:
        known = ", ".join(Index.objects.values_list("code", flat=True)) or "none defined"
        raise IndicatorError(
            f"unknown index {code!r} (known: {known}); see `steerco index define`", field="index"
        )
    return index


def index_inputs(method: Method, units: Sequence[Unit], period: CalendarPeriod) -> Inputs:
    """The peers' values, targets and directions of the method's indicators (the
    catalogue, the summaries, the own entries and the targets: a few queries)."""
    specs = catalogue_specs()
    codes = [
        c
        for c in method.indicator_codes()
        if MONTHS_IN[PeriodType(specs[c].period_type)] <= MONTHS_IN[period.type]
    ]
    figures = peer_figures(peers=units, specs=specs, codes=codes, periods=[period])
    values = {(code, pk): f.value for (code, pk, _), f in figures.items() if f.value is not None}
    targeted = sorted(
        {part.indicator for p in method.pillars for part in p.parts if part.normalise == "target"}
    )
    points: dict[tuple[str, int], list[TargetPoint]] = {}
    rows = Target.objects.filter(indicator__code__in=targeted, unit__in=list(units))
    for code, unit_id, text, target in rows.order_by("period", "pk").values_list(
        "indicator__code", "unit_id", "period", "target"
    ):
        points.setdefault((code, unit_id), []).append(
            TargetPoint(parse_calendar_period(text), target)
        )
    targets = {}
    for key, milestones in points.items():
        found = target_for(milestones, period)
        if found is not None:
            targets[key] = found.target
    return Inputs(values, targets, {c: specs[c].direction for c in method.indicator_codes()})


def computed_scores(method: Method, units: Sequence[Unit], period: CalendarPeriod) -> Scored:
    return score_peers(method, peers_of(units), index_inputs(method, units, period))


def published_scores(
    version: IndexVersion, method: Method, units: Sequence[Unit], period: CalendarPeriod
) -> list[UnitScore]:
    rows = IndexResult.objects.filter(
        version=version, period=str(period), source=ResultSource.PUBLISHED, unit__in=list(units)
    ).order_by("pk")
    totals = {r.unit_id: r.score for r in rows}
    pillars = {r.unit_id: {k: Decimal(v) for k, v in r.pillars.items()} for r in rows}
    return rank_scores(method, peers_of(units), totals, pillars)


def has_published(index: Index, period: CalendarPeriod, units: Sequence[Unit]) -> bool:
    return IndexResult.objects.filter(
        version__index=index,
        period=str(period),
        source=ResultSource.PUBLISHED,
        unit__in=list(units),
    ).exists()


@dataclass(frozen=True)
class IndexRow:
    row: UnitScore
    unit: Unit
    previous_rank: int | None
    source: str

    @property
    def rank(self) -> int | None:
        return self.row.rank

    @property
    def score(self) -> Decimal | None:
        return self.row.score

    @property
    def pillars(self) -> dict[str, PillarScore]:
        return self.row.pillars

    @property
    def change(self) -> int | None:
        """Places gained since the previous period (None without two ranks)."""
        if self.previous_rank is None or self.rank is None:
            return None
        return self.previous_rank - self.rank

    def as_dict(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "code": self.unit.code,
            "unit": self.unit.name,
            "score": json_number(self.score, 2),
            "change": self.change,
            "source": self.source,
            "pillars": {
                code: {"score": json_number(p.score, 2), "rank": p.rank}
                for code, p in self.pillars.items()
            },
        }


@dataclass
class IndexTable:
    index: Index
    version: IndexVersion
    method: Method
    period: CalendarPeriod
    source: str
    rows: list[IndexRow]
    scored: Scored | None = None  # the computation, when computed
    warnings: list[str] = field(default_factory=list)


def _scores(
    version: IndexVersion,
    method: Method,
    units: Sequence[Unit],
    period: CalendarPeriod,
    source: str,
) -> tuple[list[UnitScore], Scored | None]:
    if source == ResultSource.PUBLISHED:
        return published_scores(version, method, units, period), None
    scored = computed_scores(method, units, period)
    return scored.rows, scored


def _previous_ranks(
    index: Index, units: Sequence[Unit], period: CalendarPeriod, source: str
) -> dict[int, int]:
    previous = period.previous()
    try:
        version = version_in_force(index, previous)
    except IndicatorError:
        return {}
    rows, _ = _scores(version, stored_method(version), units, previous, source)
    return {r.peer.id: r.rank for r in rows if r.rank is not None}


def index_table(
    *,
    index: Index,
    period: CalendarPeriod,
    units: Sequence[Unit],
    version: str = "",
    source: str = "",
) -> IndexTable:
    """The peers ranked on the index for the period: computed from the indicator values
    or as published (`source`; by default published where there is any for these peers),
    with the version in force unless `version` names one, and the change since the
    previous period of the same type."""
    chosen = version_in_force(index, period, version)
    method = stored_method(chosen)
    if not source:
        published = has_published(index, period, units)
        source = ResultSource.PUBLISHED if published else ResultSource.COMPUTED
    rows, scored = _scores(chosen, method, units, period, source)
    previous = _previous_ranks(index, units, period, source)
    by_id = {u.pk: u for u in units}
    table_rows = [IndexRow(r, by_id[r.peer.id], previous.get(r.peer.id), source) for r in rows]
    warnings = scored.warnings if scored else []
    return IndexTable(index, chosen, method, period, source, table_rows, scored, warnings)
