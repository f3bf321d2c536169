"""Synthetic progress histories for one task — pure: a seeded `random.Random` in,
plain rows out, no database.

The rows are exactly what `steerco.progress.services` would have written for the
same sequence of calls (progress_report, completion_accept, completion_return,
task_cancel, extension_request, extension_decide): each row and the task's cache after
it come from the services' own history rule, `steerco.progress.history_step.step`
(extension decisions: `deadline_decided`). A completion recorded more than
`late_days` after the date it speaks for is marked `needs_acceptance` and counts once
accepted, as the services have it; the assigning unit then decides on it as on one its
directive requires to be accepted. Reports are recorded at most 30 days after
their date, so none is dated back beyond what a reporter may.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from steerco.progress.classification import ApprovedExtension
from steerco.progress.history_step import (
    Event,
    HistoryRow,
    Rules,
    TaskCacheState,
    deadline_decided,
    step,
)

DONE_TEXTS = (
    "Đã ban hành văn bản hướng dẫn triển khai",
    "Đang khảo sát, thu thập dữ liệu",
    "Đã tổ chức hội nghị quán triệt",
    "Đang hoàn thiện dự thảo, lấy ý kiến các đơn vị",
    "Đã triển khai thí điểm tại một số đơn vị",
    "Đang xây dựng cơ sở dữ liệu",
    "Đã trình cấp có thẩm quyền phê duyệt",
    "Đã đưa vào vận hành chính thức",
)
OBSTACLES = (
    "Thiếu nhân lực công nghệ thông tin",
    "Sóng di động yếu tại các thôn vùng sâu",
    "Chưa bố trí được kinh phí",
    "Dữ liệu chưa được đồng bộ sau sáp nhập",
    "Hạ tầng mạng chưa đáp ứng",
)
PROPOSALS = (
    "Đề nghị bổ sung kinh phí",
    "Đề nghị Sở Khoa học và Công nghệ hỗ trợ kỹ thuật",
    "Đề nghị gia hạn thời gian thực hiện",
    "Đề nghị tập huấn cho cán bộ cấp xã",
)
RETURN_REASONS = (
    "Sản phẩm chưa đáp ứng yêu cầu, đề nghị bổ sung minh chứng",
    "Chưa có văn bản ban hành kèm theo",
)
EXTENSION_REASONS = (
    "Chờ hướng dẫn của cấp trên",
    "Nhà thầu chậm tiến độ",
    "Kinh phí được giao muộn",
)


@dataclass(frozen=True)
class Profile:
    """How a task's lead unit behaves: how often it skips a monthly report, how it
    paces work against the deadline (1.0 = uses exactly the time given), how many
    days after the period it records its reports."""

    skip: float = 0.15
    pace: float = 1.0
    delay_days: int = 2
    report_day: int = 10
    twice_a_month: bool = False


@dataclass
class Row:
    """A history row: the values the history rule gives it and the texts written with it."""

    values: HistoryRow
    done: str = ""
    obstacles: str = ""
    proposals: str = ""
    product_symbol: str = ""
    product_date: date | None = None
    links: str = ""
    note: str = ""

    @property
    def reported_on(self) -> date:
        return self.values.reported_on

    @property
    def recorded_at(self) -> datetime:
        return self.values.recorded_at


@dataclass
class ExtensionRow:
    requested_on: date
    previous_due_on: date | None
    new_due_on: date
    reason: str
    status: str
    decided_on: date | None


@dataclass
class History:
    rows: list[Row] = field(default_factory=list)
    extensions: list[ExtensionRow] = field(default_factory=list)
    cache: TaskCacheState = field(default_factory=TaskCacheState)


def _month_days(start: date, end: date, day: int, step_months: int = 1) -> list[date]:
    """Report dates: `day` of each month (every `step_months`) after `start`, up to `end`."""
    y, m = start.year, start.month
    out: list[date] = []
    while True:
        m += step_months
        while m > 12:
            y, m = y + 1, m - 12
        d = date(y, m, day)
        if d > end:
            return out
        out.append(d)


class _Writer:
    """Appends rows through the history rule the services use (`history_step.step`),
    drawing when each is recorded."""

    def __init__(
        self, history: History, rules: Rules, end: date, delay: int, rng: random.Random
    ) -> None:
        self.h = history
        self.rules = rules
        self.tz = rules.tz
        self.end = end
        self.delay = delay
        self.rng = rng
        self.reports: list[datetime] = []  # when the reports so far were recorded
        self.caches: list[TaskCacheState] = []  # the cache after each row

    @property
    def cache(self) -> TaskCacheState:
        return self.caches[-1] if self.caches else self.h.cache

    def recorded(self, day: date) -> datetime:
        late = self.rng.random() < 0.2
        when = day + timedelta(
            days=self.rng.randint(0, self.delay) + (self.rng.randint(8, 25) if late else 0)
        )
        when = min(when, self.end)
        return datetime.combine(
            when, time(8 + self.rng.randint(0, 9), self.rng.randint(0, 59)), tzinfo=self.tz
        )

    def append(self, kind: str, day: date, state: str = "", percent: int = 0, **text) -> None:
        recorded_at = self.recorded(day)
        values, cache = step(
            self.cache,
            Event(kind, day, recorded_at, state, percent),
            self.rules,
            earlier_reports=self.reports,
        )
        if kind == "report":
            self.reports.append(recorded_at)
        self.h.rows.append(Row(values, **text))
        self.caches.append(cache)

    def cut(self, day: date) -> None:
        """Drop the rows that speak for a day after `day`."""
        keep = sum(1 for r in self.h.rows if r.reported_on <= day)
        del self.h.rows[keep:], self.caches[keep:]
        self.reports = [r.recorded_at for r in self.h.rows if r.values.kind == "report"]

    def counts(self) -> bool:
        """Does the task's completion count (no acceptance awaited)?"""
        return self.cache.counted_completed_on is not None

    def report(self, day: date, state: str, percent: int, *, evidence: bool = False) -> None:
        rng = self.rng
        text: dict[str, Any] = {"done": rng.choice(DONE_TEXTS)}
        if state != "completed" and rng.random() < 0.2:
            text["obstacles"] = rng.choice(OBSTACLES)
            if rng.random() < 0.5:
                text["proposals"] = rng.choice(PROPOSALS)
        if evidence:
            text["product_symbol"] = f"{rng.randint(1, 999)}/QĐ-UBND"
            text["product_date"] = day - timedelta(days=rng.randint(0, 10))
        self.append("report", day, state, percent, **text)


