"""A task reported completed waits for the assigning unit's acceptance (issue 15, item 2):
its reporters are no longer told it is overdue or due (their part is done; the managers
have the "awaiting acceptance" alert), and once the completion is accepted that alert is
settled: it stays in the inbox, marked so, and no longer counts as unread."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from steerco.notices import plan
from steerco.notices.models import Notice, NoticeKind
from steerco.notices.selectors import inbox, unread_count
from steerco.notices.services import remind
from steerco.progress.services import (
    completion_accept,
    completion_return,
    extension_decide,
    extension_request,
    progress_report,
)
from tests.factories import make_directive, make_task

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = date(2025, 10, 24)


def _facts(**kw) -> plan.TaskFacts:  # type: ignore[no-untyped-def]
    return plan.TaskFacts(
        id=1, lead_unit_id=2, assigned_by_id=3, assigned_on=date(2025, 9, 1), **kw
    )


def _calendar(task: plan.TaskFacts, as_of: date) -> list[str]:
    wanted = plan.task_notices(
        task, as_of, days_before=(7, 1), report_days_before=5, catch_up=3, cutoff_day=14
    )
    return [w.kind for w in wanted]


def test_no_overdue_or_deadline_reminder_for_a_completion_awaiting_acceptance():
    overdue = _facts(due_on=DUE, task_class="overdue")
    assert _calendar(overdue, date(2025, 10, 25)) == [plan.OVERDUE]
    waiting = _facts(due_on=DUE, task_class="overdue", awaiting_acceptance=True)
    assert _calendar(waiting, date(2025, 10, 25)) == []
    soon = _facts(due_on=DUE, task_class="on_track", awaiting_acceptance=True)
    assert _calendar(soon, date(2025, 10, 23)) == []


def _at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HANOI)


def _remind(day: date) -> None:
    with time_machine.travel(_at(day), tick=False):
        remind(as_of=day, digests=False)


def _kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Notice.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def accepting(tree):  # type: ignore[no-untyped-def]
    with time_machine.travel(_at(date(2025, 10, 1)), tick=False):
        directive = make_directive(tree.tuyen_quang, symbol="20-KH/UBND", requires_acceptance=True)
        return make_task(directive, tree.tq_skhcn, due_on=DUE, reference="1")


@pytest.mark.django_db
def test_the_reporter_is_not_told_overdue_while_the_completion_awaits_acceptance(accepting, people):
    with time_machine.travel(_at(DUE, 9), tick=False):
        progress_report(
            task=accepting, reported_on=DUE, state="completed", author=people.tq_dept_reporter
        )
    for day in (date(2025, 10, 25), date(2025, 10, 26)):
        _remind(day)
    assert NoticeKind.OVERDUE not in _kinds(people.tq_dept_reporter)
    assert _kinds(people.tq_manager) == [NoticeKind.AWAITING_ACCEPTANCE]
    # Returned, the task is the reporters' again: overdue, and they are told.
    with time_machine.travel(_at(date(2025, 10, 26), 10), tick=False):
        completion_return(
            task=accepting,
            decided_on=date(2025, 10, 26),
            reason="Thiếu minh chứng",
            author=people.tq_manager,
        )
    _remind(date(2025, 10, 27))
    assert NoticeKind.OVERDUE in _kinds(people.tq_dept_reporter)


@pytest.mark.django_db
def test_an_accepted_completions_alert_is_settled_and_leaves_the_unread_count(accepting, people):
    manager = people.tq_manager
    with time_machine.travel(_at(date(2025, 10, 20), 9), tick=False):
        progress_report(
            task=accepting,
            reported_on=date(2025, 10, 20),
            state="completed",
            author=people.tq_dept_reporter,
        )
    _remind(date(2025, 10, 20))
    assert unread_count(manager) == 1
    (alert,) = inbox(manager)
    assert alert.kind == NoticeKind.AWAITING_ACCEPTANCE and not alert.settled
    with time_machine.travel(_at(date(2025, 10, 21), 10), tick=False):
        completion_accept(task=accepting, decided_on=date(2025, 10, 21), author=manager)
    assert unread_count(manager) == 0
    (alert,) = inbox(manager)
    assert alert.settled and alert.read_at is None  # still listed, as settled
    assert list(inbox(manager, unread_only=True)) == []


@pytest.mark.django_db
def test_a_decided_extension_requests_alert_is_settled(tree, people):
    with time_machine.travel(_at(date(2025, 10, 1)), tick=False):
        directive = make_directive(tree.tuyen_quang, symbol="15-KH/UBND")
        task = make_task(directive, tree.tq_skhcn, due_on=DUE, reference="1")
    with time_machine.travel(_at(date(2025, 10, 20), 9), tick=False):
        request = extension_request(
            task=task,
            requested_on=date(2025, 10, 20),
            new_due_on=date(2025, 11, 30),
            reason="Chờ kinh phí",
            author=people.tq_dept_reporter,
        )
    _remind(date(2025, 10, 20))
    assert unread_count(people.tq_manager) == 1
    with time_machine.travel(_at(date(2025, 10, 21), 10), tick=False):
        extension_decide(
            extension=request,
            approve=True,
            decided_on=date(2025, 10, 21),
            author=people.tq_manager,
        )
    assert unread_count(people.tq_manager) == 0


@pytest.mark.django_db
def test_a_deadline_coming_reminder_is_settled_once_the_deadline_has_passed(tree, people):
    """A June 'due in 6 days' reminder does not stay new in December beside the task's
    overdue one: once the deadline in force has passed, the overdue reminder takes over."""
    with time_machine.travel(_at(date(2025, 10, 1)), tick=False):
        directive = make_directive(tree.tuyen_quang, symbol="21-KH/UBND")
        task = make_task(directive, tree.tq_skhcn, due_on=DUE, reference="1")
    _remind(date(2025, 10, 20))
    reporter = people.tq_dept_reporter
    with time_machine.travel(_at(DUE, 12), tick=False):
        (soon,) = inbox(reporter)
        assert soon.kind == NoticeKind.DEADLINE_SOON and not soon.settled
    _remind(date(2025, 10, 25))
    with time_machine.travel(_at(date(2025, 10, 25), 12), tick=False):
        by_kind = {n.kind: n for n in inbox(reporter)}
        assert by_kind[NoticeKind.DEADLINE_SOON].settled
        assert not by_kind[NoticeKind.OVERDUE].settled
        assert unread_count(reporter) == 1
    assert task.pk
