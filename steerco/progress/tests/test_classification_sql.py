"""The database classification agrees with the pure rule on random histories."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steerco.directives.models import Task
from steerco.progress import services
from steerco.progress.classification import ApprovedExtension, HistoryEntry, TaskFacts, classify
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import Extension, ExtensionStatus
from tests.factories import make_directive, make_task

START = date(2025, 1, 1)

operation = st.one_of(
    st.tuples(
        st.just("report"),
        st.integers(0, 40),
        st.sampled_from(["not_started", "in_progress", "completed"]),
    ),
    st.tuples(st.just("accept"), st.integers(0, 40), st.none()),
    st.tuples(st.just("return"), st.integers(0, 40), st.none()),
    st.tuples(st.just("extend"), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, 400), st.none()),
)


def apply(task, ops, day):
    for name, step, arg in ops:
        day = day + timedelta(days=step)
        try:
            if name == "report":
                services.progress_report(task=task, reported_on=day, state=arg)
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
        HistoryEntry(u.reported_on, u.state, u.kind)
        for u in task.updates.order_by("reported_on", "id")
    ]
    extensions = [
        ApprovedExtension(e.decided_on, e.new_due_on)
        for e in Extension.objects.filter(task=task, status=ExtensionStatus.APPROVED).order_by("id")
    ]
    return classify(facts, history, extensions, as_of)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
