"""How the demo places the provinces after Tuyên Quang ahead of it or behind it on
Plan 02-KH/BCĐTW's GREEN rate (pure: no database)."""

from __future__ import annotations

import random
from datetime import date

from steerco.demo.dataset import (
    PLAN_02_AHEAD_GREEN,
    PLAN_02_BEHIND_GREEN,
    Plan02Standing,
    ProvinceBuilder,
    UnitIndex,
    UnitInfo,
    plan_02_classes,
)
from steerco.demo.history import DONE_ON_TIME, Habits


def test_exactly_the_places_are_given_whatever_the_performances():
    for seed in range(20):
        rng = random.Random(seed)
        standing = Plan02Standing(places=14, left=31)
        chosen = [standing.ahead(Habits(rng.uniform(0.3, 0.97), 0.8, 0.8)) for _ in range(31)]
        assert sum(chosen) == 14


def test_a_strong_province_is_ahead_while_places_remain_and_the_last_ones_fill_them():
    standing = Plan02Standing(places=2, left=4)
    strong, weak = Habits(0.9, 0.9, 0.9), Habits(0.4, 0.5, 0.5)
    assert [standing.ahead(h) for h in (weak, strong, weak, weak)] == [False, True, False, True]


def _builder(seed: int, perf: float) -> ProvinceBuilder:
    province = UnitInfo("12", "Lai Châu", "province", "TW")
    index = UnitIndex({"12": province})
    return ProvinceBuilder(
        random.Random(seed), index, province, Habits(perf, 0.8, 0.8), date(2026, 1, 1)
    )


def test_an_ahead_province_has_more_done_on_time_than_84_percent_and_one_behind_at_most_78():
    for seed in range(30):
        for count in (20, 25, 30):
            ahead = plan_02_classes(_builder(seed, 0.35), count, ahead=True)
            behind = plan_02_classes(_builder(seed, 0.97), count, ahead=False)
            assert len(ahead) == len(behind) == count
            assert ahead.count(DONE_ON_TIME) / count >= PLAN_02_AHEAD_GREEN[0] > 0.84
            assert behind.count(DONE_ON_TIME) / count <= PLAN_02_BEHIND_GREEN
