"""The person scorecard: whose task is it, and how did it end (issue 21, item 2)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from steerco.directives.responsibility import responsibility_record
from steerco.people.models import Person
from steerco.progress.services import progress_report, task_cancel
from steerco.scoring.people import (
    Holder,
    calendar_year,
    counting_day,
    holder_on,
    person_scorecard,
)
from steerco.scoring.selectors import class_counts
from tests.factories import make_directive, make_task

YEAR = calendar_year(2026)
AFTER_THE_YEAR = date(2027, 1, 10)


@pytest.fixture(autouse=True)
def _history_written_late(settings):
    settings.STEERCO_REPORT_BACKDATE_DAYS = 5000  # the year's history, recorded today


@pytest.fixture
def officials(tree):
    lan = Person.objects.create(
        full_name="Nguyễn Thị Lan", position="Phó Giám đốc", unit=tree.tq_skhcn
    )
    minh = Person.objects.create(
        full_name="Trần Văn Minh", position="Trưởng phòng", unit=tree.tq_skhcn
    )
    return lan, minh


@pytest.fixture
def plan(tree):
    return make_directive(tree.tuyen_quang, issued_on=date(2026, 1, 5))


def task_of(plan, tree, person, *, due_on, assigned_on=date(2026, 1, 10), **kw):
    task = make_task(plan, tree.tq_skhcn, due_on=due_on, assigned_on=assigned_on, **kw)
    responsibility_record(task=task, since=assigned_on, person=person)
    return task


def completed(task, day):
    """Completed on `day`, recorded that day (not late: no acceptance needed)."""
    at = datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone())
    progress_report(task=task, reported_on=day, state="completed", recorded_at=at)


def card(person, today=AFTER_THE_YEAR):
    return person_scorecard(person=person, period=YEAR, today=today)


def ids(tasks):
    return {t.task_id for t in tasks}


def test_a_task_transferred_on_1_july_and_due_in_september_counts_for_the_new_holder(
    tree, plan, officials
):
    lan, minh = officials
    task = task_of(plan, tree, lan, due_on=date(2026, 9, 30))
    responsibility_record(task=task, since=date(2026, 7, 1), person=minh)

    minh_card, lan_card = card(minh), card(lan)

    assert ids(minh_card.tasks) == {task.pk}
    assert minh_card.counts.overdue == 1
    assert lan_card.tasks == []
    assert lan_card.counts.total == 0
    assert [(t.task_id, t.on, t.other) for t in lan_card.transferred_out] == [
        (task.pk, date(2026, 7, 1), "Trần Văn Minh")
    ]
    assert [(t.task_id, t.other) for t in minh_card.transferred_in] == [(task.pk, "Nguyễn Thị Lan")]
    assert minh_card.figures()["transferred_in"] == 1


def test_a_task_completed_in_march_before_a_june_transfer_counts_for_who_completed_it(
    tree, plan, officials
):
    lan, minh = officials
    task = task_of(plan, tree, lan, due_on=date(2026, 9, 30))
    completed(task, date(2026, 3, 20))
    responsibility_record(task=task, since=date(2026, 6, 1), person=minh)

    lan_card, minh_card = card(lan), card(minh)

    assert ids(lan_card.tasks) == {task.pk}
    assert lan_card.counts.done_on_time == 1
    assert lan_card.tasks[0].counted_on == date(2026, 3, 20)
    assert minh_card.tasks == []
    # Minh's card shows it came to him, but not as his.
    assert [t.task is None for t in minh_card.transferred_in] == [True]


def test_a_task_due_after_the_year_counts_for_who_holds_it_at_the_years_end(tree, plan, officials):
    lan, minh = officials
    task = task_of(plan, tree, lan, due_on=date(2027, 3, 31))
    responsibility_record(task=task, since=date(2026, 12, 1), person=minh)

    assert ids(card(minh).tasks) == {task.pk}
    assert card(minh).counts.on_track == 1
    assert card(lan).tasks == []
    # And next year, again, for whoever holds it on its deadline.
    assert ids(
        person_scorecard(person=minh, period=calendar_year(2027), today=date(2027, 4, 2)).tasks
    ) == {task.pk}


def test_a_task_due_the_year_before_is_not_on_this_years_card(tree, plan, officials):
    lan, _minh = officials
    old = make_directive(tree.tuyen_quang, issued_on=date(2025, 1, 5))
    task_of(old, tree, lan, due_on=date(2025, 10, 31), assigned_on=date(2025, 2, 1))

    assert card(lan).tasks == []
    assert (
        person_scorecard(
            person=lan, period=calendar_year(2025), today=AFTER_THE_YEAR
        ).counts.overdue
        == 1
    )


def test_counts_equal_the_unit_scorecards_classes_for_the_same_tasks_and_day(tree, plan, officials):
    lan, _minh = officials
    on_time = task_of(plan, tree, lan, due_on=date(2026, 5, 31))
    completed(on_time, date(2026, 5, 2))
    late = task_of(plan, tree, lan, due_on=date(2026, 4, 30))
    completed(late, date(2026, 6, 2))
    task_of(plan, tree, lan, due_on=date(2026, 8, 31))  # overdue
    task_of(plan, tree, lan, due_on=date(2027, 2, 28))  # on track
    task_of(plan, tree, lan, due_on=None, recurring=True, cadence="month")
    cancelled = task_of(plan, tree, lan, due_on=date(2026, 10, 31))
    task_cancel(task=cancelled, cancelled_on=date(2026, 7, 1), reason="Không còn phù hợp")

    mine = card(lan).counts
    unit = class_counts(unit=tree.tq_skhcn, as_of=YEAR.ends_on)

    for name in ("done_on_time", "done_late", "on_track", "overdue", "regular", "cancelled"):
        assert getattr(mine, name) == getattr(unit, name) == 1, name
    assert mine.timeliness.expected == unit.timeliness.expected


def test_the_current_year_is_counted_as_of_today(tree, plan, officials):
    lan, minh = officials
    task = task_of(plan, tree, lan, due_on=date(2026, 12, 20))
    responsibility_record(task=task, since=date(2026, 11, 1), person=minh)

    today = date(2026, 12, 2)
    assert card(minh, today).as_of == today
    assert ids(card(minh, today).tasks) == {task.pk}
    assert card(minh, today).counts.on_track == 1


def test_a_year_not_begun_counts_nothing(tree, plan, officials):
    lan, _minh = officials
    task_of(plan, tree, lan, due_on=date(2026, 9, 30))

    future = person_scorecard(person=lan, period=calendar_year(2027), today=date(2026, 12, 2))
    assert future.tasks == [] and future.counts.total == 0


def test_the_row_in_force_is_the_last_dated_on_or_before_the_day():
    history = [
        Holder(date(2026, 1, 1), 1),
        Holder(date(2026, 7, 1), 2),
        Holder(date(2026, 7, 1), 3),
    ]
    assert holder_on(history, date(2026, 6, 30)).person_id == 1  # type: ignore[union-attr]
    assert holder_on(history, date(2026, 7, 1)).person_id == 3  # type: ignore[union-attr]
    # A day before the first row: the official was linked after the task was assigned.
    assert holder_on(history, date(2025, 12, 1)).person_id == 1  # type: ignore[union-attr]


def test_the_counting_day_is_the_deadline_or_the_completion_if_earlier():
    day = counting_day(
        due=date(2026, 9, 30), done=date(2026, 3, 20), cancelled_on=None, as_of=date(2026, 12, 31)
    )
    assert day == date(2026, 3, 20)
    assert counting_day(
        due=date(2027, 3, 1), done=None, cancelled_on=None, as_of=date(2026, 12, 31)
    ) == date(2026, 12, 31)
