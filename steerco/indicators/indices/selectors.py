"""Reading an index: its inputs from the indicator figures, a ranking table computed or
published, with the change since the previous period.

Each indicator's value for a peer and period is the figure the indicator pages show
(`aggregation_sql.peer_figures`: own entry, else the aggregate; a longer period rolls up
the indicator's own periods by its roll-up rule). An indicator whose period type is
longer than the index's period (a yearly figure in a monthly index) has no value there.
The target a `target` normalisation reads is the one the indicator page shows for the
period (`trajectory.target_for`: the period's own target, else the next one due).

A unit's ranks, as the overview and the meeting report open with them: on every index
with a result stored for it, for its latest period not after a date (`unit_index_ranks`,
each the index page's figures through `unit_index_rank`), and by GREEN rate through the
ranking of `steerco ranking` and the ranking page (`green_rate_rank`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings

from steerco.lib.calendar_periods import (
    MONTHS_IN,
    CalendarPeriod,
    PeriodType,
    parse_calendar_period,
)
from steerco.lib.periods import previous_cutoff
from steerco.scoring.ranking_table import ranking
from steerco.scoring.scope import Scope
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
    return stored_scores(version, method, units, period, ResultSource.PUBLISHED)


def stored_scores(
    version: IndexVersion,
    method: Method,
    units: Sequence[Unit],
    period: CalendarPeriod,
    source: str,
) -> list[UnitScore]:
    """The peers' stored results of one source (published, or computed and stored by
    `steerco index compute --commit`), ranked."""
    rows = IndexResult.objects.filter(
        version=version, period=str(period), source=source, unit__in=list(units)
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


# --- a unit's ranks: every index with results, and the GREEN rate ----------------------


@dataclass(frozen=True)
class PillarRank:
    code: str
    name_vi: str
    name_en: str
    weight: Decimal
    score: Decimal | None
    rank: int | None


@dataclass(frozen=True)
class UnitRank:
    """One rank of a unit among its peers: on a composite index for a period (`kind`
    "index"), or by GREEN rate as of a date ("green_rate"), with the places gained since
    the previous period (None when there is none)."""

    kind: str
    code: str  # the index's code; for the GREEN rate the directive's symbol, or ""
    name_vi: str
    name_en: str
    period: str  # "2025-10", "2024"; for the GREEN rate the as-of date, ISO
    ends_on: date
    rank: int | None
    peers: int
    change: int | None
    score: Decimal | None = None  # the index's points (as published, where published)
    scale: Decimal | None = None
    source: str = ""
    computed_score: Decimal | None = None  # beside a published score, where computed too
    computed_rank: int | None = None
    rate: float | None = None  # the GREEN rate
    previous_on: date | None = None  # the GREEN rate's previous date
    pillars: tuple[PillarRank, ...] = ()

    def name(self, lang: str) -> str:
        return self.name_en or self.name_vi if lang == "en" else self.name_vi


def latest_index_periods(unit: Unit, as_of: date) -> dict[int, CalendarPeriod]:
    """For each index with a result stored for the unit (computed or published), its
    latest period not after `as_of` (a period that has begun by then)."""
    latest: dict[int, CalendarPeriod] = {}
    rows = IndexResult.objects.filter(unit=unit).values_list("version__index_id", "period")
    for index_id, text in rows.distinct().order_by():
        period = parse_calendar_period(text)
        if period.starts_on > as_of:
            continue
        known = latest.get(index_id)
        if known is None or period.sort_key > known.sort_key:
            latest[index_id] = period
    return latest


def _row_of(table: IndexTable, unit: Unit) -> IndexRow | None:
    return next((r for r in table.rows if r.unit.pk == unit.pk), None)


def unit_index_rank(
    index: Index,
    period: CalendarPeriod,
    unit: Unit,
    peers: Sequence[Unit],
    *,
    computed: IndexTable | None = None,
) -> UnitRank | None:
    """The unit's rank among `peers` on the index for the period, as the index's ranking
    page shows it (published where there are published scores, else computed), with its
    pillars and its change; None when the unit is not among the peers.

    Beside a published score, the computed one: from `computed` (the computed table the
    caller has, as the unit's breakdown does), else the computed results stored for the
    period (`steerco index compute --commit`) — computing an index from every indicator
    value is too slow for every overview and report."""
    if computed is not None and computed.source != ResultSource.COMPUTED:
        computed = None
    if has_published(index, period, peers):
        table = index_table(index=index, period=period, units=peers, source=ResultSource.PUBLISHED)
    else:
        table = computed or index_table(
            index=index, period=period, units=peers, source=ResultSource.COMPUTED
        )
    row = _row_of(table, unit)
    if row is None:
        return None
    computed_score = computed_rank = None
    if table.source == ResultSource.PUBLISHED:
        mine: UnitScore | None = None
        if computed is not None:
            live = _row_of(computed, unit)
            if live is not None and any(v is not None for v in live.row.values.values()):
                mine = live.row
        else:
            stored = stored_scores(
                table.version, table.method, peers, period, ResultSource.COMPUTED
            )
            mine = next((r for r in stored if r.peer.id == unit.pk and r.score is not None), None)
        if mine is not None:
            computed_score, computed_rank = mine.score, mine.rank
    m = table.method
    pillars = tuple(
        PillarRank(
            p.code,
            p.name_vi,
            p.name_en,
            p.weight,
            row.pillars[p.code].score if p.code in row.pillars else None,
            row.pillars[p.code].rank if p.code in row.pillars else None,
        )
        for p in m.pillars
    )
    return UnitRank(
        kind="index",
        code=index.code,
        name_vi=m.name_vi or index.name_vi,
        name_en=m.name_en or index.name_en,
        period=str(period),
        ends_on=period.ends_on,
        rank=row.rank,
        peers=len(table.rows),
        change=row.change,
        score=row.score,
        scale=m.scale,
        source=table.source,
        computed_score=computed_score,
        computed_rank=computed_rank,
        pillars=pillars,
    )


def unit_index_ranks(*, unit: Unit, peers: Sequence[Unit], as_of: date) -> list[UnitRank]:
    """The unit's rank among `peers` on every index with a result stored for it, each for
    its latest period not after `as_of`: the figures of the index's ranking page for that
    period (`index_table`: published where there are published scores, with the computed
    score beside them), newest period first."""
    latest = latest_index_periods(unit, as_of)
    indices = Index.objects.filter(pk__in=list(latest)).order_by("code")
    ranks = [unit_index_rank(index, latest[index.pk], unit, peers) for index in indices]
    return sorted(
        (r for r in ranks if r is not None), key=lambda r: (-r.ends_on.toordinal(), r.code)
    )


def green_rate_rank(
    *,
    unit: Unit,
    peers: Sequence[Unit],
    as_of: date,
    scope: Scope,
    symbol: str = "",
    previous_on: date | None = None,
) -> UnitRank | None:
    """The unit's rank among `peers` by GREEN rate as of `as_of` on `scope` — the ranking of
    `steerco ranking` and the ranking page (`scoring.ranking_table.ranking`) — with the
    change since `previous_on` (by default the previous monthly cut-off, as the ranking
    page measures it)."""
    previous_on = previous_on or previous_cutoff(as_of, settings.STEERCO_CUTOFF_DAY)
    entries = ranking(
        peers,
        as_of,
        scope=scope,
        metric="green_rate",
        previous_on=previous_on,
        with_timeliness=False,
    )
    me = next((e for e in entries if e.unit.pk == unit.pk), None)
    if me is None:
        return None
    return UnitRank(
        kind="green_rate",
        code=symbol,
        name_vi="tỷ lệ đạt tiêu chí XANH",
        name_en="the GREEN rate",
        period=as_of.isoformat(),
        ends_on=as_of,
        rank=me.rank,
        peers=len(entries),
        change=me.change,
        rate=me.value if isinstance(me.value, float) else None,
        previous_on=previous_on,
    )


def ranks_in_order(ranks: Sequence[UnitRank]) -> list[UnitRank]:
    """A ranks line's order: the newest period first (the GREEN rate at its as-of date)."""
    return sorted(ranks, key=lambda r: (-r.ends_on.toordinal(), r.kind != "index", r.code))
