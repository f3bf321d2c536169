"""Who should be told what as of a day: pure functions over plain data.

`steerco remind` gathers the facts (`selectors.py`), these functions say which notices are
due on `as_of` and to whom, and `services.py` records the new ones. Every function takes
the day explicitly and reads no clock and no database.

Each notice has an *occasion*, the day it is for, which with its kind, its subject and
its recipient is its key: a run on any later day that finds the same occasion finds the
notice already recorded and records nothing.

- deadline coming: each of `days_before` (default 7 and 1) days before the deadline in
  force; a run that missed a day sends the latest reminder due, once (a task assigned 3
  days before its deadline gets the 7-day reminder on the day it is first seen);
- overdue: the day after the deadline in force (the task is *overdue* as classified);
  neither this nor "deadline coming" is sent about a task reported completed and awaiting
  acceptance: the reporters' part is done, and the assigning unit's managers have their
  own alert (awaiting acceptance);
- periodic report due: `days_before` days before the cut-off of each period of a
  recurring task's cadence, unless a report was recorded within the period;
- assigned: the day the task was assigned;
- awaiting acceptance, extension pending: the day of the completion or the request,
  for as long as it waits (never too old to tell: someone still has to act);
- weekly digest: the latest of the user's digest weekday on or before `as_of`, sent at
  most `DIGEST_LATE_DAYS` days after it (a run missed on Monday is made up on Tuesday; a
  first run on a Saturday does not send Monday's).

Reminders and alerts dated by the calendar (deadline coming, overdue, report due,
assigned) are sent only within `catch_up` days of their occasion: a first run on an old
database does not tell about every deadline of past years.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from steerco.lib.periods import Period, PeriodKind, period_containing

DEADLINE_SOON = "deadline_soon"
OVERDUE = "overdue"
REPORT_DUE = "report_due"
AWAITING_ACCEPTANCE = "awaiting_acceptance"
EXTENSION_PENDING = "extension_pending"
ASSIGNED = "assigned"
DIGEST = "digest"

# Whom a notice about a task is for: the lead unit's reporters or the assigning unit's
# managers (each checked again through `directives.permissions.may`).
REPORTERS = "reporters"
MANAGERS = "managers"


@dataclass(frozen=True)
class TaskFacts:
    """What the reminders read of a task as of the day (its deadline in force, its class)."""

    id: int
    lead_unit_id: int
    assigned_by_id: int
    assigned_on: date
    due_on: date | None = None
    task_class: str = ""
    recurring: bool = False
    cadence: str = ""
    reported_in_period: bool = False  # recurring: a report recorded in the current period
    awaiting_acceptance: bool = False  # reported completed, not accepted yet (as of the day)
    label: dict[str, Any] = field(default_factory=dict)  # reference, symbol, content...


@dataclass(frozen=True)
class Wanted:
    """A notice due on the day, addressed to a unit's reporters or managers."""

    kind: str
    subject: str
    occasion_on: date
    unit_id: int
    audience: str
    task_id: int | None = None
    extension_id: int | None = None
    update_id: int | None = None
    facts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def within(occasion: date, as_of: date, catch_up: int) -> bool:
    """The occasion is today or at most `catch_up` days ago."""
    return occasion <= as_of <= occasion + timedelta(days=catch_up)


def reminder_stage(due_on: date, as_of: date, days_before: Sequence[int]) -> int | None:
    """Which "N days before" reminder is due on `as_of`: the smallest N not below the days
    left (None before the first or after the deadline)."""
    left = (due_on - as_of).days
    stages = [n for n in days_before if n >= left]
    if left < 0 or not stages:
        return None
    return min(stages)


def cadence_period(cadence: str, day: date, cutoff_day: int) -> Period:
    """The period of a recurring task's cadence holding `day` (a half year: the quarter
    ending at the cut-off of June or December)."""
    if cadence == "quarter":
        return period_containing(day, PeriodKind.QUARTER, cutoff_day)
    if cadence == "half_year":
        quarter = period_containing(day, PeriodKind.QUARTER, cutoff_day)
        if quarter.number % 2:
            quarter = Period(PeriodKind.QUARTER, quarter.year, quarter.number + 1, cutoff_day)
        return quarter
    if cadence == "year":
        return period_containing(day, PeriodKind.YEAR, cutoff_day)
    return period_containing(day, PeriodKind.MONTH, cutoff_day)


def period_window(cadence: str, day: date, cutoff_day: int) -> tuple[date, date]:
    """(first day, cut-off) of the cadence's period holding `day`; a half year starts
    after the cut-off two quarters back."""
    period = cadence_period(cadence, day, cutoff_day)
    starts = period.starts_on
    if cadence == "half_year":
        starts = period.previous().starts_on
    return starts, period.ends_on