def simulate(
    rng: random.Random,
    *,
    assigned_on: date,
    original_due_on: date | None,
    recurring: bool,
    cadence: str,
    profile: Profile,
    end: date,
    rules: Rules,
) -> History:
    """A task's history from `assigned_on` to `end` (the dataset's "today"), written by
    the history rule under `rules` (whether the task's directive requires acceptance; a
    completion recorded more than `rules.late_days` after its date waits for it)."""
    h = History(cache=TaskCacheState(due_on=original_due_on))
    w = _Writer(h, rules, end, profile.delay_days, rng)
    report_days = _reporting_days(rng, assigned_on, end, cadence, recurring, profile)
    cancelled_on = None
    if rng.random() < 0.015:
        cancelled_on = assigned_on + timedelta(days=rng.randint(30, 400))
        if cancelled_on > end:
            cancelled_on = None
    if recurring:
        for d in report_days:
            if cancelled_on and d > cancelled_on:
                break
            w.report(d, "in_progress", rng.choice((30, 50, 60, 70, 80, 90)))
    else:
        assert original_due_on is not None
        _one_off(rng, w, assigned_on, original_due_on, end, profile, report_days, cancelled_on)
    if cancelled_on:
        w.cut(cancelled_on)
        w.append("cancelled", cancelled_on, note="Nhiệm vụ không còn phù hợp")
    h.cache = w.cache
    return h


def _reporting_days(
    rng: random.Random,
    assigned_on: date,
    end: date,
    cadence: str,
    recurring: bool,
    profile: Profile,
) -> list[date]:
    """The days the unit reports on: its report day each month (or quarter), twice a month
    for some one-off tasks, less the reports it skips."""
    days = _month_days(
        assigned_on,
        end,
        profile.report_day,
        3 if cadence in ("quarter", "half_year", "year") else 1,
    )
    if profile.twice_a_month and not recurring:
        days = sorted(
            days + [d + timedelta(days=14) for d in days if d + timedelta(days=14) <= end]
        )
    return [d for d in days if rng.random() >= profile.skip]


