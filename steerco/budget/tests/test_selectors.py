import json
import random
from datetime import date

import pytest
import time_machine

from steerco.budget.figures import Figures, total
from steerco.budget.selectors import (
    budget_summary,
    figures_by_peer,
    monthly_series,
    task_figures_as_of,
)
from steerco.directives.models import Task
from tests.factories import make_directive, make_task, small_tree

from .rows import allocate, disburse, estimate

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 20)
SOURCES = ("central", "provincial", "commune", "oda", "other")


@pytest.fixture
def tree():
    return small_tree()


def _random_money(tree, seed: int, big: bool = False) -> list[Task]:
    """Tasks across the tree with estimates, allocations, planned months and payments,
    some after the as-of day and some for another year."""
    rng = random.Random(seed)  # noqa: S311
    top = 10**14 if big else 10**10
    leads = [
        tree.root,
        tree.tuyen_quang,
        tree.tq_skhcn,
        tree.tq_stc,
        tree.lam_binh,
        tree.cao_bang,
        tree.thuc_phan,
    ]
    directives = [make_directive(tree.tuyen_quang), make_directive(tree.cao_bang)]
    tasks = []
    for i in range(14):
        task = make_task(directives[i % 2], leads[i % len(leads)], reference=str(i + 1))
        tasks.append(task)
        if i % 5 == 4:
            continue  # no money
        for _ in range(rng.randint(1, 3)):
            year = rng.choice((2025, 2025, 2025, 2024))
            source = rng.choice(SOURCES)
            with time_machine.travel(date(2025, rng.randint(1, 8), 10)):
                estimate(task, rng.randint(0, top), source=source, year=year)
            amount = rng.randint(1, top)
            allocate(
                task,
                amount,
                on=date(2025, rng.randint(1, 8), rng.randint(1, 28)),
                source=source,
                year=year,
                plan={m: amount // 4 for m in rng.sample(range(1, 13), 4)},
            )
            for _ in range(rng.randint(0, 4)):
                disburse(
                    task,
                    rng.randint(1, amount // 3),
                    on=date(2025, rng.randint(1, 9), rng.randint(1, 28)),
                    source=source,
                    year=year,
                )
    return tasks


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_summary_totals_are_the_sum_of_the_tasks_figures(tree, seed: int) -> None:
    tasks = _random_money(tree, seed)
    summary = budget_summary(tree.root, 2025, AS_OF)
    expected = total(task_figures_as_of(t, as_of=AS_OF, year=2025) for t in tasks)
    assert summary.totals == expected
    for breakdown in (summary.by_source, summary.by_directive, summary.by_unit):
        assert total(line.figures for line in breakdown) == expected
    # A province's own subtree: its tasks' figures, and its row in the nation's table.
    tq = budget_summary(tree.tuyen_quang, 2025, AS_OF)
    in_tq = [t for t in tasks if t.lead_unit.path.startswith(tree.tuyen_quang.path)]
    assert tq.totals == total(task_figures_as_of(t, as_of=AS_OF, year=2025) for t in in_tq)
    row = next((line for line in summary.by_unit if line.key == "08"), None)
    assert (row.figures if row else Figures()) == tq.totals
    peers = figures_by_peer([tree.tuyen_quang, tree.cao_bang], year=2025, as_of=AS_OF)
    assert peers[tree.tuyen_quang.pk] == tq.totals


def test_national_totals_near_ten_to_the_fifteen_are_exact_and_json_integers(tree) -> None:
    tasks = _random_money(tree, 7, big=True)
    summary = budget_summary(tree.root, 2025, AS_OF)
    expected = total(task_figures_as_of(t, as_of=AS_OF, year=2025) for t in tasks)
    assert summary.totals == expected
    assert summary.totals.allocated > 10**14
    data = json.loads(json.dumps(summary.as_dict()))
    for key in ("estimated", "allocated", "disbursed", "planned"):
        assert type(data[key]) is int and data[key] == getattr(expected, key) < 2**53


def test_a_payment_after_the_as_of_day_is_not_counted(tree) -> None:
    task = make_task(make_directive(tree.tuyen_quang), tree.tq_skhcn)
    allocate(task, 10_000_000_000, on=date(2025, 2, 1), plan={3: 5_000_000_000, 7: 5_000_000_000})
    disburse(task, 3_000_000_000, on=date(2025, 4, 1))
    disburse(task, 6_000_000_000, on=date(2025, 7, 1))
    summary = budget_summary(tree.tuyen_quang, 2025, AS_OF)
    assert (summary.totals.allocated, summary.totals.disbursed, summary.totals.planned) == (
        10_000_000_000,
        3_000_000_000,
        5_000_000_000,
    )
    assert summary.as_dict()["rate_percent"] == 30.0
    assert [line.key for line in summary.by_unit] == ["08-SKHCN"]
    assert summary.slowest[0].label == "Sở Khoa học và Công nghệ"


def test_the_slowest_units_are_children_with_the_lowest_rate(tree) -> None:
    d = make_directive(tree.tuyen_quang)
    for lead, paid in ((tree.tq_skhcn, 9), (tree.tq_stc, 1), (tree.lam_binh, 5)):
        task = make_task(d, lead)
        allocate(task, 10)
        disburse(task, paid, on=date(2025, 3, 1))
    make_task(d, tree.thuong_lam)  # no money: not among the slowest
    summary = budget_summary(tree.tuyen_quang, 2025, AS_OF)
    assert [line.key for line in summary.slowest] == ["08-STC", "02233", "08-SKHCN"]


def test_the_monthly_series_is_cumulative_and_ends_at_the_totals(tree) -> None:
    task = make_task(make_directive(tree.tuyen_quang), tree.lam_binh)
    allocate(task, 1000, on=date(2025, 2, 3), plan={2: 300, 4: 300, 6: 400})
    disburse(task, 200, on=date(2025, 3, 5))
    disburse(task, 100, on=date(2025, 5, 5))
    series = monthly_series(tree.tuyen_quang, 2025, AS_OF)
    assert series.allocated == [0, 1000, 1000, 1000, 1000, 1000]
    assert series.disbursed == [0, 0, 200, 200, 300, 300]
    assert series.planned == [0, 300, 300, 600, 600, 1000]
    summary = budget_summary(tree.tuyen_quang, 2025, AS_OF)
    assert summary.series == series


def test_a_directive_scope_counts_only_its_tasks(tree) -> None:
    from steerco.scoring.scope import scope_for

    d1, d2 = make_directive(tree.tuyen_quang), make_directive(tree.tuyen_quang)
    allocate(make_task(d1, tree.tq_skhcn), 100)
    allocate(make_task(d2, tree.tq_skhcn), 50)
    summary = budget_summary(tree.tuyen_quang, 2025, AS_OF, scope=scope_for(d2))
    assert summary.totals.allocated == 50
    assert [line.key for line in summary.by_directive] == [d2.symbol]


def test_the_overview_totals_are_the_summary_totals(tree) -> None:
    from steerco.budget.selectors import money_overview

    _random_money(tree, 4)
    for unit in (tree.root, tree.tuyen_quang, tree.lam_binh):
        overview = money_overview(unit, 2025, AS_OF)
        summary = budget_summary(unit, 2025, AS_OF)
        assert overview.totals == summary.totals
        assert overview.series == summary.series
