"""The history rule, one event at a time (`history_step.step`), at its boundaries and
against the whole-history definitions it is folded from: for any history, the rows and
the cache it leaves are those of `completion_as_of`, `counted_on`, `reporting.reopened_on`
and `reporting.marks_of` over the history written so far."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from steerco.directives.models import TASK_CACHE_FIELDS
from steerco.progress.classification import (
    ApprovedExtension,
    HistoryEntry,
    completion_as_of,
)
from steerco.progress.history_step import (
    Event,
    HistoryRow,
    Rules,
    TaskCacheState,
    deadline_decided,
    step,
)
from steerco.progress.models import HISTORY_ROW_FIELDS
from steerco.progress.reporting import marks_of, reopened_on

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
START = date(2025, 1, 6)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=HANOI)


def rules(requires_acceptance: bool = False) -> Rules:
    return Rules(requires_acceptance, late_days=7, cutoff_day=14, tz=HANOI)


def test_the_cache_and_the_row_are_named_as_the_models_name_them():
    assert TaskCacheState._fields == TASK_CACHE_FIELDS
    assert tuple(TaskCacheState().values()) == TASK_CACHE_FIELDS
    row_fields = list(HistoryRow._fields)
    assert set(row_fields) <= set(HISTORY_ROW_FIELDS)
    row, _ = step(
        TaskCacheState(),
        Event("report", START, at(START), "in_progress", 10),
        rules(),
        earlier_reports=(),
    )
    assert list(row.values()) == row_fields


def test_a_decision_sets_its_own_state_and_percent():
    _, cache = step(
        TaskCacheState(),
        Event("report", START, at(START), "in_progress", 95),
        rules(),
        earlier_reports=(),
    )
    _, cache = step(
        cache, Event("report", START, at(START), "completed", 100), rules(True), earlier_reports=()
    )
    assert (cache.state, cache.counted_completed_on) == ("completed", None)
    returned, back = step(
        cache, Event("returned", START, at(START, 11)), rules(True), earlier_reports=()
    )
    assert (returned.state, returned.percent, back.reopened_on) == ("in_progress", 90, START)
    cancelled, end = step(
        back, Event("cancelled", START, at(START, 12)), rules(True), earlier_reports=()
    )
    assert (cancelled.state, cancelled.percent, end.cancelled_on) == ("in_progress", 90, START)


def test_a_completion_recorded_8_days_late_counts_from_its_acceptance():
    day = date(2025, 6, 28)
    row, cache = step(
        TaskCacheState(),
        Event("report", day, at(day + timedelta(days=8)), "completed", 100),
        rules(),
        earlier_reports=(),
    )
    assert row.needs_acceptance and cache.counted_completed_on is None
    accepted, cache = step(
        cache,
        Event("accepted", date(2025, 7, 10), at(date(2025, 7, 10))),
        rules(),
        earlier_reports=(),
    )
    assert not accepted.needs_acceptance
    assert (cache.accepted_on, cache.counted_completed_on) == (date(2025, 7, 10),) * 2


def test_the_latest_decided_extension_sets_the_deadline_and_a_tie_goes_to_the_later_request():
    june, july, aug = date(2025, 6, 30), date(2025, 7, 31), date(2025, 8, 31)
    first = ApprovedExtension(date(2025, 6, 10), july)
    second = ApprovedExtension(date(2025, 6, 10), aug)
    earlier = ApprovedExtension(date(2025, 6, 1), date(2025, 12, 31))
    cache = TaskCacheState(due_on=june)
    assert deadline_decided(cache, june, []) is cache
    moved = deadline_decided(cache, june, [first, second, earlier])
    assert (moved.due_on, moved.due_changed_on) == (aug, date(2025, 6, 10))


# --- against the whole-history definitions, on random histories ---

event = st.tuples(
    st.sampled_from(["report", "report", "report", "accepted", "returned"]),
    st.integers(0, 40),  # days after the previous event
    st.sampled_from(["not_started", "in_progress", "completed"]),
    st.integers(0, 12),  # days late it is recorded
    st.integers(0, 23),  # hour: some reports are recorded before earlier ones
)


@given(st.lists(event, max_size=25), st.booleans(), st.booleans())
def test_step_by_step_is_the_whole_history_rule(events, requires_acceptance, cancel):
    r = rules(requires_acceptance)
    cache, day = TaskCacheState(due_on=date(2025, 6, 30)), START
    entries: list[HistoryEntry] = []
    reports: list[datetime] = []
    plan = list(events)
    if cancel:
        plan.append(("cancelled", 1, "", 0, 9))
    for kind, step_days, state, lag, hour in plan:
        day += timedelta(days=step_days)
        if kind == "accepted" and not (
            cache.state == "completed" and cache.counted_completed_on is None
        ):
            continue
        if kind == "returned" and cache.state != "completed":
            continue
        recorded = at(day + timedelta(days=lag), hour)
        percent = 100 if state == "completed" else (0 if state == "not_started" else 50)
        row, cache = step(
            cache, Event(kind, day, recorded, state, percent), r, earlier_reports=list(reports)
        )
        entries.append(HistoryEntry(day, row.state, kind, row.needs_acceptance))
        if kind == "report":
            reports.append(recorded)
        completion = completion_as_of(entries, day)
        assert (row.state, row.completed_on, row.accepted_on) == (
            completion.state,
            completion.completed_on,
            completion.accepted_on,
        )
        assert row.counted_completed_on == completion.counted_on(requires_acceptance)
        marks = marks_of(reports, r.cutoff_day, r.tz)
        assert cache == TaskCacheState(
            due_on=date(2025, 6, 30),
            state=row.state,
            percent=row.percent,
            completed_on=row.completed_on,
            accepted_on=row.accepted_on,
            cancelled_on=day if kind == "cancelled" else None,
            last_reported_on=day,
            counted_completed_on=row.counted_completed_on,
            reopened_on=reopened_on(entries),
            last_report_at=marks.last_at,
            report_window_start=marks.window_start,
            report_before_window_at=marks.before_window_at,
        )
