"""The pure rules of who is told what as of a day (no database)."""

from __future__ import annotations

from datetime import date

from steerco.notices import plan

OPTIONS = {"days_before": (7, 1), "report_days_before": 3, "catch_up": 7, "cutoff_day": 14}


def task(**kw):  # type: ignore[no-untyped-def]
    fields = {
        "id": 1,
        "lead_unit_id": 10,
        "assigned_by_id": 20,
        "assigned_on": date(2025, 1, 15),
        "due_on": date(2025, 10, 27),
        "task_class": "on_track",
    }
    fields.update(kw)
    return plan.TaskFacts(**fields)


def kinds(t, day):  # type: ignore[no-untyped-def]
    return [(w.kind, w.occasion_on) for w in plan.task_notices(t, day, **OPTIONS)]


def test_reminder_stage_is_the_smallest_stage_not_below_the_days_left():
    assert plan.reminder_stage(date(2025, 10, 27), date(2025, 10, 19), (7, 1)) is None
    assert plan.reminder_stage(date(2025, 10, 27), date(2025, 10, 20), (7, 1)) == 7
    assert plan.reminder_stage(date(2025, 10, 27), date(2025, 10, 25), (7, 1)) == 7
    assert plan.reminder_stage(date(2025, 10, 27), date(2025, 10, 26), (7, 1)) == 1
    assert plan.reminder_stage(date(2025, 10, 27), date(2025, 10, 27), (7, 1)) == 1
    assert plan.reminder_stage(date(2025, 10, 27), date(2025, 10, 28), (7, 1)) is None


def test_deadline_reminders_seven_and_one_day_before_share_their_occasion_across_days():
    t = task()
    assert kinds(t, date(2025, 10, 19)) == []
    week = (plan.DEADLINE_SOON, date(2025, 10, 20))
    assert [kinds(t, date(2025, 10, d)) for d in (20, 23, 25)] == [[week]] * 3
    day = (plan.DEADLINE_SOON, date(2025, 10, 26))
    assert kinds(t, date(2025, 10, 26)) == kinds(t, date(2025, 10, 27)) == [day]


def test_overdue_alert_is_for_the_day_after_the_deadline_and_not_sent_after_the_catch_up():
    t = task(task_class="overdue")
    first = (plan.OVERDUE, date(2025, 10, 28))
    assert kinds(t, date(2025, 10, 28)) == kinds(t, date(2025, 11, 4)) == [first]
    assert kinds(t, date(2025, 11, 5)) == []


def test_a_completed_or_cancelled_task_is_not_reminded():
    assert kinds(task(task_class="done_on_time"), date(2025, 10, 26)) == []
    assert kinds(task(task_class="done_late"), date(2025, 10, 28)) == []
    assert kinds(task(task_class="cancelled"), date(2025, 10, 26)) == []


def test_a_task_assigned_recently_is_announced_on_the_day_it_was_assigned():
    t = task(assigned_on=date(2025, 10, 18), due_on=date(2025, 12, 31))
    assert kinds(t, date(2025, 10, 17)) == []
    assert (
        kinds(t, date(2025, 10, 18))
        == kinds(t, date(2025, 10, 21))
        == [(plan.ASSIGNED, date(2025, 10, 18))]
    )
    assert kinds(t, date(2025, 10, 26)) == []


def test_a_recurring_report_is_reminded_before_the_cut_off_unless_reported_in_the_period():
    t = task(recurring=True, cadence="month", due_on=None, task_class="regular")
    assert kinds(t, date(2025, 11, 10)) == []
    due = [(plan.REPORT_DUE, date(2025, 11, 14))]
    assert kinds(t, date(2025, 11, 11)) == kinds(t, date(2025, 11, 14)) == due
    assert kinds(t, date(2025, 11, 15)) == []  # the next period's window
    reported = task(
        recurring=True, cadence="month", due_on=None, task_class="regular", reported_in_period=True
    )
    assert kinds(reported, date(2025, 11, 12)) == []


def test_quarterly_and_half_yearly_reports_fall_due_at_their_periods_cut_off():
    quarterly = task(recurring=True, cadence="quarter", due_on=None, task_class="regular")
    assert kinds(quarterly, date(2025, 11, 12)) == []
    assert kinds(quarterly, date(2025, 12, 12)) == [(plan.REPORT_DUE, date(2025, 12, 14))]
    half = task(recurring=True, cadence="half_year", due_on=None, task_class="regular")
    assert kinds(half, date(2025, 9, 12)) == []
    assert kinds(half, date(2025, 12, 11)) == [(plan.REPORT_DUE, date(2025, 12, 14))]
    assert plan.period_window("half_year", date(2025, 8, 1), 14) == (
        date(2025, 6, 15),
        date(2025, 12, 14),
    )


def test_waiting_items_are_told_once_per_completion_or_request_however_old():
    items = [
        plan.Waiting(plan.EXTENSION_PENDING, date(2025, 6, 1), 1, 20, extension_id=5),
        plan.Waiting(plan.AWAITING_ACCEPTANCE, date(2025, 10, 19), 2, 20, update_id=9),
        plan.Waiting(plan.AWAITING_ACCEPTANCE, date(2025, 10, 21), 3, 20, update_id=10),
    ]
    wanted = plan.waiting_notices(items, date(2025, 10, 20))
    assert [(w.kind, w.subject, w.occasion_on, w.audience) for w in wanted] == [
        (plan.EXTENSION_PENDING, "extension:5", date(2025, 6, 1), plan.MANAGERS),
        (plan.AWAITING_ACCEPTANCE, "task:2", date(2025, 10, 19), plan.MANAGERS),
    ]


def test_digest_day_is_the_latest_chosen_weekday_on_or_before_the_day():
    assert plan.digest_day(0, date(2025, 10, 20)) == date(2025, 10, 20)  # a Monday
    assert plan.digest_day(0, date(2025, 10, 26)) == date(2025, 10, 20)
    assert plan.digest_day(4, date(2025, 10, 20)) == date(2025, 10, 17)


def test_address_honours_muted_kinds():
    w = plan.task_notices(task(), date(2025, 10, 20), **OPTIONS)
    keen, quiet = plan.Person(1), plan.Person(2, muted=frozenset({plan.DEADLINE_SOON}))
    addressed = plan.address(w, {(10, plan.REPORTERS): [keen, quiet]})
    assert [a.person.id for a in addressed] == [1]
    assert plan.address(w, {(11, plan.REPORTERS): [keen]}) == []
