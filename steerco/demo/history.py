"""Progress histories for the demo's tasks: deadlines as written, monthly reports,
completions, acceptances, returns, extensions and cancellations. Pure (no database).

Two random streams keep the past fixed while the present moves on: everything up to
`REFERENCE_DAY` (2025-10-20) is drawn from the plan's seeded stream, in a fixed order;
what follows is drawn from a stream seeded by the task's key, generated to a fixed
horizon and only then cut at "today". So the history up to 2025-10-20 is identical on
every run and every day, and a later day only ever adds rows.

`replay()` turns the planned events into rows and the task's cache exactly as
`steerco.progress.services` would write them: through the same history rule,
`steerco.progress.history_step.step`. Every event is recorded on the day it speaks for,
so no row is dated back and no completion waits for acceptance for having been recorded
late (`needs_acceptance`).
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from steerco.progress.actions import awaiting_acceptance, completion_returnable
from steerco.progress.classification import ApprovedExtension, latest_approved
from steerco.progress.history_step import Event as StepEvent
from steerco.progress.history_step import (
    HistoryRow,
    Rules,
    TaskCacheState,
    deadline_decided,
    step,
)

from . import texts

REFERENCE_DAY = date(2025, 10, 20)
HORIZON = date(2027, 12, 31)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Target classes as of the reference day.
DONE_ON_TIME, DONE_LATE, ON_TRACK, EXTENDED, OVERDUE, CANCELLED = (
    "dot",
    "late",
    "track",
    "track_ext",
    "overdue",
    "cancelled",
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class DeadlineOption(NamedTuple):
    text: str
    due_on: date
    style: str


def _deadline_options() -> list[DeadlineOption]:
    options = []
    for y in (2025, 2026, 2027):
        options.append(DeadlineOption(f"Năm {y}", date(y, 12, 31), "year"))
        for q in range(1, 5):
            options.append(DeadlineOption(f"Quý {ROMAN[q]}/{y}", month_end(y, 3 * q), "quarter"))
        for m in range(1, 13):
            end = month_end(y, m)
            options.append(DeadlineOption(f"Tháng {m}/{y}", end, "month"))
            options.append(DeadlineOption(f"{end.day}/{m}/{y}", end, "day"))
            options.append(DeadlineOption(f"15/{m}/{y}", date(y, m, 15), "day"))
        options.append(DeadlineOption(f"6 tháng đầu năm {y}", date(y, 6, 30), "half"))
    return sorted(options, key=lambda o: (o.due_on, o.style, o.text))


DEADLINES = _deadline_options()
STYLES = (
    "month",
    "month",
    "month",
    "quarter",
    "quarter",
    "quarter",
    "day",
    "day",
    "day",
    "year",
    "half",
)


def pick_deadline(rng: random.Random, lo: date, hi: date) -> DeadlineOption | None:
    """A deadline as plans write it, falling between `lo` and `hi`; None if none does."""
    style = rng.choice(STYLES)
    within = [o for o in DEADLINES if lo <= o.due_on <= hi]
    preferred = [o for o in within if o.style == style]
    if preferred:
        return rng.choice(preferred)
    return rng.choice(within) if within else None


@dataclass
class Event:
    kind: str  # report | accepted | returned | cancelled
    on: date
    state: str
    percent: int
    minute: int  # minutes after 07:30 (office hours)
    done: str = ""
    obstacles: str = ""
    proposals: str = ""
    product_symbol: str = ""
    product_date: date | None = None
    note: str = ""
    by_assigner: bool = False  # written by the assigning unit (acceptance, return, cancellation)

    @property
    def recorded_at(self) -> datetime:
        return datetime.combine(self.on, time(7, 30), tzinfo=TZ) + timedelta(minutes=self.minute)


@dataclass
class ExtensionPlan:
    requested_on: date
    new_due_on: date
    reason: str
    approved: bool
    decided_on: date | None
    note: str = ""


@dataclass
class Habits:
    """How a province works: how well it delivers, reports and evidences."""

    perf: float
    discipline: float
    evidence: float


@dataclass
class Schedule:
    """What history to draw for one task."""

    assigned_on: date
    due: DeadlineOption | None  # None: recurring, or no deadline at all
    recurring: bool = False
    cadence: str = ""
    requires_acceptance: bool = False
    events: list[Event] = field(default_factory=list)
    extensions: list[ExtensionPlan] = field(default_factory=list)
    # How far `replay` got: the planning replays a history before adding to it, the
    # loader after; the rows already replayed are not replayed again.
    replayed: Replayed | None = field(default=None, repr=False, compare=False)


def _days(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _minute(rng: random.Random) -> int:
    return rng.randint(0, 570)


def _report_days(
    rng: random.Random, start: date, end: date, discipline: float, cadence: str = "month"
) -> list[date]:
    """One report per period between `start` and `end` (both exclusive): usually by the
    14th cut-off, sometimes late, sometimes not at all."""
    days = []
    year, month = start.year, start.month
    step = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}[cadence]
    if step > 1:  # report in the last month of each period
        month = ((month - 1) // step + 1) * step
        if month > 12:
            year, month = year + 1, month - 12
    while date(year, month, 1) < end:
        r = rng.random()
        if r < discipline:
            day: date | None = date(year, month, rng.randint(5, 14))
        elif r < discipline + (1 - discipline) / 2:
            day = date(year, month, rng.randint(16, 26))
        else:
            day = None
        if day is not None and start < day < end:
            days.append(day)
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return days


def _symbol(rng: random.Random, product: str, org: str) -> str:
    pattern = texts.PRODUCTS[product][1]
    return pattern.format(n=rng.randint(12, 2950), org=org)


class Writer:
    """Draws the sentences of reports for one task."""

    def __init__(self, product: str, org: str, habits: Habits):
        self.product, self.org, self.habits = product, org, habits

    def progress(self, rng: random.Random, on: date, percent: int, first: bool) -> Event:
        state = "not_started" if first and percent == 0 else "in_progress"
        obstacles = (
            rng.choice(texts.OBSTACLES) if rng.random() < 0.45 - 0.3 * self.habits.perf else ""
        )
        proposals = rng.choice(texts.PROPOSALS) if obstacles and rng.random() < 0.7 else ""
        done = "" if state == "not_started" else rng.choice(texts.DONE_STARTED)
        return Event("report", on, state, percent, _minute(rng), done, obstacles, proposals)

    def completion(self, rng: random.Random, on: date) -> Event:
        evidenced = rng.random() < self.habits.evidence
        symbol = _symbol(rng, self.product, self.org) if evidenced else ""
        product_date = on - timedelta(days=rng.randint(0, 5)) if evidenced else None
        done = (
            rng.choice(texts.DONE_COMPLETED[texts.PRODUCT_KIND.get(self.product, "issue")]).format(
                symbol=symbol, day=product_date.strftime("%d/%m/%Y")
            )
            if evidenced and product_date
            else "Đã hoàn thành"
        )
        return Event(
            "report",
            on,
            "completed",
            100,
            _minute(rng),
            done,
            product_symbol=symbol,
            product_date=product_date,
        )

    def recurring(self, rng: random.Random, on: date) -> Event:
        return Event("report", on, "in_progress", 0, _minute(rng), rng.choice(texts.DONE_RECURRING))


def _progress_run(
    rng: random.Random,
    writer: Writer,
    start: date,
    end: date,
    discipline: float,
    first: bool,
    floor: int = 0,
    ceiling: int = 90,
) -> list[Event]:
    days = _report_days(rng, start, end, discipline)
    events = []
    for i, day in enumerate(days):
        share = (i + 1) / (len(days) + 1)
        percent = (
            0
            if first and i == 0 and rng.random() < 0.3
            else floor + round((ceiling - floor) * share / 5) * 5
        )
        events.append(writer.progress(rng, day, percent, first and i == 0))
    return events


def _completion_events(
    rng: random.Random,
    writer: Writer,
    s: Schedule,
    start: date,
    counted: date,
    discipline: float,
    *,
    may_return: bool,
) -> list[Event]:
    """Reports from `start` up to a completion that counts on `counted` (for a task
    requiring acceptance: completed some days before, accepted on `counted`)."""
    events: list[Event] = []
    if s.requires_acceptance:
        completed_on = max(s.assigned_on, counted - timedelta(days=rng.randint(1, 7)))
    else:
        completed_on = counted
    returned = may_return and s.requires_acceptance and (completed_on - start).days >= 45
    if returned:
        first_done = start + timedelta(days=(completed_on - start).days // 3)
        back_on = first_done + timedelta(days=rng.randint(3, 8))
        events += _progress_run(rng, writer, start, first_done, discipline, first=True)
        events.append(writer.completion(rng, first_done))
        events.append(
            Event(
                "returned",
                back_on,
                "in_progress",
                90,
                _minute(rng),
                note=rng.choice(texts.RETURN_REASONS),
                by_assigner=True,
            )
        )
        events += _progress_run(
            rng, writer, back_on, completed_on, discipline, first=False, floor=90, ceiling=95
        )
    else:
        events += _progress_run(rng, writer, start, completed_on, discipline, first=True)
    events.append(writer.completion(rng, completed_on))
    if s.requires_acceptance:
        events.append(Event("accepted", counted, "completed", 100, _minute(rng), by_assigner=True))
    return events


def plan_before(
    rng: random.Random,
    s: Schedule,
    target: str,
    writer: Writer,
    habits: Habits,
    *,
    may_return: bool = False,
    awaiting: bool = False,
    ext_hi: date = date(2026, 6, 30),
) -> None:
    """Draw the history up to the reference day so that the task is in class `target` then."""
    a, d0 = s.assigned_on, REFERENCE_DAY
    if s.recurring:
        for day in _report_days(rng, a, d0 + timedelta(days=1), habits.discipline, s.cadence):
            s.events.append(writer.recurring(rng, day))
        return
    if target == CANCELLED:
        _cancel_before(rng, s, writer, habits)
        return
    in_force = _extensions_before(rng, s, target, ext_hi)
    if target in (DONE_ON_TIME, DONE_LATE):
        counted = _counted_before(rng, a, target, in_force)
        s.events += _completion_events(
            rng, writer, s, a, counted, habits.discipline, may_return=may_return
        )
        return
    # not completed on the reference day (on track, extended, overdue)
    if awaiting and s.requires_acceptance:
        completed_on = _days(rng, min(d0, a + timedelta(days=20)), d0)
        s.events += _progress_run(rng, writer, a, completed_on, habits.discipline, first=True)
        s.events.append(writer.completion(rng, completed_on))
        return
    s.events += _progress_run(
        rng, writer, a, d0 + timedelta(days=1), habits.discipline, first=True, ceiling=80
    )


def _cancellation(rng: random.Random, on: date) -> Event:
    return Event(
        "cancelled",
        on,
        "",
        0,
        _minute(rng),
        note=rng.choice(texts.CANCEL_REASONS),
        by_assigner=True,
    )


def _cancel_before(rng: random.Random, s: Schedule, writer: Writer, habits: Habits) -> None:
    """Reports, then a cancellation between one and five months after assignment (and
    before the reference day)."""
    a, d0 = s.assigned_on, REFERENCE_DAY
    on = _days(rng, a + timedelta(days=30), min(d0, a + timedelta(days=150)))
    s.events += _progress_run(rng, writer, a, on, habits.discipline, first=True)
    s.events.append(_cancellation(rng, on))


def _extensions_before(rng: random.Random, s: Schedule, target: str, ext_hi: date) -> date | None:
    """Extensions decided before the reference day: an approved one for a task that is to
    be extended, sometimes a refused one for an overdue task. Returns the deadline in force."""
    a, d0 = s.assigned_on, REFERENCE_DAY
    due = s.due.due_on if s.due else None
    in_force = due
    if target == EXTENDED and due is not None:
        requested = max(a + timedelta(days=3), due - timedelta(days=rng.randint(5, 20)))
        decided = min(d0, requested + timedelta(days=rng.randint(2, 10)))
        new = pick_deadline(rng, max(d0 + timedelta(days=10), due + timedelta(days=30)), ext_hi)
        assert new is not None
        s.extensions.append(
            ExtensionPlan(requested, new.due_on, rng.choice(texts.EXTENSION_REASONS), True, decided)
        )
        in_force = new.due_on
    if target == OVERDUE and due is not None and rng.random() < 0.3:
        requested = max(a + timedelta(days=3), due - timedelta(days=rng.randint(3, 15)))
        decided = min(d0, requested + timedelta(days=rng.randint(2, 10)))
        asked = due + timedelta(days=rng.randint(30, 90))
        s.extensions.append(
            ExtensionPlan(
                requested,
                asked,
                rng.choice(texts.EXTENSION_REASONS),
                False,
                decided,
                "Không đủ căn cứ gia hạn",
            )
        )
    return in_force


def _counted_before(rng: random.Random, a: date, target: str, in_force: date | None) -> date:
    """The day a task done by the reference day counts as completed: by its deadline for
    on time, after it for late (skewed towards the end of the window)."""
    d0 = REFERENCE_DAY
    if target == DONE_ON_TIME:
        hi = min(in_force or d0, d0)
        lo = min(a + timedelta(days=10), hi)
    else:
        assert in_force is not None
        lo, hi = in_force + timedelta(days=1), d0
    return lo + timedelta(days=round((hi - lo).days * (1 - rng.random() ** 2)))


def plan_after(
    rng: random.Random, s: Schedule, writer: Writer, habits: Habits, today: date
) -> None:
    """Continue the history after the reference day to the horizon, then cut it at `today`."""
    d0 = REFERENCE_DAY
    before = len(s.events)
    state = replay(s).cache
    if state.cancelled_on:
        return
    if s.recurring:
        for day in _report_days(rng, d0, HORIZON, habits.discipline, s.cadence):
            s.events.append(writer.recurring(rng, day))
    elif state.state == "completed":
        if s.requires_acceptance and state.accepted_on is None:
            s.events.append(
                Event(
                    "accepted",
                    d0 + timedelta(days=rng.randint(3, 25)),
                    "completed",
                    100,
                    _minute(rng),
                    by_assigner=True,
                )
            )
    else:
        _continue_open(rng, s, writer, habits, state)
    _cut_at(s, before, today)


def _continue_open(
    rng: random.Random, s: Schedule, writer: Writer, habits: Habits, state: TaskCacheState
) -> None:
    """An open task after the reference day: maybe an extension, then it is cancelled,
    stalls, or is completed."""
    due = _extension_after(rng, s, state.due_on)
    r = rng.random()
    start = max(REFERENCE_DAY, s.assigned_on, state.last_reported_on or REFERENCE_DAY)
    floor = state.percent
    if r < 0.01:
        on = start + timedelta(days=rng.randint(20, 200))
        s.events += _progress_run(
            rng, writer, start, on, habits.discipline, False, floor, max(floor, 90)
        )
        s.events.append(_cancellation(rng, on))
    elif r < 0.05 + 0.12 * (1 - habits.perf):
        _stall_after(rng, s, writer, habits, start, floor, due)
    else:
        _finish_after(rng, s, writer, habits, start, floor, due)


def _extension_after(rng: random.Random, s: Schedule, due: date | None) -> date | None:
    """Sometimes a request to extend the deadline, approved three times in four; returns
    the deadline then in force."""
    if due is not None and rng.random() < 0.2:
        requested = max(
            REFERENCE_DAY + timedelta(days=1),
            s.assigned_on,
            due - timedelta(days=rng.randint(5, 20)),
        )
        decided = requested + timedelta(days=rng.randint(2, 10))
        new = pick_deadline(
            rng, max(due, decided) + timedelta(days=30), max(due, decided) + timedelta(days=240)
        )
        if new is not None:
            approved = rng.random() < 0.75
            s.extensions.append(
                ExtensionPlan(
                    requested,
                    new.due_on,
                    rng.choice(texts.EXTENSION_REASONS),
                    approved,
                    decided,
                    "" if approved else "Không đủ căn cứ gia hạn",
                )
            )
            if approved:
                due = new.due_on
    return due


def _stall_after(
    rng: random.Random,
    s: Schedule,
    writer: Writer,
    habits: Habits,
    start: date,
    floor: int,
    due: date | None,
) -> None:
    """Stuck: reports go on, and sometimes a request to move the deadline waits for a
    decision."""
    s.events += _progress_run(
        rng, writer, start, HORIZON, habits.discipline, False, floor, max(floor, 90)
    )
    if due is not None and rng.random() < 0.5:
        requested = max(start, due) + timedelta(days=rng.randint(10, 300))
        new = pick_deadline(rng, requested + timedelta(days=30), requested + timedelta(days=240))
        if new is not None:
            s.extensions.append(
                ExtensionPlan(
                    requested, new.due_on, rng.choice(texts.EXTENSION_REASONS), False, None
                )
            )


def _finish_after(
    rng: random.Random,
    s: Schedule,
    writer: Writer,
    habits: Habits,
    start: date,
    floor: int,
    due: date | None,
) -> None:
    """Reports up to a completion (on time more often the better the province performs),
    and its acceptance where the directive asks for one."""
    if due is None:
        done_on = start + timedelta(days=rng.randint(30, 300))
    elif due > start and rng.random() < 0.45 + 0.5 * habits.perf:
        done_on = _days(rng, max(start + timedelta(days=1), due - timedelta(days=60)), due)
    else:
        done_on = max(due, start) + timedelta(days=rng.randint(3, 150))
    if s.requires_acceptance:
        counted = done_on + timedelta(days=rng.randint(1, 10))
        completed_on = done_on
    else:
        counted = completed_on = done_on
    s.events += _progress_run(
        rng, writer, start, completed_on, habits.discipline, False, floor, max(floor, 95)
    )
    s.events.append(writer.completion(rng, completed_on))
    if s.requires_acceptance:
        s.events.append(
            Event("accepted", counted, "completed", 100, _minute(rng), by_assigner=True)
        )


def _cut_at(s: Schedule, before: int, today: date) -> None:
    """Drop the events drawn since `before` that fall after today, and the extensions
    requested after it; a decision after today is not made yet."""
    s.events[before:] = [e for e in s.events[before:] if e.on <= today]
    kept = []
    for ext in s.extensions:
        if ext.requested_on > today:
            continue
        if ext.decided_on is not None and ext.decided_on > today:
            ext = ExtensionPlan(ext.requested_on, ext.new_due_on, ext.reason, False, None)
        kept.append(ext)
    s.extensions[:] = kept


# --- replaying the history as the services write it ---


class Row(NamedTuple):
    """One ProgressUpdate row: the planned event and the values the history rule gives it."""

    event: Event
    values: HistoryRow


@dataclass
class Replay:
    rows: list[Row]
    cache: TaskCacheState  # the task's cached columns after the history


@dataclass
class Replayed:
    """A replay so far: its rules, rows, cache (but the deadline) and reports' times."""

    rules: Rules
    rows: list[Row]
    cache: TaskCacheState
    reports: list[datetime]


