"""The classification rules of DESIGN.md, at their boundaries (pure function)."""

from datetime import date

from steerco.progress.classification import (
    ApprovedExtension,
    HistoryEntry,
    TaskClass,
    TaskFacts,
    classify,
    completion_recorded_late,
)

JUNE_30 = date(2025, 6, 30)
FACTS = TaskFacts(assigned_on=date(2025, 1, 15), original_due_on=JUNE_30)


def completed_on(day, kind="report"):
    return HistoryEntry(day, "completed", kind)


def test_task_completed_exactly_on_the_deadline_is_done_on_time():
    assert classify(FACTS, [completed_on(JUNE_30)], [], date(2025, 7, 1)) == TaskClass.DONE_ON_TIME


def test_task_completed_one_day_after_the_deadline_is_done_late():
    assert (
        classify(FACTS, [completed_on(date(2025, 7, 1))], [], date(2025, 7, 1))
        == TaskClass.DONE_LATE
    )


def test_unfinished_task_is_on_track_on_its_deadline_day_and_overdue_the_day_after():
    history = [HistoryEntry(date(2025, 3, 1), "in_progress")]
    assert classify(FACTS, history, [], JUNE_30) == TaskClass.ON_TRACK
    assert classify(FACTS, history, [], date(2025, 7, 1)) == TaskClass.OVERDUE


def test_task_not_started_yet_is_on_track_before_its_deadline():
    assert classify(FACTS, [], [], date(2025, 2, 1)) == TaskClass.ON_TRACK


def test_a_completion_reported_after_the_as_of_date_does_not_count_yet():
    history = [completed_on(date(2025, 6, 1))]
    assert classify(FACTS, history, [], date(2025, 5, 31)) == TaskClass.ON_TRACK


def test_task_assigned_after_the_as_of_date_is_not_counted():
    assert classify(FACTS, [], [], date(2025, 1, 14)) is None


def test_extension_approved_before_the_as_of_date_moves_the_deadline():
    extension = [ApprovedExtension(decided_on=date(2025, 6, 20), new_due_on=date(2025, 9, 30))]
    assert classify(FACTS, [], extension, date(2025, 7, 15)) == TaskClass.ON_TRACK


def test_extension_approved_after_the_as_of_date_does_not_apply_yet():
    extension = [ApprovedExtension(decided_on=date(2025, 7, 20), new_due_on=date(2025, 9, 30))]
    assert classify(FACTS, [], extension, date(2025, 7, 15)) == TaskClass.OVERDUE
    assert classify(FACTS, [], extension, date(2025, 7, 20)) == TaskClass.ON_TRACK


def test_completion_within_an_approved_extension_is_done_on_time():
    extension = [ApprovedExtension(decided_on=date(2025, 6, 20), new_due_on=date(2025, 9, 30))]
    history = [completed_on(date(2025, 8, 1))]
    assert classify(FACTS, history, extension, date(2025, 10, 1)) == TaskClass.DONE_ON_TIME


def test_the_latest_approved_extension_is_the_deadline_in_force():
    extensions = [
        ApprovedExtension(decided_on=date(2025, 6, 20), new_due_on=date(2025, 9, 30)),
        ApprovedExtension(decided_on=date(2025, 9, 25), new_due_on=date(2025, 12, 31)),
    ]
    assert classify(FACTS, [], extensions, date(2025, 10, 15)) == TaskClass.ON_TRACK
    assert classify(FACTS, [], extensions, date(2025, 9, 24)) == TaskClass.ON_TRACK
    assert classify(FACTS, [], extensions[:1], date(2025, 10, 15)) == TaskClass.OVERDUE


ACCEPTING = TaskFacts(
    assigned_on=date(2025, 1, 15), original_due_on=JUNE_30, requires_acceptance=True
)


def test_with_acceptance_on_an_unaccepted_completion_does_not_count():
    history = [completed_on(date(2025, 6, 10))]
    assert classify(ACCEPTING, history, [], date(2025, 6, 20)) == TaskClass.ON_TRACK
    assert classify(ACCEPTING, history, [], date(2025, 7, 20)) == TaskClass.OVERDUE


