"""The history rule, once: what one event writes — pure, plain values in and out.

An event on a task (a report, an acceptance, a return, a cancellation) appends one
history row and moves the task's cached columns; an extension decision moves only the
deadline in force. The progress services (one event at a time, under the task's lock),
the demo loader and the bench generator (whole histories, written in bulk) all compute
them here, so that they write the same rows and the same cache:

    row, after = step(before, event, rules, earlier_reports=...)

- `before` and `after` are `TaskCacheState`s: the task's cache, field for field
  `TASK_CACHE_FIELDS` of `steerco.directives.models` (a test holds them equal);
- `event` is what the caller asks for (`Event`); the state and percent of a decision
  (acceptance, return, cancellation) are the rule's, not the caller's;
- `row` is the `HistoryRow`: the row's values the rule decides, named as in
  `HISTORY_ROW_FIELDS` of `steerco.progress.models`; the caller adds the task, the
  texts, the unit and the author.

The rule itself is `classification.advance` and `Completion.counted_on` (the completion
a row leaves and the date it counts from), `classification.completion_recorded_late`
(a completion recorded long after its date waits for acceptance) and
`reporting.marks_after` (the reporting marks). Which events a task may take (dates,
cancelled tasks, permissions) is the services' business; this module only computes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from .classification import (
    ApprovedExtension,
    Completion,
    HistoryEntry,
    advance,
    completion_recorded_late,
    latest_approved,
)
from .reporting import ReportMarks, marks_after, marks_of

COMPLETED = "completed"


class TaskCacheState(NamedTuple):
    """The task's cached current state (`Task`'s `TASK_CACHE_FIELDS`, in their order).

    (Named tuples, this and `HistoryRow`: immutable and cheap to make, as the bulk
    loaders make one for every row they write; read them by name.)"""

    due_on: date | None = None
    state: str = "not_started"
    percent: int = 0
    completed_on: date | None = None
    accepted_on: date | None = None
    cancelled_on: date | None = None
    last_reported_on: date | None = None
    counted_completed_on: date | None = None
    due_changed_on: date | None = None
    reopened_on: date | None = None
    last_report_at: datetime | None = None
    report_window_start: datetime | None = None
    report_before_window_at: datetime | None = None

    @classmethod
    def of(cls, task: object) -> TaskCacheState:
        """The state an object with the cache's attributes (a `Task`) holds."""
        return cls(*(getattr(task, name) for name in cls._fields))

    def values(self) -> dict[str, object]:
        """The cache as a mapping keyed by its field names (`TASK_CACHE_FIELDS`)."""
        return self._asdict()

    def completion(self, requires_acceptance: bool) -> Completion:
        """The completion the cache holds.

        Whether a completion waits for acceptance because it was recorded late is not a
        column of the task: it is a completion that does not count from its own date
        although the directive does not require acceptance (not accepted yet: it does not
        count at all; accepted: it counts from the acceptance). Where the directive
        requires acceptance the mark changes nothing (`Completion.counted_on`), so it is
        left unset; so it is where an acceptance on the completion's own day made the
        two dates one (it changes nothing either)."""
        needs = (
            self.state == COMPLETED
            and self.completed_on is not None
            and self.counted_completed_on != self.completed_on
            and not requires_acceptance
        )
        return Completion(self.state, self.completed_on, self.accepted_on, needs)


@dataclass(frozen=True, slots=True)
class Rules:
    """What the rule reads besides the task's cache: whether the task's directive requires
    acceptance, and the settings `STEERCO_LATE_COMPLETION_DAYS`, `STEERCO_CUTOFF_DAY` and
    the time zone (the server's day a row is recorded on; the reporting windows)."""

    requires_acceptance: bool
    late_days: int
    cutoff_day: int
    tz: tzinfo

    @classmethod
    def from_settings(cls, requires_acceptance: bool) -> Rules:
        return cls(
            requires_acceptance,
            settings.STEERCO_LATE_COMPLETION_DAYS,
            settings.STEERCO_CUTOFF_DAY,
            timezone.get_current_timezone(),
        )


class Event(NamedTuple):
    """One write asked of a task. `kind` is report | accepted | returned | cancelled.

    `state` and `percent` are a report's (a report of another unit than the lead carries
    the task's own: `services.progress_report` settles them); a decision's come from the
    rule. `backdated_by_manager` is the services' date check's answer (a report dated back
    further than reporters may, by a manager of the task)."""

    kind: str
    reported_on: date
    recorded_at: datetime
    state: str = ""
    percent: int = 0
    backdated_by_manager: bool = False


class HistoryRow(NamedTuple):
    """The values of a history row the rule decides (fields of `HISTORY_ROW_FIELDS`)."""

    kind: str
    reported_on: date
    state: str
    percent: int
    recorded_at: datetime
    backdated_by_manager: bool
    needs_acceptance: bool
    completed_on: date | None
    accepted_on: date | None
    counted_completed_on: date | None

    def values(self) -> dict[str, object]:
        """The row's values keyed by their `HISTORY_ROW_FIELDS` names."""
        return self._asdict()


