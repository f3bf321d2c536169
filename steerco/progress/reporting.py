"""Reporting marks: what a task caches about when its unit reported, so that "did
the unit report on this task within last month's window, late, or not at all?"
is answered from the task's own columns instead of a look into its history.

Reporting windows are the months of the Decree 09 calendar (`steerco.lib.periods`):
a report recorded from 15 September to 14 October (local time) is October's.
For each task the marks are

- `last_at`: when its latest report was recorded (None: it has no report);
- `window_start`: the start of the reporting month holding `last_at`;
- `before_window_at`: when its latest report before `window_start` was recorded
  (None: there is none).

Every mark is a fact about the history whatever the calendar says later: if the
cut-off day is changed, the marks stay true and the queries that use them fall back
to the history where they cannot tell (`steerco.scoring.timeliness`).

A task also caches `reopened_on`, the date of the latest row that took it out of
"completed" (a return, or a report of another state), so that "was it completed
when the month began?" rarely needs the history either
(`steerco.scoring.timeliness.completed_before`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from functools import lru_cache

from steerco.lib.periods import PeriodKind, period_containing

from .classification import Completion, HistoryEntry, advance


@dataclass(frozen=True)
class ReportMarks:
    last_at: datetime | None = None
    window_start: datetime | None = None
    before_window_at: datetime | None = None


def window_start(moment: datetime, cutoff_day: int, tz: tzinfo) -> datetime:
    """Local midnight at the start of the reporting month that holds `moment`."""
    return _window_start(moment.astimezone(tz).date(), cutoff_day, tz)


@lru_cache(maxsize=4096)
def _window_start(day: date, cutoff_day: int, tz: tzinfo) -> datetime:
    # Asked once per report written (history_step.step): the bulk loaders ask it for
    # every row of a history, on few distinct days.
    month = period_containing(day, PeriodKind.MONTH, cutoff_day)
    return datetime.combine(month.starts_on, time.min, tzinfo=tz)


def marks_of(recorded: Iterable[datetime], cutoff_day: int, tz: tzinfo) -> ReportMarks:
    """The marks of a history whose reports were recorded at `recorded` (any order)."""
    times = list(recorded)
    if not times:
        return ReportMarks()
    last = max(times)
    start = window_start(last, cutoff_day, tz)
    before = [t for t in times if t < start]
    return ReportMarks(last, start, max(before) if before else None)


def marks_after(
    marks: ReportMarks, recorded_at: datetime, cutoff_day: int, tz: tzinfo
) -> ReportMarks | None:
    """The marks once one more report, recorded at `recorded_at`, is appended; None
    when they cannot be told from the marks alone (a report recorded before the
    latest one), and the history must be read again (`marks_of`)."""
    if marks.last_at is None:
        return None  # no report so far, or marks never filled: the caller knows which
    if recorded_at < marks.last_at:
        return None
    start = window_start(recorded_at, cutoff_day, tz)
    if start == marks.window_start:
        return ReportMarks(recorded_at, start, marks.before_window_at)
    if marks.last_at >= start:
        return None  # the calendar changed since the marks were written
    # A later month: the latest report before it is the previous latest one.
    return ReportMarks(recorded_at, start, marks.last_at)


def reopened_on(history: Iterable[HistoryEntry]) -> date | None:
    """The date of the latest row (in the order written) that took the task out of
    "completed", or None if none did."""
    current, reopened = Completion(), None
    for entry in history:
        after = advance(current, entry)
        if current.state == "completed" and after.state != "completed":
            reopened = entry.reported_on
        current = after
    return reopened


def history_marks(
    rows: Iterable[tuple[HistoryEntry, datetime]], cutoff_day: int, tz: tzinfo
) -> tuple[date | None, ReportMarks]:
    """`reopened_on` and the reporting marks of a whole history, given as (row, recorded
    at) in the order written (the migration that filled the cache; writers move them on
    one row at a time with `history_step.step`)."""
    rows = list(rows)
    reports = [at for entry, at in rows if entry.kind == "report"]
    return reopened_on(entry for entry, _ in rows), marks_of(reports, cutoff_day, tz)
