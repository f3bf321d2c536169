"""Reporting timeliness from the tasks' cached marks agrees with the rule read straight
from the history, whatever was reported, when it was recorded, and as of any day."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from steerco.directives.models import Task
from steerco.lib.periods import PeriodKind, last_closed_period
from steerco.progress import services
from steerco.progress.classification import HistoryEntry, completion_as_of
from steerco.progress.models import ProgressUpdate
from steerco.scoring.selectors import class_counts
from steerco.scoring.timeliness import timeliness_by_peer
from tests.factories import make_directive, make_task

START = date(2025, 1, 1)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

operation = st.one_of(
    # a report: days after the previous operation, state, and hours between the day it
    # speaks for and the moment it was recorded (negative: typed in ahead; large: late)
    st.tuples(
        st.just("report"),
        st.integers(0, 45),
        st.sampled_from(["in_progress", "completed"]),
        st.integers(-48, 1500),
    ),
    st.tuples(st.just("accept"), st.integers(0, 30), st.none(), st.none()),
    st.tuples(st.just("return"), st.integers(0, 30), st.none(), st.none()),
    st.tuples(st.just("cancel"), st.integers(0, 400), st.none(), st.none()),
)


def apply(task, ops):
    day = START
    for name, step, state, hours in ops:
        day += timedelta(days=step)
        try:
            if name == "report":
                recorded = datetime.combine(day, time(9), tzinfo=TZ) + timedelta(hours=hours)
                services.progress_report(
                    task=task, reported_on=day, state=state, recorded_at=recorded
                )
            elif name == "accept":
                services.completion_accept(task=task, decided_on=day)
            elif name == "return":
                services.completion_return(task=task, decided_on=day, reason="Chưa đạt yêu cầu")
            else:
                services.task_cancel(task=task, cancelled_on=day, reason="Không còn phù hợp")
        except services.ProgressError:
            pass


def expected_status(task: Task, as_of: date) -> str | None:
    """The rule, from the history rows alone: None where nothing was expected."""
    period = last_closed_period(as_of, PeriodKind.MONTH, django_settings.STEERCO_CUTOFF_DAY)
    rows = list(ProgressUpdate.objects.filter(task=task).order_by("reported_on", "id"))
    history = [HistoryEntry(u.reported_on, u.state, u.kind) for u in rows]
    completed = completion_as_of(history, period.starts_on - timedelta(days=1))
    if (
        task.assigned_on > period.ends_on
        or (task.cancelled_on is not None and task.cancelled_on < period.starts_on)
        or completed.completed_on is not None
    ):
        return None
    start = datetime.combine(period.starts_on, time.min, tzinfo=TZ)
    end = datetime.combine(period.ends_on + timedelta(days=1), time.min, tzinfo=TZ)
    until = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=TZ)
    recorded = [u.recorded_at for u in rows if u.kind == "report"]
    if any(start <= r < end for r in recorded):
        return "on_time"
    if any(end <= r < until for r in recorded):
        return "late"
    return "missing"


def as_tuple(t) -> tuple[int, int, int, int]:
    return (t.expected, t.on_time, t.late, t.missing)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(
    # completed on 11 Jan, before February's month (15 Jan – 14 Feb) began, and returned
    # within it: nothing was expected of it in February
    ops=[("report", 10, "completed", 0), ("return", 14, None, None)],
    acceptance=False,
    probes=[50],
)
@example(
    # reported in the window, then twice after the cut-off
    ops=[
        ("report", 20, "in_progress", 0),
        ("report", 30, "in_progress", 0),
        ("report", 1, "in_progress", 0),
    ],
    acceptance=False,
    probes=[50, 75],
)
@given(
    ops=st.lists(operation, max_size=10),
    acceptance=st.booleans(),
    probes=st.lists(st.integers(0, 520), min_size=1, max_size=5),
)
def test_timeliness_from_cached_marks_agrees_with_the_history(tree, ops, acceptance, probes):
    with transaction.atomic():  # each example starts from an empty commune
        check_example(tree, ops, acceptance, probes)
        transaction.set_rollback(True)


def check_example(tree, ops, acceptance, probes):
    directive = make_directive(tree.committee, requires_acceptance=acceptance)
    task = make_task(directive, tree.lam_binh, assigned_on=START, due_on=date(2025, 12, 31))
    apply(task, ops)
    task = Task.objects.get(pk=task.pk)
    for offset in probes:
        as_of = START + timedelta(days=offset)
        status = expected_status(task, as_of)
        want = (
            int(status is not None),
            int(status == "on_time"),
            int(status == "late"),
            int(status == "missing"),
        )
        together = class_counts(unit=tree.lam_binh, as_of=as_of).timeliness
        alone = timeliness_by_peer([tree.lam_binh], as_of)[tree.lam_binh.pk]
        assert as_tuple(together) == want, (ops, as_of)
        assert as_tuple(alone) == want, (ops, as_of)
