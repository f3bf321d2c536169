"""The person scorecard: for one official and a period (by default a calendar year), the
tasks they answer for and how those tasks ended, classified exactly as units' tasks are.

Whose task is it? A task counts for the person responsible for it on its *counting day*:
the deadline in force, or the day its completion counts from if that is earlier (a
cancelled task: the day it was cancelled, if earlier still). A task whose deadline lies
after the period's end (or that has none, or is not completed yet) counts for the person
responsible at the period's end — the as-of date, which is the earlier of the period's
last day and today. A task counts in a period when its counting day falls within it; so a
task done or due in March belongs to that year's card, and a task due next year is on
this year's card (on track) and next year's again.

Examples a manager recognises: a task transferred from Lan to Minh on 1 July with a
deadline in September counts for Minh, not Lan (Lan's card lists it under "transferred
out"); a task completed in March before a June transfer counts for the person who
completed it.

Each task's class is its class as of the as-of date, by the one rule of
`steerco.progress.classification_sql` (the units' scorecards use the same); reporting
timeliness is `scoring.timeliness`'s, over the tasks counted for the person, in the last
month closed by the as-of date. Who was responsible when is the task's responsibility
history (`directives.Responsibility`): the row in force on a day is the last one dated on
or before it; a day before the first row is answered by the first row (the official was
linked after the task was assigned).

There is no ranking of people: the evaluation of officials belongs to their managers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings

from steerco.directives.models import Responsibility, Task
from steerco.lib.periods import PeriodKind, last_closed_period
from steerco.people.models import Person
from steerco.progress.classification_sql import classify_tasks

from .scorecard import ClassCounts, Timeliness
from .timeliness import add_status, month_label, reporting_expression, reporting_window

TRANSFERRED_IN, TRANSFERRED_OUT = "in", "out"


@dataclass(frozen=True)
class EvaluationPeriod:
    starts_on: date
    ends_on: date

    @property
    def label(self) -> str:
        if (self.starts_on.month, self.starts_on.day, self.ends_on.month, self.ends_on.day) == (
            1,
            1,
            12,
            31,
        ) and self.starts_on.year == self.ends_on.year:
            return str(self.starts_on.year)
        return f"{self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    def as_of(self, today: date) -> date:
        """The day the figures speak for: the period's last day, or today if earlier."""
        return min(self.ends_on, today)


