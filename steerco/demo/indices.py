"""The demo's composite indices: the two shipped methods (`DTI`, 1,000 points, and the
Decision 766 service index `SVC766`, 100 points) with published scores for the 34
provinces, deterministic (one seeded generator, provinces in code order).

Published: the DTI for 2024 (the Ministry's announcement of 21 October 2025) and the
service index for September and October 2025 (the portal's monthly index), so a page
shows a change. Tuyên Quang is 22nd of 34 on the DTI for 2024 and 14th on the service
index for 2025-10 (16th in 2025-09), as the province's meeting reads them; the other
scores are made up, distinct, each split over the pillars in proportion to their weights.

`--reset` deletes the published scores of the two indices, then loads them again.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from steerco.indicators.indices.definitions import index_define, stored_method, version_in_force
from steerco.indicators.indices.method import Method
from steerco.indicators.indices.models import Index, IndexResult, ResultSource
from steerco.indicators.indices.services import index_publish
from steerco.lib.calendar_periods import parse_calendar_period
from steerco.units.models import Unit, UnitKind

FIXTURES = Path(__file__).resolve().parent.parent / "indicators" / "fixtures"
METHODS = ("index_dti.json", "index_svc766.json")
TUYEN_QUANG = "08"
SEED = 766
# (index, period, Tuyên Quang's rank, the range of the scores as a share of the scale)
PUBLISHED = (
    ("DTI", "2024", 22, (0.35, 0.75)),
    ("SVC766", "2025-09", 16, (0.62, 0.92)),
    ("SVC766", "2025-10", 14, (0.64, 0.93)),
)


class DemoIndexError(ValueError):
    pass


@dataclass(frozen=True)
class IndexSummary:
    indices: int
    results: int

    def line(self) -> str:
        return (
            f"demo indices: {self.indices} indices, {self.results} published scores "
            "(DTI 2024, SVC766 2025-09 and 2025-10, 34 provinces)"
        )


def _codes() -> list[str]:
    return [p[0] for p in PUBLISHED]


def demo_indices_loaded() -> bool:
    return IndexResult.objects.filter(
        version__index__code__in=_codes(), source=ResultSource.PUBLISHED
    ).exists()


def _scorecard(rng: random.Random, method: Method, low: float, high: float) -> dict[str, Decimal]:
    """One province's pillar scores: a level between `low` and `high` (shares of each
    pillar's weight) with some spread per pillar."""
    level = rng.uniform(low, high)
    return {
        p.code: Decimal(str(round(float(p.weight) * min(level * rng.uniform(0.85, 1.15), 1.0), 2)))
        for p in method.pillars
    }


def _scorecards(
    rng: random.Random, method: Method, count: int, low: float, high: float
) -> list[dict[str, Decimal]]:
    """`count` scorecards with distinct totals, the highest total first."""
    cards: dict[Decimal, dict[str, Decimal]] = {}
    while len(cards) < count:
        card = _scorecard(rng, method, low, high)
        cards.setdefault(sum(card.values(), Decimal(0)), card)
    return [cards[total] for total in sorted(cards, reverse=True)]


def published_rows(rng: random.Random, provinces: list[Unit]) -> list[dict[str, str]]:
    """The published file's rows: unit, index, period, score and a column per pillar."""
    rows = []
    for code, period, rank, (low, high) in PUBLISHED:
        index = Index.objects.get(code=code)
        method = stored_method(version_in_force(index, parse_calendar_period(period)))
        cards = _scorecards(rng, method, len(provinces), low, high)
        mine = cards.pop(rank - 1)
        rng.shuffle(cards)
        for unit in provinces:
            card = mine if unit.code == TUYEN_QUANG else cards.pop()
            total = sum(card.values(), Decimal(0))
            rows.append(
                {"unit": unit.code, "index": code, "period": period, "score": str(total)}
                | {k: str(v) for k, v in card.items()}
            )
    return rows


def _csv(rows: list[dict[str, str]]) -> bytes:
    columns = ["unit", "index", "period", "score"]
    columns += sorted({k for r in rows for k in r} - set(columns))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@transaction.atomic
def load_demo_indices(*, reset: bool = False, seed: int = SEED) -> IndexSummary | None:
    """Define the two methods and publish their demo scores (after the indicators); None
    when they are loaded already and `reset` is not asked."""
    if reset:
        IndexResult.objects.filter(
            version__index__code__in=_codes(), source=ResultSource.PUBLISHED
        ).delete()
    elif demo_indices_loaded():
        return None
    for name in METHODS:
        defined = index_define(name=name, data=(FIXTURES / name).read_bytes(), commit=True)
        if defined.rejected:
            raise DemoIndexError(f"{name}: {defined.rejected[0]}")
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("code"))
    if not provinces:
        raise DemoIndexError("no provinces; run `steerco units load` first")
    rows = published_rows(random.Random(seed), provinces)  # noqa: S311 - a demo, not a secret
    result = index_publish(name="demo_indices.csv", data=_csv(rows), commit=True)
    if result.rejected:
        raise DemoIndexError(f"the demo's published scores: {result.rejected[0]}")
    return IndexSummary(len(METHODS), len(rows))