def _one_off(
    rng: random.Random,
    w: _Writer,
    assigned_on: date,
    original_due_on: date,
    end: date,
    profile: Profile,
    report_days: list[date],
    cancelled_on: date | None,
) -> None:
    """A one-off task's reports: extensions, rising progress at the profile's pace (some
    stall), then its completion and now and then a report after it."""
    due = _extensions(rng, w.h, assigned_on, original_due_on, end)
    span = max(14, (due - assigned_on).days)
    took = max(10, round(span * profile.pace * rng.lognormvariate(0, 0.3)))
    if rng.random() < max(0.03, 0.12 + 0.4 * (profile.pace - 0.85)):
        took = max(took, (end - assigned_on).days + 1)  # stalls: not done by the end
    completed = assigned_on + timedelta(days=took)
    stop = min(completed, end, cancelled_on or end)
    started = False
    for d in report_days:
        if d >= stop:
            break
        frac = (d - assigned_on).days / took
        if not started and frac < 0.15 and rng.random() < 0.5:
            w.report(d, "not_started", 0)
            continue
        started = True
        pct = max(w.cache.percent, 5, min(95, 5 * round(frac * 95 / 5)))
        w.report(d, "in_progress", pct)
    if completed <= end and not (cancelled_on and cancelled_on < completed):
        _complete(rng, w, completed, end, cancelled_on)
        # A further report now and then: it keeps the completion date.
        tail = [d for d in report_days if d > w.h.rows[-1].reported_on]
        if tail and rng.random() < 0.15 and not (cancelled_on and tail[0] > cancelled_on):
            w.report(tail[0], "completed", 100, evidence=False)


def _complete(
    rng: random.Random, w: _Writer, day: date, end: date, cancelled_on: date | None
) -> None:
    limit = min(end, cancelled_on or end)
    w.report(day, "completed", 100, evidence=rng.random() < 0.85)
    if w.counts():
        return  # counts as it is: no acceptance needed
    decision = _after_recorded(w, day + timedelta(days=rng.randint(2, 25)))
    while decision <= limit:
        if rng.random() < 0.08:
            w.append("returned", decision, note=rng.choice(RETURN_REASONS))
            again = decision + timedelta(days=rng.randint(10, 60))
            if again > limit:
                return
            w.report(again, "completed", 100, evidence=True)
            if w.counts():
                return
            decision = _after_recorded(w, again + timedelta(days=rng.randint(2, 25)))
            continue
        w.append("accepted", decision)
        return


def _after_recorded(w: _Writer, decision: date) -> date:
    """A decision on a completion is made once the completion is recorded."""
    return max(decision, w.h.rows[-1].recorded_at.astimezone(w.tz).date())


def _extensions(rng, h: History, assigned_on: date, due: date, end: date) -> date:
    """Extension requests and decisions; returns the deadline the unit works towards."""
    if rng.random() >= 0.10:
        return due
    original = due
    earliest = assigned_on + timedelta(days=7)
    for _ in range(2 if rng.random() < 0.15 else 1):
        requested = max(earliest, due - timedelta(days=rng.randint(10, 40)))
        if requested > end:
            break
        new_due = due + timedelta(days=rng.choice((30, 60, 90, 180)))
        decided = requested + timedelta(days=rng.randint(3, 20))
        if decided > end:
            h.extensions.append(
                ExtensionRow(
                    requested, due, new_due, rng.choice(EXTENSION_REASONS), "requested", None
                )
            )
            break
        approved = rng.random() < 0.8
        h.extensions.append(
            ExtensionRow(
                requested,
                due,
                new_due,
                rng.choice(EXTENSION_REASONS),
                "approved" if approved else "rejected",
                decided,
            )
        )
        if not approved:
            break
        due = new_due
        h.cache = deadline_decided(
            h.cache,
            original,
            [
                ApprovedExtension(e.decided_on, e.new_due_on)
                for e in h.extensions
                if e.decided_on and e.status == "approved"
            ],
        )
        earliest = decided + timedelta(days=1)
    return due