def test_with_acceptance_completion_counts_from_the_acceptance_date():
    history = [
        completed_on(date(2025, 6, 10)),
        HistoryEntry(date(2025, 6, 25), "completed", "accepted"),
    ]
    assert classify(ACCEPTING, history, [], date(2025, 7, 1)) == TaskClass.DONE_ON_TIME
    late = [
        completed_on(date(2025, 6, 10)),
        HistoryEntry(date(2025, 7, 3), "completed", "accepted"),
    ]
    assert classify(ACCEPTING, late, [], date(2025, 7, 5)) == TaskClass.DONE_LATE


def test_a_returned_completion_puts_the_task_back_in_progress():
    history = [
        completed_on(date(2025, 6, 10)),
        HistoryEntry(date(2025, 6, 12), "in_progress", "returned"),
    ]
    assert classify(ACCEPTING, history, [], date(2025, 6, 20)) == TaskClass.ON_TRACK
    assert classify(ACCEPTING, history, [], date(2025, 7, 1)) == TaskClass.OVERDUE
    assert classify(FACTS, history, [], date(2025, 7, 1)) == TaskClass.OVERDUE


def test_a_returned_then_recompleted_task_counts_from_the_new_completion():
    history = [
        completed_on(date(2025, 6, 10)),
        HistoryEntry(date(2025, 6, 12), "in_progress", "returned"),
        completed_on(date(2025, 7, 2)),
    ]
    assert classify(FACTS, history, [], date(2025, 7, 5)) == TaskClass.DONE_LATE


def test_a_further_report_on_a_completed_task_keeps_its_completion_date():
    history = [completed_on(date(2025, 6, 10)), completed_on(date(2025, 8, 1))]
    assert classify(FACTS, history, [], date(2025, 9, 1)) == TaskClass.DONE_ON_TIME


def test_cancelled_task_is_cancelled_from_its_cancellation_date():
    facts = TaskFacts(
        assigned_on=date(2025, 1, 15), original_due_on=JUNE_30, cancelled_on=date(2025, 5, 1)
    )
    assert classify(facts, [], [], date(2025, 4, 30)) == TaskClass.ON_TRACK
    assert classify(facts, [], [], date(2025, 5, 1)) == TaskClass.CANCELLED
    assert classify(facts, [], [], date(2025, 8, 1)) == TaskClass.CANCELLED


def test_recurring_task_is_regular_whatever_its_history():
    facts = TaskFacts(assigned_on=date(2025, 1, 15), original_due_on=None, recurring=True)
    assert classify(facts, [], [], date(2026, 1, 1)) == TaskClass.REGULAR


def test_task_without_a_deadline_is_never_overdue():
    facts = TaskFacts(assigned_on=date(2025, 1, 15), original_due_on=None)
    assert classify(facts, [], [], date(2030, 1, 1)) == TaskClass.ON_TRACK


def test_a_completion_recorded_late_counts_only_from_its_acceptance():
    """Completed "on 28 June" but recorded weeks later: not done until a manager accepts,
    then done late (accepted after the deadline), whatever the directive requires."""
    late = HistoryEntry(date(2025, 6, 28), "completed", "report", needs_acceptance=True)
    assert classify(FACTS, [late], [], date(2025, 7, 20)) == TaskClass.OVERDUE
    accepted = HistoryEntry(date(2025, 7, 22), "completed", "accepted")
    assert classify(FACTS, [late, accepted], [], date(2025, 7, 22)) == TaskClass.DONE_LATE
    assert classify(FACTS, [late, accepted], [], date(2025, 7, 21)) == TaskClass.OVERDUE


def test_recorded_late_means_more_than_the_allowed_days_after_the_date():
    day = date(2025, 6, 28)
    assert not completion_recorded_late("report", "completed", day, date(2025, 7, 5), 7)
    assert completion_recorded_late("report", "completed", day, date(2025, 7, 6), 7)
    assert not completion_recorded_late("report", "in_progress", day, date(2025, 8, 1), 7)
    assert not completion_recorded_late("accepted", "completed", day, date(2025, 8, 1), 7)