def calendar_year(year: int) -> EvaluationPeriod:
    return EvaluationPeriod(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class Holder:
    """One row of a task's responsibility history, plain: from `since`, `person_id`
    (None: a role or name written as text, `text`) is responsible."""

    since: date
    person_id: int | None
    text: str = ""


def holder_on(history: Sequence[Holder], day: date) -> Holder | None:
    """The row in force on `day`: the last dated on or before it (`history` in the order
    written); before the first row, the first row."""
    in_force = None
    for row in history:
        if row.since <= day:
            in_force = row
    return in_force if in_force is not None else (history[0] if history else None)


def counting_day(
    *, due: date | None, done: date | None, cancelled_on: date | None, as_of: date
) -> date:
    """The day whose responsible person a task counts for: the earliest of its deadline in
    force, its completion, its cancellation and the as-of date."""
    return min(d for d in (due, done, cancelled_on, as_of) if d is not None)


@dataclass(frozen=True)
class Transfer:
    task_id: int
    on: date
    direction: str  # TRANSFERRED_IN or TRANSFERRED_OUT
    other: str  # who it came from (in) or went to (out)


def transfers_of(
    history: Sequence[Holder],
    task_id: int,
    person_id: int,
    period: EvaluationPeriod,
    as_of: date,
    names: dict[int, str],
) -> list[Transfer]:
    """The task's transfers to or from the person dated within the period (by `as_of`). The
    first row is the assignment, not a transfer."""
    found = []
    for before, row in zip(history, history[1:], strict=False):
        if not (period.starts_on <= row.since <= as_of) or before.person_id == row.person_id:
            continue
        if row.person_id == person_id:
            found.append(Transfer(task_id, row.since, TRANSFERRED_IN, _name(before, names)))
        elif before.person_id == person_id:
            found.append(Transfer(task_id, row.since, TRANSFERRED_OUT, _name(row, names)))
    return found


def _name(row: Holder, names: dict[int, str]) -> str:
    return names.get(row.person_id, "") if row.person_id is not None else row.text


@dataclass(frozen=True)
class ScoredTask:
    task_id: int
    directive: str  # the directive's symbol
    reference: str
    content: str
    lead_unit: str
    deadline: date | None  # in force on the as-of date
    completed_on: date | None  # the day the completion counts from
    task_class: str  # a TaskClass value
    counted_on: date  # the counting day: whose task it is


@dataclass(frozen=True)
class TransferredTask:
    task: ScoredTask | None  # None: not counted for the person in this period
    task_id: int
    directive: str
    reference: str
    content: str
    on: date
    other: str


@dataclass
class PersonScorecard:
    person_id: int
    full_name: str
    position: str
    unit: str
    period: EvaluationPeriod
    as_of: date
    counts: ClassCounts = field(default_factory=ClassCounts)
    tasks: list[ScoredTask] = field(default_factory=list)
    transferred_in: list[TransferredTask] = field(default_factory=list)
    transferred_out: list[TransferredTask] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        """The counts as every rendering states them (page, CLI, DOCX, XLSX)."""
        c = self.counts
        return {
            "responsible_for": c.total + c.cancelled,
            "done_on_time": c.done_on_time,
            "done_late": c.done_late,
            "on_track": c.on_track,
            "overdue": c.overdue,
            "regular": c.regular,
            "cancelled": c.cancelled,
            "completion_rate": c.completion_rate,
            "on_time_rate": c.on_time_rate,
            "reports_expected": c.timeliness.expected,
            "reports_on_time": c.timeliness.on_time,
            "reports_late": c.timeliness.late,
            "reports_missing": c.timeliness.missing,
            "reporting_rate": c.timeliness.reporting_rate,
            "reporting_month": c.timeliness.period,
            "transferred_in": len(self.transferred_in),
            "transferred_out": len(self.transferred_out),
        }

    def reporting_month(self, lang: str) -> str:
        """The reporting month whose timeliness the card counts, as `lang` writes it."""
        month = last_closed_period(self.as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY)
        return month.label(lang)

    def as_dict(self) -> dict[str, Any]:
        def task(t: ScoredTask) -> dict[str, Any]:
            return {
                "id": t.task_id,
                "directive": t.directive,
                "reference": t.reference,
                "content": t.content,
                "lead_unit": t.lead_unit,
                "deadline": t.deadline.isoformat() if t.deadline else None,
                "completed_on": t.completed_on.isoformat() if t.completed_on else None,
                "class": t.task_class,
                "counted_on": t.counted_on.isoformat(),
            }

        def moved(t: TransferredTask) -> dict[str, Any]:
            return {
                "id": t.task_id,
                "directive": t.directive,
                "reference": t.reference,
                "on": t.on.isoformat(),
                "other": t.other,
                "counted_here": t.task is not None,
            }

        return {
            "person": {
                "id": self.person_id,
                "full_name": self.full_name,
                "position": self.position,
                "unit": self.unit,
            },
            "period": {
                "starts_on": self.period.starts_on.isoformat(),
                "ends_on": self.period.ends_on.isoformat(),
                "as_of": self.as_of.isoformat(),
            },
            "counts": self.figures(),
            "tasks": [task(t) for t in self.tasks],
            "transferred_in": [moved(t) for t in self.transferred_in],
            "transferred_out": [moved(t) for t in self.transferred_out],
        }


def _histories(task_ids: Sequence[int]) -> tuple[dict[int, list[Holder]], dict[int, str]]:
    rows = (
        Responsibility.objects.filter(task_id__in=task_ids)
        .order_by("task_id", "since", "id")
        .values_list("task_id", "since", "person_id", "person_text", "person__full_name")
    )
    histories: dict[int, list[Holder]] = defaultdict(list)
    names: dict[int, str] = {}
    for task_id, since, person_id, text, name in rows:
        histories[task_id].append(Holder(since, person_id, text))
        if person_id is not None:
            names[person_id] = name
    return histories, names


def person_scorecard(*, person: Person, period: EvaluationPeriod, today: date) -> PersonScorecard:
    """The person's scorecard for `period`, as of the earlier of its end and `today`: one
    query classifies the tasks the person was ever responsible for, one reads their
    responsibility histories."""
    as_of = period.as_of(today)
    card = PersonScorecard(
        person.pk,
        person.full_name,
        person.position,
        person.unit.name,
        period,
        as_of,
    )
    card.counts.timeliness = Timeliness(period=month_label(as_of))
    if as_of < period.starts_on:
        return card  # a period not begun: nothing counts yet
    # The tasks the person ever held, by two index lookups (an OR of both in one WHERE
    # would read every task).
    held = set(
        Responsibility.objects.filter(person=person).order_by().values_list("task_id", flat=True)
    )
    held |= set(Task.objects.filter(responsible=person).order_by().values_list("pk", flat=True))
    if not held:
        return card
    ever = Task.objects.filter(pk__in=sorted(held))
    rows = list(
        classify_tasks(ever, as_of)
        .annotate(status=reporting_expression(**reporting_window(as_of)))
        .values_list(
            "pk",
            "directive__symbol",
            "reference",
            "content",
            "lead_unit__name",
            "c_due",
            "c_done",
            "task_class",
            "cancelled_on",
            "assigned_on",
            "status",
        )
        .order_by("directive__symbol", "reference", "pk")
    )
    histories, names = _histories([r[0] for r in rows])
    scored: dict[int, ScoredTask] = {}
    for pk, symbol, ref, content, lead, due, done, cls, cancelled_on, assigned_on, status in rows:
        history = histories.get(pk) or [Holder(assigned_on, person.pk)]
        day = counting_day(due=due, done=done, cancelled_on=cancelled_on, as_of=as_of)
        holder = holder_on(history, day)
        if day >= period.starts_on and holder is not None and holder.person_id == person.pk:
            task = ScoredTask(pk, symbol, ref, content, lead, due, done, cls, day)
            scored[pk] = task
            card.tasks.append(task)
            card.counts.add(cls)
            add_status(card.counts.timeliness, status, 1)
    for pk, symbol, ref, content, *_rest in rows:
        for move in transfers_of(histories.get(pk, []), pk, person.pk, period, as_of, names):
            moved = TransferredTask(scored.get(pk), pk, symbol, ref, content, move.on, move.other)
            if move.direction == TRANSFERRED_IN:
                card.transferred_in.append(moved)
            else:
                card.transferred_out.append(moved)
    return card