def task_notices(
    task: TaskFacts,
    as_of: date,
    *,
    days_before: Sequence[int],
    report_days_before: int,
    catch_up: int,
    cutoff_day: int,
) -> list[Wanted]:
    """The calendar's notices about one task on `as_of` (deadline coming, overdue, report
    due, assigned), each for the lead unit's reporters."""
    out: list[Wanted] = []
    subject = f"task:{task.id}"

    def wanted(kind: str, occasion: date, **facts: Any) -> Wanted:
        return Wanted(
            kind,
            subject,
            occasion,
            task.lead_unit_id,
            REPORTERS,
            task_id=task.id,
            facts={**task.label, **facts},
        )

    if task.assigned_on > as_of or task.task_class == "cancelled":
        return out
    if within(task.assigned_on, as_of, catch_up):
        out.append(wanted(ASSIGNED, task.assigned_on, due_on=_iso(task.due_on)))
    if task.recurring:
        starts, cutoff = period_window(task.cadence, as_of, cutoff_day)
        reminder_on = max(starts, cutoff - timedelta(days=report_days_before))
        if not task.reported_in_period and within(reminder_on, as_of, catch_up) and as_of <= cutoff:
            out.append(wanted(REPORT_DUE, cutoff, cutoff_on=cutoff.isoformat()))
        return out
    if task.due_on is None or task.awaiting_acceptance:
        return out
    if task.task_class == "on_track":
        stage = reminder_stage(task.due_on, as_of, days_before)
        if stage is not None:
            occasion = task.due_on - timedelta(days=stage)
            if within(occasion, as_of, catch_up):
                out.append(
                    wanted(
                        DEADLINE_SOON,
                        occasion,
                        due_on=task.due_on.isoformat(),
                        days_left=(task.due_on - as_of).days,
                    )
                )
    elif task.task_class == "overdue":
        first_day = task.due_on + timedelta(days=1)
        if within(first_day, as_of, catch_up):
            out.append(wanted(OVERDUE, first_day, due_on=task.due_on.isoformat()))
    return out


@dataclass(frozen=True)
class Waiting:
    """Something waiting for the assigning unit: a completion or an extension request."""

    kind: str  # AWAITING_ACCEPTANCE or EXTENSION_PENDING
    since: date  # the completion's or the request's date
    task_id: int
    assigned_by_id: int
    update_id: int | None = None
    extension_id: int | None = None
    label: dict[str, Any] = field(default_factory=dict)


def awaiting_acceptance_ids(items: Iterable[Waiting]) -> set[int]:
    """The tasks whose completion waits for acceptance among `items`."""
    return {item.task_id for item in items if item.kind == AWAITING_ACCEPTANCE}


def waiting_notices(items: Iterable[Waiting], as_of: date) -> list[Wanted]:
    """One alert per waiting completion or request, for the assigning unit's managers."""
    out = []
    for item in items:
        if item.since > as_of:
            continue
        # A request is its own subject; a completion is the task's, on the day it was
        # completed (returned and completed again: a new occasion).
        subject = (
            f"extension:{item.extension_id}"
            if item.kind == EXTENSION_PENDING
            else f"task:{item.task_id}"
        )
        out.append(
            Wanted(
                item.kind,
                subject,
                item.since,
                item.assigned_by_id,
                MANAGERS,
                task_id=item.task_id,
                extension_id=item.extension_id,
                update_id=item.update_id,
                facts={**item.label, "since": item.since.isoformat()},
            )
        )
    return out


DIGEST_LATE_DAYS = 2


def digest_day(weekday: int, as_of: date) -> date:
    """The latest day on or before `as_of` that falls on `weekday` (Monday 0)."""
    return as_of - timedelta(days=(as_of.weekday() - weekday) % 7)


def digest_due(weekday: int, as_of: date) -> date | None:
    """The digest's day if a digest is due on `as_of` (see the module's docstring)."""
    day = digest_day(weekday, as_of)
    return day if (as_of - day).days <= DIGEST_LATE_DAYS else None


@dataclass(frozen=True)
class Person:
    """A possible recipient and what they asked for."""

    id: int
    muted: frozenset[str] = frozenset()
    email: str = ""
    by_email: bool = True
    digest_weekday: int = 0
    language: str = "vi"


@dataclass(frozen=True)
class Addressed:
    wanted: Wanted
    person: Person


def address(
    wanted: Iterable[Wanted], audience: Mapping[tuple[int, str], Sequence[Person]]
) -> list[Addressed]:
    """Each notice for each person of its audience (the unit's reporters or managers, as
    the permission rules give them) who has not turned its kind off."""
    out = []
    for w in wanted:
        for person in audience.get((w.unit_id, w.audience), ()):
            if w.kind not in person.muted:
                out.append(Addressed(w, person))
    return out


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