def decided_state(before: TaskCacheState, kind: str) -> tuple[str, int]:
    """The state and percent a decision leaves (a report says its own): an acceptance
    keeps the completion at 100%, a return reopens it at most 90% done, a cancellation
    keeps what the task had."""
    if kind == "accepted":
        return COMPLETED, 100
    if kind == "returned":
        return "in_progress", min(before.percent, 90)
    if kind == "cancelled":
        return before.state, before.percent
    raise ValueError(f"unknown kind of history row {kind!r}")


def step(
    before: TaskCacheState,
    event: Event,
    rules: Rules,
    *,
    earlier_reports: Iterable[datetime],
) -> tuple[HistoryRow, TaskCacheState]:
    """The history row `event` appends and the task's cache after it.

    `earlier_reports` are the times the task's earlier reports were recorded: read only
    when the cached reporting marks cannot tell the new ones (a report recorded before
    the latest one, or a calendar changed since), so a lazy query will do."""
    kind, on, recorded_at = event.kind, event.reported_on, event.recorded_at
    report = kind == "report"
    state, percent = (event.state, event.percent) if report else decided_state(before, kind)
    current = before.completion(rules.requires_acceptance)
    # The mark is kept on the row that starts a completion only: on any other row it
    # changes nothing (`advance`), and the history shows it where it applies. (Only a
    # report of completion can be late: the day it is recorded on is asked of it alone.)
    late = (
        report
        and state == COMPLETED
        and current.state != COMPLETED
        and completion_recorded_late(
            kind, state, on, recorded_at.astimezone(rules.tz).date(), rules.late_days
        )
    )
    after = advance(current, HistoryEntry(on, state, kind, late))
    counted = after.counted_on(rules.requires_acceptance)
    row = HistoryRow(
        kind=kind,
        reported_on=on,
        state=after.state,
        percent=percent,
        recorded_at=recorded_at,
        backdated_by_manager=event.backdated_by_manager,
        needs_acceptance=late,
        completed_on=after.completed_on,
        accepted_on=after.accepted_on,
        counted_completed_on=counted,
    )
    marks = _marks(before, recorded_at, rules, earlier_reports) if report else None
    cache = _cache_after(before, event, percent, current, after, counted, marks)
    return row, cache


def _cache_after(
    before: TaskCacheState,
    event: Event,
    percent: int,
    current: Completion,
    after: Completion,
    counted: date | None,
    marks: ReportMarks | None,
) -> TaskCacheState:
    """The task's cached columns once `event` is appended: the completion it leaves, the
    cancellation, the reopening and (for a report) the reporting marks; the deadline is
    the deadline decisions' to move."""
    on, kind = event.reported_on, event.kind
    return TaskCacheState(
        due_on=before.due_on,
        state=after.state,
        percent=percent,
        completed_on=after.completed_on,
        accepted_on=after.accepted_on,
        cancelled_on=on if kind == "cancelled" else before.cancelled_on,
        last_reported_on=on,
        counted_completed_on=counted,
        due_changed_on=before.due_changed_on,
        # The latest row that took the task out of "completed" (`reporting.reopened_on`).
        reopened_on=(
            on if current.state == COMPLETED and after.state != COMPLETED else before.reopened_on
        ),
        # The reporting marks move on with reports only.
        last_report_at=marks.last_at if marks else before.last_report_at,
        report_window_start=marks.window_start if marks else before.report_window_start,
        report_before_window_at=(
            marks.before_window_at if marks else before.report_before_window_at
        ),
    )


def _marks(
    before: TaskCacheState, recorded_at: datetime, rules: Rules, earlier: Iterable[datetime]
) -> ReportMarks:
    if before.last_reported_on is None:  # the task's first row
        return marks_of([recorded_at], rules.cutoff_day, rules.tz)
    marks = ReportMarks(
        before.last_report_at, before.report_window_start, before.report_before_window_at
    )
    return marks_after(marks, recorded_at, rules.cutoff_day, rules.tz) or marks_of(
        [*earlier, recorded_at], rules.cutoff_day, rules.tz
    )


def deadline_decided(
    before: TaskCacheState, original_due_on: date | None, approved: Iterable[ApprovedExtension]
) -> TaskCacheState:
    """The cache after a decision on an extension, given every extension of the task
    approved so far in the order they were requested: the deadline in force is the latest
    approved one's (by decision date, then order; `classification.latest_approved`), else
    the original; `due_changed_on` is that decision's date."""
    latest = latest_approved(approved)
    due_on, changed_on = (
        (latest.new_due_on, latest.decided_on) if latest else (original_due_on, None)
    )
    if (due_on, changed_on) == (before.due_on, before.due_changed_on):
        return before
    return before._replace(due_on=due_on, due_changed_on=changed_on)
