"""Why a unit ranks where it does on an index, and what it would take to pass the unit
ranked just above it. Pure: reads a computation (`scoring.Scored`) only.

For the unit: each pillar's score and each indicator's contribution to it (the
contributions add up to the pillar, the pillars to the index); the points lost against
the best peer — overall against the unit ranked first, for a pillar or an indicator
against the peer that scores best on it —; and, for the unit ranked just above (the
nearest higher score), the indicator where the fewest points are missing among those
that alone can close the gap, with the score and the value it would need there (the
other units' values held as they are).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from steerco.lib.vietnamese import format_number

from ..numbers import tidy
from ..selectors import json_number
from .method import Part, PillarMethod, plain
from .scoring import ONE, ZERO, Scored, UnitScore, part_contributions, pillar_points, rounded


def points_text(value: Decimal | float | None, lang: str) -> str:
    """An index score, a pillar's points or points lost, as every page and report shows
    them: two decimals ("732,50" / "732.50"), "—" for none."""
    if value is None:
        return "—"
    return format_number(float(rounded(Decimal(str(value)))), lang, 2)


def weight_text(value: Decimal | float | None, lang: str) -> str:
    """A weight or an index's scale as written in its method, without trailing zeros:
    1000 -> "1.000" / "1,000", 0.5 -> "0,5" / "0.5"; "—" for none."""
    if value is None:
        return "—"
    number = tidy(Decimal(str(value)))
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(float(number), lang, decimals)


@dataclass(frozen=True)
class PartWhy:
    indicator: str
    weight: Decimal
    normalise: str
    value: Decimal | None
    score: Decimal | None
    points: Decimal
    best: Decimal  # the best contribution among the peers

    @property
    def lost(self) -> Decimal:
        return self.best - self.points


@dataclass(frozen=True)
class PillarWhy:
    code: str
    name: str  # Vietnamese
    weight: Decimal
    score: Decimal
    rank: int | None
    best: Decimal
    parts: list[PartWhy]
    name_en: str = ""

    @property
    def lost(self) -> Decimal:
        return self.best - self.score

    def name_in(self, lang: str) -> str:
        return self.name_en or self.name if lang == "en" else self.name


@dataclass(frozen=True)
class Step:
    """What passes the unit above: one indicator's score (and value) raised."""

    above: UnitScore
    gap: Decimal  # points between the two rounded scores
    pillar: str | None = None
    indicator: str | None = None
    score_from: Decimal | None = None
    score_to: Decimal | None = None
    value_from: Decimal | None = None
    value_to: Decimal | None = None
    gained: Decimal | None = None  # points the index gains


@dataclass(frozen=True)
class Explanation:
    row: UnitScore
    ranked: int
    scale: Decimal
    lost: Decimal | None  # against the unit ranked first
    pillars: list[PillarWhy]
    step: Step | None

    def as_dict(self) -> dict[str, object]:
        def n(value: Decimal | None) -> int | float | None:
            return json_number(None if value is None else rounded(value), 2)

        step = self.step
        return {
            "code": self.row.peer.code,
            "unit": self.row.peer.name,
            "rank": self.row.rank,
            "of": self.ranked,
            "score": n(self.row.score),
            "lost_to_first": n(self.lost),
            "pillars": [
                {
                    "code": p.code,
                    "weight": n(p.weight),
                    "score": n(p.score),
                    "rank": p.rank,
                    "lost": n(p.lost),
                    "indicators": [
                        {
                            "indicator": i.indicator,
                            "weight": n(i.weight),
                            "normalise": i.normalise,
                            "value": json_number(i.value),
                            "score": json_number(i.score, 4),
                            "points": n(i.points),
                            "lost": n(i.lost),
                        }
                        for i in p.parts
                    ],
                }
                for p in self.pillars
            ],
            "to_pass": None
            if step is None
            else {
                "code": step.above.peer.code,
                "unit": step.above.peer.name,
                "rank": step.above.rank,
                "gap": n(step.gap),
                "pillar": step.pillar,
                "indicator": step.indicator,
                "score_from": json_number(step.score_from, 4),
                "score_to": json_number(step.score_to, 4),
                "value_from": json_number(step.value_from),
                "value_to": json_number(step.value_to),
                "gained": n(step.gained),
            },
        }

    def lines(self) -> list[str]:
        """The explanation as text, for the command line."""
        d = self.as_dict()
        out = [f"{d['unit']} ({d['code']}): {d['score']} points, rank {d['rank']} of {d['of']}"]
        out.append(f"  {d['lost_to_first']} points behind the first")
        for p in self.pillars:
            out.append(
                f"  {p.code}: {rounded(p.score)} of {plain(p.weight)} (rank {p.rank}), {rounded(p.lost)} behind the best"
            )
            for i in p.parts:
                value = "—" if i.value is None else plain(i.value)
                out.append(
                    f"    {i.indicator}: value {value}, {rounded(i.points)} points, {rounded(i.lost)} behind the best"
                )
        step = self.step
        if step is None:
            out.append("  no unit ranks above it")
        elif step.indicator is None:
            out.append(
                f"  {step.gap} points behind {step.above.peer.name}: no single indicator closes the gap"
            )
        else:
            out.append(
                f"  to pass {step.above.peer.name} ({step.gap} points ahead): {step.indicator} "
                f"from {step.value_from} to {step.value_to} (+{rounded(step.gained or ZERO)} points)"
            )
        return out


