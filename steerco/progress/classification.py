"""Classification of a task as of a date — the pure rule.

A pure function of the task's facts, its history and the as-of date D, so any
past date can be reported exactly. `classification_sql.py` states the same rule
as a database expression; a property test proves the two agree.

| class        | rule (as of D)                                                      |
| done on time | completed (and accepted, where required) on or before the deadline in force |
| done late    | completed after the deadline in force                               |
| on track     | not completed, D on or before the deadline (or no deadline)         |
| overdue      | not completed, D after the deadline                                 |
| regular      | recurring task: no single deadline                                  |
| cancelled    | withdrawn by the assigning unit on or before D                      |

"Where required": the directive requires acceptance of every completion, or the
completion itself was recorded long after the date it speaks for (more than
STEERCO_LATE_COMPLETION_DAYS; the services mark such a row `needs_acceptance`). Such a
completion counts from the later of its date and its acceptance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class TaskClass(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    ON_TRACK = "on_track"
    OVERDUE = "overdue"
    REGULAR = "regular"
    CANCELLED = "cancelled"


COMPLETED_CLASSES = frozenset({TaskClass.DONE_ON_TIME, TaskClass.DONE_LATE})


@dataclass(frozen=True)
class TaskFacts:
    assigned_on: date
    original_due_on: date | None
    recurring: bool = False
    requires_acceptance: bool = False
    cancelled_on: date | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One row of progress history. `kind` is report | accepted | returned | cancelled.

    `needs_acceptance`: a report of completion recorded too long after the date it speaks
    for; the completion it starts counts only once accepted, whatever the directive says."""

    reported_on: date
    state: str
    kind: str = "report"
    needs_acceptance: bool = False


@dataclass(frozen=True)
class ApprovedExtension:
    decided_on: date
    new_due_on: date


@dataclass(frozen=True)
class Completion:
    """Where a history stands after some rows: the carried values each row stores."""

    state: str = "not_started"
    completed_on: date | None = None
    accepted_on: date | None = None
    needs_acceptance: bool = False  # this completion was recorded late (see HistoryEntry)

    def counted_on(self, requires_acceptance: bool) -> date | None:
        """The date the completion counts from, or None while it does not count."""
        if self.state != "completed" or self.completed_on is None:
            return None
        if not (requires_acceptance or self.needs_acceptance):
            return self.completed_on
        if self.accepted_on is None:
            return None
        return max(self.completed_on, self.accepted_on)


def completion_recorded_late(
    kind: str, state: str, reported_on: date, recorded_on: date, late_days: int
) -> bool:
    """Is this row a report of completion recorded more than `late_days` after the date it
    speaks for (STEERCO_LATE_COMPLETION_DAYS)? If it starts a completion, that completion
    counts only once accepted (`HistoryEntry.needs_acceptance`)."""
    return (
        kind == "report" and state == "completed" and (recorded_on - reported_on).days > late_days
    )


def advance(before: Completion, entry: HistoryEntry) -> Completion:
    """The completion after appending `entry` to a history standing at `before`."""
    if entry.kind == "accepted":
        if before.state != "completed":
            return before
        return Completion(
            "completed",
            before.completed_on,
            before.accepted_on or entry.reported_on,
            before.needs_acceptance,
        )
    if entry.kind == "returned":
        return Completion("in_progress", None, None)
    if entry.kind == "cancelled":
        return before
    if entry.state == "completed":
        if before.state == "completed":
            return before  # a further report on a completed task keeps its completion date
        return Completion("completed", entry.reported_on, None, entry.needs_acceptance)
    return Completion(entry.state, None, None)


def completion_as_of(history: Iterable[HistoryEntry], as_of: date) -> Completion:
    """Walk the history (in the order written) up to and including `as_of`."""
    current = Completion()
    for entry in history:
        if entry.reported_on <= as_of:
            current = advance(current, entry)
    return current


def latest_approved(
    extensions: Iterable[ApprovedExtension], as_of: date | None = None
) -> ApprovedExtension | None:
    """The approved extension in force (on `as_of`; None: whenever): the latest decided,
    of those decided the same day the last written; None if none is."""
    in_force = [
        (e.decided_on, i, e)
        for i, e in enumerate(extensions)
        if as_of is None or e.decided_on <= as_of
    ]
    return max(in_force, key=lambda t: t[:2])[2] if in_force else None


def deadline_as_of(
    facts: TaskFacts, extensions: Iterable[ApprovedExtension], as_of: date
) -> date | None:
    """The deadline in force on `as_of`: the latest extension approved by then, else the original."""
    latest = latest_approved(extensions, as_of)
    return latest.new_due_on if latest else facts.original_due_on


def classify(
    facts: TaskFacts,
    history: Iterable[HistoryEntry],
    extensions: Iterable[ApprovedExtension],
    as_of: date,
) -> TaskClass | None:
    """The class of a task as of `as_of`, or None if it had not been assigned yet.

    `history` and `extensions` are in the order they were written (extensions:
    approved ones only; the latest decision wins, ties by order written).
    """
    if facts.assigned_on > as_of:
        return None
    if facts.cancelled_on is not None and facts.cancelled_on <= as_of:
        return TaskClass.CANCELLED
    if facts.recurring:
        return TaskClass.REGULAR
    due = deadline_as_of(facts, extensions, as_of)
    done_on = completion_as_of(history, as_of).counted_on(facts.requires_acceptance)
    if done_on is not None:
        if due is None or done_on <= due:
            return TaskClass.DONE_ON_TIME
        return TaskClass.DONE_LATE
    if due is None or as_of <= due:
        return TaskClass.ON_TRACK
    return TaskClass.OVERDUE


def days_late(due: date | None, as_of: date) -> int:
    return max(0, (as_of - due).days) if due else 0
