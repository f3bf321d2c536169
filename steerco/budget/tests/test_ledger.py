"""The budget ledger holds the sums of the history rows whatever the services were asked,
and the summary read from it is the summary read from the rows."""

import zoneinfo
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from steerco.budget import ledger, ledger_reads
from steerco.budget.figures import total
from steerco.budget.models import BudgetTotal
from steerco.budget.selectors import (
    budget_summary,
    figures_by_peer,
    money_overview,
    task_figures_as_of,
)
from steerco.budget.services import (
    BudgetError,
    allocation_record,
    disbursement_record,
    estimate_record,
)
from steerco.scoring.scope import Scope
from tests.factories import make_directive, make_task, small_tree

pytestmark = pytest.mark.django_db
TODAY = date(2027, 1, 31)
SOURCES = ("central", "provincial")
YEARS = (2025, 2026)


@pytest.fixture
def world():
    tree = small_tree()
    directives = [make_directive(tree.tuyen_quang), make_directive(tree.cao_bang)]
    leads = [tree.tq_skhcn, tree.cao_bang]
    tasks = [
        make_task(d, lead, reference=f"{i}-{j}")
        for i, d in enumerate(directives)
        for j, lead in enumerate(leads)
    ]
    return tree, directives, tasks


days = st.dates(min_value=date(2024, 11, 1), max_value=date(2026, 12, 31))
amounts = st.integers(min_value=1, max_value=10**12)
common = {
    "task": st.integers(min_value=0, max_value=3),
    "source": st.sampled_from(SOURCES),
    "year": st.sampled_from(YEARS),
    "day": days,
}
operations = st.one_of(
    st.fixed_dictionaries({"op": st.just("estimate"), "amount": st.integers(0, 10**12), **common}),
    st.fixed_dictionaries(
        {
            "op": st.just("allocate"),
            "amount": amounts,
            "withdraw": st.booleans(),
            "months": st.lists(st.integers(1, 12), max_size=3),
            **common,
        }
    ),
    st.fixed_dictionaries(
        {
            "op": st.just("disburse"),
            "amount": amounts,
            "reverse": st.booleans(),
            "over": st.booleans(),
            **common,
        }
    ),
)


def _run(tasks, op) -> date | None:
    """Ask the services for `op`; the day of the row written, None when refused."""
    task, source, year, day = tasks[op["task"]], op["source"], op["year"], op["day"]
    try:
        if op["op"] == "estimate":
            at = datetime.combine(day, time(10), zoneinfo.ZoneInfo(settings.TIME_ZONE))
            with time_machine.travel(at, tick=False):
                estimate_record(task=task, source=source, year=year, amount=op["amount"])
        elif op["op"] == "allocate":
            amount = -op["amount"] if op["withdraw"] else op["amount"]
            months = sorted({date(year, m, 1) for m in op["months"]})
            plan = None
            if months:  # the amount split over the months, the rest in the last one
                part = amount // (len(months) + 1)
                plan = {m: part for m in months}
                plan[months[-1]] += amount - part * len(months)
            allocation_record(
                task=task,
                source=source,
                year=year,
                decision_symbol="1/QĐ",
                decided_on=day,
                amount=amount,
                planned=plan,
                today=TODAY,
            )
        else:
            disbursement_record(
                task=task,
                source=source,
                year=year,
                paid_on=day,
                amount=-op["amount"] if op["reverse"] else op["amount"],
                over_allocation=op["over"],
                note="advance" if op["over"] else "",
                today=TODAY,
            )
    except BudgetError:
        return None
    return day


