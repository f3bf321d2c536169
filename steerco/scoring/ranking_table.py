"""A ranking of peers with the change since a previous date, ready to print or render."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from steerco.budget.figures import Figures, percent
from steerco.budget.selectors import figures_by_peer
from steerco.units.models import Unit

from .cache import figures, scope_key, units_key
from .ranking import rank_with_change
from .scope import ALL, Scope
from .scorecard import LOWER_IS_BETTER, ClassCounts, metric_value
from .selectors import class_counts_by_peer


@dataclass
class RankingEntry:
    rank: int
    unit: Unit
    value: float | int | None
    previous_rank: int | None
    change: int | None
    counts: ClassCounts
    previous_counts: ClassCounts | None
    # Allocated and disbursed in the as-of date's budget year (STEERCO_RANKING_MONEY): an
    # extra column, never part of the rank.
    money: Figures | None = None

    def as_dict(self) -> dict:
        money = {}
        if self.money is not None:
            rate = percent(self.money.rate)
            money = {
                "allocated": self.money.allocated,
                "disbursed": self.money.disbursed,
                "disbursement_rate_percent": None if rate is None else float(rate),
            }
        return {
            "rank": self.rank,
            "unit": self.unit.name,
            "code": self.unit.code,
            "value": self.value,
            "previous_rank": self.previous_rank,
            "change": self.change,
            "total": self.counts.total,
            "total_change": (
                self.counts.total - self.previous_counts.total if self.previous_counts else None
            ),
            **money,
        }


def ranking(
    peers: Sequence[Unit],
    as_of: date,
    *,
    scope: Scope = ALL,
    metric: str = "green_rate",
    previous_on: date | None = None,
    with_timeliness: bool = True,
    with_money: bool = False,
) -> list[RankingEntry]:
    """Peers ranked by `metric`. Reporting timeliness (a costly lookup in the history) is
    computed for the current date when `with_timeliness` is on, and for the previous
    date only when the ranking is by it. With money (the ranking page and command pass
    STEERCO_RANKING_MONEY) each entry also carries its allocated and disbursed amounts for the as-of date's
    budget year, the disbursement rate's terms; they do not move the rank."""
    by_timeliness = metric == "reporting_rate"
    counts = class_counts_by_peer(
        peers=peers, as_of=as_of, scope=scope, with_timeliness=with_timeliness or by_timeliness
    )
    previous = (
        class_counts_by_peer(
            peers=peers, as_of=previous_on, scope=scope, with_timeliness=by_timeliness
        )
        if previous_on
        else None
    )
    current_values = {pk: metric_value(c, metric) for pk, c in counts.items()}
    previous_values = (
        {pk: metric_value(c, metric) for pk, c in previous.items()} if previous else None
    )
    rows = rank_with_change(
        current_values, previous_values, higher_is_better=metric not in LOWER_IS_BETTER
    )
    by_pk = {p.pk: p for p in peers}
    money = (
        figures(
            "money-by-peer",
            (units_key(list(peers)), as_of.isoformat(), scope_key(scope)),
            partial(
                figures_by_peer,
                peers,
                year=as_of.year,
                as_of=as_of,
                scope=scope,
                amounts=("allocated", "disbursed"),
            ),
        )
        if with_money
        else {}
    )
    return [
        RankingEntry(
            rank=r.rank,
            unit=by_pk[r.key],
            value=r.value,
            previous_rank=r.previous_rank,
            change=r.change,
            counts=counts[r.key],
            previous_counts=previous[r.key] if previous else None,
            money=money.get(r.key),
        )
        for r in rows
    ]