def approved_extensions(s: Schedule) -> list[ApprovedExtension]:
    """The schedule's approved extensions, in the order they are written."""
    return [
        ApprovedExtension(e.decided_on, e.new_due_on)
        for e in s.extensions
        if e.approved and e.decided_on is not None
    ]


def due_in_force(s: Schedule, as_of: date | None = None) -> date | None:
    """The deadline in force on `as_of` (None: after every decision)."""
    latest = latest_approved(approved_extensions(s), as_of)
    if latest is not None:
        return latest.new_due_on
    return s.due.due_on if s.due else None


def replay(s: Schedule) -> Replay:
    """The rows and the task cache exactly as the progress services would leave them
    (`steerco.progress.history_step`); raises AssertionError where a service would refuse
    the write. Events added since the last replay of `s` are replayed on from it."""
    original = s.due.due_on if s.due else None
    done = s.replayed
    if done is None or not _replayed_prefix(done.rows, s.events):
        start = TaskCacheState(due_on=original)
        done = Replayed(Rules.from_settings(s.requires_acceptance), [], start, [])
    rules, cache = done.rules, done.cache
    rows, reports = list(done.rows), list(done.reports)  # the memo stays whole on a refusal
    for e in s.events[len(rows) :]:
        assert cache.cancelled_on is None, "update after cancellation"
        last = cache.last_reported_on
        assert last is None or e.on >= last, f"update on {e.on} before the latest ({last})"
        assert e.on >= s.assigned_on, "update before assignment"
        recorded_at = e.recorded_at
        assert recorded_at.astimezone(TZ).date() == e.on, "recorded on another day"
        if e.kind == "accepted":
            assert awaiting_acceptance(cache), "nothing to accept"
        elif e.kind == "returned":
            assert completion_returnable(cache), "nothing to return"
        elif e.kind == "report":
            assert not (s.recurring and e.state == "completed"), (
                "a recurring task is never completed"
            )
        values, cache = step(
            cache,
            StepEvent(e.kind, e.on, recorded_at, e.state, e.percent),
            rules,
            earlier_reports=reports,
        )
        if e.kind == "report":
            reports.append(recorded_at)
        rows.append(Row(e, values))
    s.replayed = Replayed(rules, rows, cache, reports)
    # The deadline is the extensions', planned apart from the rows: decided again each time.
    return Replay(rows, deadline_decided(cache, original, approved_extensions(s)))


def _replayed_prefix(rows: list[Row], events: list[Event]) -> bool:
    n = len(rows)
    return n <= len(events) and all(r.event is e for r, e in zip(rows, events[:n], strict=True))
