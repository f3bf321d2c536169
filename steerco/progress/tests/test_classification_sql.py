"""The database classification agrees with the pure rule on random histories.

Each operation is made on its own day, by the clock (time-machine): a report is recorded
0 to 12 days after the date it speaks for, so that some completions are recorded late and
count only once accepted."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from steerco.directives.models import Task
from steerco.progress import services
from steerco.progress.classification import ApprovedExtension, HistoryEntry, TaskFacts, classify
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import Extension
from tests.factories import make_directive, make_task

START = date(2025, 1, 1)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

operation = st.one_of(
    st.tuples(
        st.just("report"),
        st.integers(0, 40),
        st.tuples(st.sampled_from(["not_started", "in_progress", "completed"]), st.integers(0, 12)),
    ),
    st.tuples(st.just("accept"), st.integers(0, 40), st.none()),
    st.tuples(st.just("return"), st.integers(0, 40), st.none()),
    st.tuples(st.just("extend"), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, 400), st.none()),
)


def apply(task, ops, day):
    for name, step, arg in ops:
        day = day + timedelta(days=step)
        lag = arg[1] if name == "report" else 0
        with time_machine.travel(
            datetime.combine(day + timedelta(days=lag), time(10), tzinfo=HANOI), tick=False
        ):
            _apply_one(task, name, day, arg)


def _apply_one(task, name, day, arg):
    try:
        if name == "report":
            services.progress_report(task=task, reported_on=day, state=arg[0])
        elif name == "accept":
            services.completion_accept(task=task, decided_on=day)
        elif name == "return":
            services.completion_return(
                task=task, decided_on=day, reason="Sản phẩm chưa đạt yêu cầu"
            )
        elif name == "extend":
            due = task.due_on or START
            ext = services.extension_request(
                task=task,
                requested_on=day,
                new_due_on=due + timedelta(days=30),
                reason="Chờ kinh phí",
            )
            services.extension_decide(
                extension=ext, approve=arg, decided_on=day + timedelta(days=3)
            )
        elif name == "cancel":
            services.task_cancel(task=task, cancelled_on=day, reason="Không còn phù hợp")
    except services.ProgressError:
        pass


def pure_class(task, as_of):
    facts = TaskFacts(
        assigned_on=task.assigned_on,
        original_due_on=task.original_due_on,
        recurring=task.recurring,
        requires_acceptance=task.directive.requires_acceptance,
        cancelled_on=task.cancelled_on,
    )
    history = [
        HistoryEntry(u.reported_on, u.state, u.kind, u.needs_acceptance)
        for u in task.updates.order_by("reported_on", "id")
    ]
    extensions = [
        ApprovedExtension(e.decided_on, e.new_due_on)
        for e in Extension.objects.filter(task=task).approved().order_by("id")
    ]
    return classify(facts, history, extensions, as_of)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(  # completed 21 January, recorded 10 days later, accepted after the deadline
    ops=[("report", 20, ("completed", 10)), ("accept", 10, None), ("report", 3, ("completed", 0))],
    due_offset=25,
    acceptance=False,
    recurring=False,
    probes=[35, 40, 50],
)
@given(
    ops=st.lists(operation, max_size=8),
    due_offset=st.integers(0, 200),
    acceptance=st.booleans(),
    recurring=st.booleans(),
    probes=st.lists(st.integers(0, 500), min_size=1, max_size=6),
)
def test_sql_classification_agrees_with_the_pure_rule(
    tree, ops, due_offset, acceptance, recurring, probes
):
    directive = make_directive(tree.committee, requires_acceptance=acceptance)
    task = make_task(
        directive,
        tree.tq_skhcn,
        assigned_on=START,
        due_on=START + timedelta(days=due_offset),
        recurring=recurring,
        cadence="quarter" if recurring else "",
    )
    apply(task, ops, START)
    task = Task.objects.select_related("directive").get(pk=task.pk)
    for offset in probes:
        as_of = START + timedelta(days=offset - 10)
        expected = pure_class(task, as_of)
        row = classify_tasks(Task.objects.filter(pk=task.pk), as_of).values_list(
            "task_class", flat=True
        )
        got = row[0] if row else None
        assert got == (expected.value if expected else None), (ops, as_of)