def _pillar_why(scored: Scored, row: UnitScore, pillar: PillarMethod) -> PillarWhy:
    missing = scored.method.missing
    ranked = [r for r in scored.rows if r.exact is not None]
    contributions = {r.peer.id: part_contributions(pillar, r.scores, missing) for r in ranked}
    mine = contributions.get(row.peer.id) or part_contributions(pillar, row.scores, missing)
    parts = [
        PartWhy(
            part.indicator,
            part.weight,
            part.normalise,
            row.values.get(part.indicator),
            row.scores.get(part.indicator),
            mine[part.indicator],
            max((c[part.indicator] for c in contributions.values()), default=ZERO),
        )
        for part in pillar.parts
    ]
    exact = [r.pillars[pillar.code].exact for r in ranked]
    return PillarWhy(
        pillar.code,
        pillar.name_vi,
        pillar.weight,
        row.pillars[pillar.code].exact or ZERO,
        row.pillars[pillar.code].rank,
        max((e for e in exact if e is not None), default=ZERO),
        parts,
        pillar.name_en,
    )


def explain(scored: Scored, unit_id: int) -> Explanation:
    """Why the unit ranks where it does (`unit_id` must be among the scored peers)."""
    row = scored.row(unit_id)
    if row is None:
        raise ValueError(f"unit {unit_id} is not among the peers scored")
    ranked = [r for r in scored.rows if r.rank is not None]
    first = ranked[0] if ranked else None
    lost = (
        first.exact - row.exact
        if first and first.exact is not None and row.exact is not None
        else None
    )
    pillars = [_pillar_why(scored, row, p) for p in scored.method.pillars]
    return Explanation(row, len(ranked), scored.method.scale, lost, pillars, _step(scored, row))


def _total(
    scored: Scored, row: UnitScore, pillar: PillarMethod, code: str, score: Decimal
) -> Decimal:
    """The unit's index score with one indicator's score replaced."""
    missing = scored.method.missing
    scores = {**row.scores, code: score}
    return sum(
        (
            pillar_points(p, scores if p is pillar else row.scores, missing)
            for p in scored.method.pillars
        ),
        ZERO,
    )


def _needed(
    scored: Scored, row: UnitScore, pillar: PillarMethod, part: Part, beat: Decimal
) -> Decimal | None:
    """The least score of the indicator that lifts the unit's rounded score above `beat`."""
    start = row.scores.get(part.indicator) or ZERO

    def passes(score: Decimal) -> bool:
        return rounded(_total(scored, row, pillar, part.indicator, score)) > beat

    if part.normalise == "points":
        reachable = sorted({s for _, s in part.thresholds if s > start})
        return next((s for s in reachable if passes(s)), None)
    if not passes(ONE):
        return None
    low, high = start, ONE
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (low, middle) if passes(middle) else (middle, high)
    needed = high.quantize(Decimal("0.0001"), rounding=ROUND_CEILING)
    return needed if passes(needed) else high


def _value_for(scored: Scored, row: UnitScore, part: Part, score: Decimal) -> Decimal | None:
    """A value of the indicator that scores `score`, the other units' values as they are."""
    inputs = scored.inputs
    if inputs is None:
        return None
    code = part.indicator
    lower = inputs.directions.get(code) == "lower"
    present = [v for (c, _), v in inputs.values.items() if c == code]
    if part.normalise == "points":
        hits = [t for t, s in part.thresholds if s >= score]
        return (max(hits) if lower else min(hits)) if hits else None
    if part.normalise == "raw":
        return score
    if part.normalise == "minmax" and present:
        low, high = min(present), max(present)
        return high - score * (high - low) if lower else low + score * (high - low)
    base = inputs.targets.get((code, row.peer.id)) if part.normalise == "target" else None
    if part.normalise == "max" and present:
        usable = [v for v in present if v >= 0]
        base = (min(usable) if lower else max(usable)) if usable else None
    if base is None or score == 0:
        return None
    return base / score if lower else base * score


def _step(scored: Scored, row: UnitScore) -> Step | None:
    if row.rank is None or row.score is None:
        return None
    above = [
        r for r in scored.rows if r.score is not None and r.rank is not None and r.score > row.score
    ]
    if not above:
        return None
    nearest = min(above, key=lambda r: (r.score or ZERO, -(r.rank or 0)))
    beat = nearest.score or ZERO
    step = Step(nearest, beat - row.score)
    options = []
    for pillar in scored.method.pillars:
        for part in pillar.parts:
            needed = _needed(scored, row, pillar, part, beat)
            if needed is None:
                continue
            full = _total(scored, row, pillar, part.indicator, ONE) - (row.exact or ZERO)
            options.append((full, part.indicator, pillar, part, needed))
    if not options:
        return step
    _, code, pillar, part, needed = min(options, key=lambda o: (o[0], o[1]))
    gained = _total(scored, row, pillar, code, needed) - (row.exact or ZERO)
    value_to = _value_for(scored, row, part, needed)
    return Step(
        nearest,
        step.gap,
        pillar.code,
        code,
        row.scores.get(code),
        needed,
        row.values.get(code),
        None if value_to is None else value_to.quantize(Decimal("0.01")),
        gained,
    )
