"""Ranking peers: competition ranking (1, 2, 2, 4) with the change since a previous date. Pure."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


def competition_ranks(
    values: Mapping[K, float | int | None], *, higher_is_better: bool = True
) -> dict[K, int]:
    """Rank keys by value; equal values share a rank and the next rank skips (1, 2, 2, 4).
    Keys without a value (None) come last, sharing one rank."""
    present = [v for v in values.values() if v is not None]
    ordered = sorted(present, reverse=higher_is_better)
    first_place: dict[float | int, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_place.setdefault(value, position)
    last = len(present) + 1
    return {k: (first_place[v] if v is not None else last) for k, v in values.items()}


@dataclass(frozen=True)
class RankRow(Generic[K]):
    key: K
    rank: int
    value: float | int | None
    previous_rank: int | None
    previous_value: float | int | None

    @property
    def change(self) -> int | None:
        """Places gained since the previous period (positive = moved up)."""
        if self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def rank_with_change(
    current: Mapping[K, float | int | None],
    previous: Mapping[K, float | int | None] | None,
    *,
    higher_is_better: bool = True,
) -> list[RankRow[K]]:
    ranks = competition_ranks(current, higher_is_better=higher_is_better)
    previous_ranks = (
        competition_ranks(previous, higher_is_better=higher_is_better) if previous else {}
    )
    rows = [
        RankRow(
            key=k,
            rank=ranks[k],
            value=current[k],
            previous_rank=previous_ranks.get(k),
            previous_value=(previous or {}).get(k),
        )
        for k in current
    ]
    return sorted(rows, key=lambda r: (r.rank, str(r.key)))