def _summaries(tree, directives, year: int, as_of: date) -> list[dict]:
    scopes = [None, Scope(), Scope(directive_ids=frozenset({directives[0].pk}))]
    return (
        [
            budget_summary(unit, year, as_of, scope=scope).as_dict("en")
            for unit in (tree.root, tree.tuyen_quang)
            for scope in scopes
        ]
        + [
            money_overview(unit, year, as_of).totals.as_dict()
            for unit in (tree.root, tree.tuyen_quang)
        ]
        + [  # a ranking's column: each province's sums
            figures_by_peer([tree.tuyen_quang, tree.cao_bang], year=year, as_of=as_of, scope=scope)
            for scope in scopes
        ]
    )


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(operations, min_size=1, max_size=14), back=st.integers(1, 400))
def test_the_ledger_is_the_sum_of_the_rows_and_reads_as_the_rows(world, ops, back) -> None:
    tree, directives, tasks = world
    with transaction.atomic():
        written = [d for d in (_run(tasks, op) for op in ops) if d is not None]
        # (a) what the services added is what a rebuild from the rows computes
        assert ledger.differences() == []
        if written:
            latest = max(written)
            for as_of in (latest, latest + timedelta(days=45), TODAY):
                for year in YEARS:
                    if as_of.year < year:
                        continue
                    # (b) on or after the latest row: the ledger answers, as the rows do
                    assert (
                        ledger_reads.grouped(
                            tree.root.path,
                            tree.root.upper_path,
                            4,
                            year=year,
                            as_of=as_of,
                            directive_ids=None,
                            everything=True,
                        )
                        is not None
                    )
                    from_ledger = _summaries(tree, directives, year, as_of)
                    with (
                        mock.patch.object(ledger_reads, "grouped", return_value=None),
                        mock.patch.object(ledger_reads, "breakdown", return_value=None),
                        mock.patch.object(ledger_reads, "monthly", return_value=None),
                        mock.patch.object(ledger_reads, "by_prefix", return_value=None),
                    ):
                        assert _summaries(tree, directives, year, as_of) == from_ledger
            # (c) a day before the latest row: the figures the tasks had then
            past = latest - timedelta(days=back)
            for year in YEARS:
                expected = total(task_figures_as_of(t, as_of=past, year=year) for t in tasks)
                assert budget_summary(tree.root, year, past).totals == expected
        transaction.set_rollback(True)


def test_a_past_day_is_read_from_the_rows(world) -> None:
    tree, _directives, tasks = world
    allocation_record(
        task=tasks[0],
        source="central",
        year=2025,
        decision_symbol="1/QĐ",
        decided_on=date(2025, 3, 1),
        amount=1200,
        today=TODAY,
    )
    allocation_record(
        task=tasks[1],
        source="central",
        year=2025,
        decision_symbol="2/QĐ",
        decided_on=date(2025, 9, 1),
        amount=800,
        today=TODAY,
    )
    assert (
        ledger_reads.grouped(
            tree.root.path,
            tree.root.upper_path,
            4,
            year=2025,
            as_of=date(2025, 6, 30),
            directive_ids=None,
            everything=True,
        )
        is None
    )
    assert budget_summary(tree.root, 2025, date(2025, 6, 30)).totals.allocated == 1200
    assert budget_summary(tree.root, 2025, date(2025, 9, 30)).totals.allocated == 2000


def test_the_bench_generator_leaves_a_ledger_equal_to_a_rebuild() -> None:
    from steerco.bench.money import generate_money

    tree = small_tree()
    directive = make_directive(tree.tuyen_quang)
    for i in range(40):
        make_task(directive, (tree.tq_skhcn, tree.lam_binh, tree.cao_bang)[i % 3], reference=str(i))
    assert generate_money(3, date(2026, 11, 14)) > 0
    assert BudgetTotal.objects.exists()
    assert ledger.differences() == []


def test_the_check_command_lists_a_difference_and_the_rebuild_mends_it(world, capsys) -> None:
    _tree, _directives, tasks = world
    disbursement_record(
        task=tasks[0],
        source="central",
        year=2025,
        paid_on=date(2025, 5, 5),
        amount=10,
        over_allocation=True,
        note="advance",
        today=TODAY,
    )
    call_command("budget", "ledger", "--check")
    BudgetTotal.objects.update(disbursed=7)
    with pytest.raises(CommandError):
        call_command("budget", "ledger", "--check")
    assert "disbursed=10" in capsys.readouterr().out
    call_command("budget", "ledger", "--rebuild")
    call_command("budget", "ledger", "--check")


def test_a_plans_estimates_written_in_bulk_are_added_to_the_ledger(world) -> None:
    from steerco.intake.plan_money import estimates_create

    tree, _directives, tasks = world
    estimate_record(task=tasks[0], source="central", year=2025, amount=100)
    with time_machine.travel(datetime(2025, 3, 1, 10, tzinfo=zoneinfo.ZoneInfo("UTC"))):
        estimates_create([(tasks[0], 700, "central"), (tasks[1], 50, None)], frozenset())
    assert ledger.differences() == []
    assert budget_summary(tree.root, 2025, TODAY).totals.estimated == 750
