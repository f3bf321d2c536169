"""An index's scores and ranks over a peer set: pure functions over plain data.

Each indicator's value is normalised to a score in [0, 1] (`normalise`); a pillar scores
`weight x sum(w_i * s_i) / sum(w_i)` over its indicators (`pillar_points`); the index is
the sum of its pillars, on the scale of the sum of their weights. The missing-value rule
decides what a missing score means: under `zero` it counts as 0 and a unit with no score
at all scores 0 and is ranked; under `reweight` a pillar averages only the scores present
(0 when none is), and a unit with no score at all is listed without a rank.

Scores are rounded to two decimals (half up) before ranking; equal scores share a rank
and the next rank skips (1, 2, 2, 4: `steerco.scoring.ranking.competition_ranks`); units
are listed by rank, then by name. Pillars are ranked the same way among the ranked units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from steerco.lib.vietnamese import fold
from steerco.scoring.ranking import competition_ranks

from .method import Method, Part, PillarMethod

ZERO, ONE = Decimal(0), Decimal(1)
CENT = Decimal("0.01")


def rounded(value: Decimal) -> Decimal:
    """Two decimals of the index's scale, half up: what is ranked and shown."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Peer:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Inputs:
    """What a computation reads: each present (indicator code, unit id) value and target,
    and each indicator's direction (`higher` or `lower`)."""

    values: Mapping[tuple[str, int], Decimal]
    targets: Mapping[tuple[str, int], Decimal]
    directions: Mapping[str, str]


def _clamp(score: Decimal) -> Decimal:
    return min(max(score, ZERO), ONE)


def _points(part: Part, value: Decimal, lower: bool) -> Decimal:
    if lower:
        return next((s for t, s in part.thresholds if value <= t), ZERO)
    return next((s for t, s in reversed(part.thresholds) if value >= t), ZERO)


@dataclass(frozen=True)
class Bounds:
    """What `minmax` and `max` read of the peers' values of an indicator, taken once for
    all of them: the lowest and highest, and the lowest and highest of those ≥ 0."""

    low: Decimal
    high: Decimal
    least: Decimal | None
    best: Decimal | None

    @classmethod
    def of(cls, present: Sequence[Decimal]) -> Bounds | None:
        if not present:
            return None
        usable = [v for v in present if v >= 0]
        return cls(min(present), max(present), min(usable, default=None), max(usable, default=None))


def _relative(part: Part, value: Decimal, bounds: Bounds, lower: bool) -> Decimal:
    """minmax and max: the value against the peers that have one (the value's own
    included, so `bounds` are never those of no value, and ≥ 0 ones exist for `max`)."""
    if part.normalise == "minmax":
        low, high = bounds.low, bounds.high
        if high == low:
            return ONE
        return (high - value if lower else value - low) / (high - low)
    assert bounds.least is not None and bounds.best is not None
    if lower:
        return ONE if value == 0 else bounds.least / value
    return ONE if bounds.best == 0 else value / bounds.best


def normalise(
    part: Part,
    value: Decimal | None,
    *,
    present: Sequence[Decimal],
    target: Decimal | None,
    lower: bool,
    bounds: Bounds | None = None,
) -> tuple[Decimal | None, str]:
    """The score in [0, 1] of one value (None: missing) and a warning, if any. `present`
    are the peers' values of the indicator (the unit's own included); `bounds`, when the
    caller scores every peer, are `Bounds.of(present)` taken once."""
    if value is None:
        return None, ""
    if part.normalise in ("minmax", "max"):
        if part.normalise == "max" and value < 0:
            return None, f"{part.indicator}: {value} is negative; 'max' scores values of 0 or more"
        found = bounds or Bounds.of(present)
        assert found is not None  # `present` holds the value itself
        return _clamp(_relative(part, value, found, lower)), ""
    if part.normalise == "target":
        if target is None:
            return None, ""
        if target <= 0:
            return (
                None,
                f"{part.indicator}: a target of {target} cannot be scored; it must be more than 0",
            )
        if lower:
            return (ONE if value <= 0 else _clamp(target / value)), ""
        return _clamp(value / target), ""
    if part.normalise == "points":
        return _points(part, value, lower), ""
    score = _clamp(value)
    warning = (
        "" if score == value else f"{part.indicator}: {value} is not a score; taken as {score}"
    )
    return score, warning


def pillar_points(
    pillar: PillarMethod, scores: Mapping[str, Decimal | None], missing: str
) -> Decimal:
    """`weight x sum(w_i * s_i) / sum(w_i)`: missing scores count 0 under `zero`, and are
    left out of both sums under `reweight` (a pillar with none scores 0)."""
    return sum(part_contributions(pillar, scores, missing).values(), ZERO)


def part_contributions(
    pillar: PillarMethod, scores: Mapping[str, Decimal | None], missing: str
) -> dict[str, Decimal]:
    """Each indicator's points in its pillar (they add up to the pillar's score)."""
    counted = [p for p in pillar.parts if missing == "zero" or scores.get(p.indicator) is not None]
    total_weight = sum((p.weight for p in counted), ZERO)
    result = {p.indicator: ZERO for p in pillar.parts}
    if total_weight == 0:
        return result
    for p in counted:
        result[p.indicator] = (
            pillar.weight * p.weight * (scores.get(p.indicator) or ZERO) / total_weight
        )
    return result


@dataclass(frozen=True)
class PillarScore:
    score: Decimal | None  # rounded; None for a unit listed without a rank
    exact: Decimal | None
    rank: int | None


@dataclass(frozen=True)
class UnitScore:
    peer: Peer
    score: Decimal | None  # rounded to two decimals; None: listed without a rank
    exact: Decimal | None
    rank: int | None
    pillars: dict[str, PillarScore]
    scores: dict[str, Decimal | None]  # each indicator's normalised score
    values: dict[str, Decimal | None]


@dataclass(frozen=True)
class Scored:
    method: Method
    rows: list[UnitScore]
    warnings: list[str] = field(default_factory=list)
    inputs: Inputs | None = None

    def row(self, unit_id: int) -> UnitScore | None:
        return next((r for r in self.rows if r.peer.id == unit_id), None)


def indicator_scores(
    method: Method, peers: Sequence[Peer], inputs: Inputs
) -> tuple[dict[int, dict[str, Decimal | None]], list[str]]:
    """Each unit's normalised score of each of the method's indicators, with warnings."""
    scores: dict[int, dict[str, Decimal | None]] = {p.id: {} for p in peers}
    warnings: list[str] = []
    for pillar in method.pillars:
        for part in pillar.parts:
            code = part.indicator
            present = [inputs.values[code, p.id] for p in peers if (code, p.id) in inputs.values]
            bounds = Bounds.of(present)
            lower = inputs.directions.get(code) == "lower"
            for p in peers:
                score, warning = normalise(
                    part,
                    inputs.values.get((code, p.id)),
                    present=present,
                    target=inputs.targets.get((code, p.id)),
                    lower=lower,
                    bounds=bounds,
                )
                scores[p.id][code] = score
                if warning:
                    warnings.append(f"{p.code} {pillar.code}: {warning}")
    return scores, warnings


def _ranked(values: Mapping[int, Decimal]) -> dict[int, int]:
    return competition_ranks({k: float(v) for k, v in values.items()})


def score_peers(method: Method, peers: Sequence[Peer], inputs: Inputs) -> Scored:
    """Every peer's index and pillar scores and ranks, listed by rank then by name."""
    scores, warnings = indicator_scores(method, peers, inputs)
    exact: dict[int, dict[str, Decimal]] = {}
    for p in peers:
        if method.missing == "reweight" and all(s is None for s in scores[p.id].values()):
            continue  # no value at all: listed without a rank
        exact[p.id] = {
            pl.code: pillar_points(pl, scores[p.id], method.missing) for pl in method.pillars
        }
    totals = {pk: rounded(sum(pillars.values(), ZERO)) for pk, pillars in exact.items()}
    ranks = _ranked(totals)
    pillar_ranks = {
        pl.code: _ranked({pk: rounded(pillars[pl.code]) for pk, pillars in exact.items()})
        for pl in method.pillars
    }
    rows = []
    for p in peers:
        mine = exact.get(p.id)
        pillars = {
            pl.code: PillarScore(
                rounded(mine[pl.code]) if mine else None,
                mine[pl.code] if mine else None,
                pillar_ranks[pl.code].get(p.id),
            )
            for pl in method.pillars
        }
        values = {c: inputs.values.get((c, p.id)) for c in method.indicator_codes()}
        rows.append(
            UnitScore(
                peer=p,
                score=totals.get(p.id),
                exact=sum(mine.values(), ZERO) if mine else None,
                rank=ranks.get(p.id),
                pillars=pillars,
                scores=scores[p.id],
                values=values,
            )
        )
    rows.sort(key=_listing)
    return Scored(method, rows, warnings, inputs)


def rank_scores(
    method: Method,
    peers: Sequence[Peer],
    totals: Mapping[int, Decimal],
    pillars: Mapping[int, Mapping[str, Decimal]],
) -> list[UnitScore]:
    """Rank given scores (published ones): a unit without a score is listed without a
    rank; a pillar without a published score has none."""
    kept = {pk: rounded(v) for pk, v in totals.items()}
    ranks = _ranked(kept)
    pillar_ranks = {
        pl.code: _ranked(
            {pk: rounded(ps[pl.code]) for pk, ps in pillars.items() if pl.code in ps and pk in kept}
        )
        for pl in method.pillars
    }
    rows = []
    for p in peers:
        mine = pillars.get(p.id, {}) if p.id in kept else {}
        ps = {
            pl.code: PillarScore(
                rounded(mine[pl.code]) if pl.code in mine else None,
                mine.get(pl.code),
                pillar_ranks[pl.code].get(p.id),
            )
            for pl in method.pillars
        }
        rows.append(UnitScore(p, kept.get(p.id), totals.get(p.id), ranks.get(p.id), ps, {}, {}))
    rows.sort(key=_listing)
    return rows


def _listing(row: UnitScore) -> tuple[bool, int, str, str, str]:
    return (row.rank is None, row.rank or 0, fold(row.peer.name), row.peer.name, row.peer.code)
