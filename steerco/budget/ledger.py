"""The budget ledger: BudgetTotal and BudgetMonth, the sums of the history rows kept in
the transaction that writes each row, so a subtree's summary reads a few thousand sums
instead of every row (what counts is figures.py's rule; `steerco.budget.ledger_reads`
says when the ledger may answer).

- The services add each row's amounts (`estimate_recorded`, `allocation_recorded`,
  `disbursement_recorded`): one `INSERT … ON CONFLICT DO UPDATE` per table adding to
  the key's sums (SQLite ≥ 3.24 and PostgreSQL), the row's day kept as `last_day` if later.
- A bulk loader that writes history rows calls `rebuild()` after them (or writes inside
  `tasks_changing(task_ids)` when it touches a few tasks): the sums recomputed from the rows.
- `differences()` compares the ledger with a rebuild (`steerco budget ledger --check`).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps as global_apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Model, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth

from steerco.directives.models import Task

from .figures import month_start, planned_column
from .models import PLANNED_COLUMNS, Allocation, Disbursement, Estimate

TOTAL_KEY = ("lead_unit_id", "directive_id", "source", "year")
TOTAL_AMOUNTS = ("estimated", "allocated", "disbursed", *PLANNED_COLUMNS)
MONTH_KEY = ("lead_unit_id", "year", "month")
MONTH_AMOUNTS = ("allocated", "disbursed", "planned")
BATCH = 500


def as_date(value: date | datetime | str) -> date:
    """A day as the database returns it (SQLite: text in raw SQL)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def local_day(at: datetime) -> date:
    """The day of an instant in the project's time zone (an estimate's recorded day)."""
    return at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


@dataclass
class Sums:
    """One ledger table's amounts and last day per key."""

    amounts: tuple[str, ...]
    rows: dict[tuple[Any, ...], list[int]] = field(default_factory=dict)
    days: dict[tuple[Any, ...], date] = field(default_factory=dict)

    def add(self, key: tuple[Any, ...], column: str, amount: int, day: date) -> None:
        row = self.rows.setdefault(key, [0] * len(self.amounts))
        row[self.amounts.index(column)] += int(amount)
        day = as_date(day)
        self.days[key] = max(self.days.get(key, day), day)

    def minus(self, before: Sums) -> Sums:
        """What to add to `before`'s rows to reach these (the later days kept)."""
        delta = Sums(self.amounts)
        for key, row in self.rows.items():
            old = before.rows.get(key, [0] * len(row))
            delta.rows[key] = [a - b for a, b in zip(row, old, strict=True)]
            delta.days[key] = self.days[key]
        return delta


@dataclass
class Ledger:
    totals: Sums = field(default_factory=lambda: Sums(TOTAL_AMOUNTS))
    months: Sums = field(default_factory=lambda: Sums(MONTH_AMOUNTS))


# --- one row written by a service ------------------------------------------------------


def _total_key(task: Task, source: str, year: int) -> tuple[Any, ...]:
    return (task.lead_unit_id, task.directive_id, source, year)


def estimate_recorded(task: Task, estimate: Estimate, previous: int) -> None:
    """`estimate` replaces the one in force of its (task, source, year), of `previous`
    đồng (0 when none)."""
    ledger = Ledger()
    key = _total_key(task, estimate.source, estimate.year)
    ledger.totals.add(key, "estimated", estimate.amount - previous, local_day(estimate.recorded_at))
    save(ledger)


def allocation_recorded(task: Task, allocation: Allocation, plan: Mapping[date, int]) -> None:
    """`allocation` and its planned months (first day of month: amount)."""
    ledger = Ledger()
    year, day = allocation.year, allocation.decided_on
    key = _total_key(task, allocation.source, year)
    ledger.totals.add(key, "allocated", allocation.amount, day)
    ledger.months.add(
        (task.lead_unit_id, year, month_start(day)), "allocated", allocation.amount, day
    )
    for month, amount in plan.items():
        ledger.totals.add(key, PLANNED_COLUMNS[planned_column(year, month)], amount, day)
        ledger.months.add((task.lead_unit_id, year, month_start(month)), "planned", amount, day)
    save(ledger)


def disbursement_recorded(task: Task, disbursement: Disbursement) -> None:
    ledger = Ledger()
    year, day, amount = disbursement.year, disbursement.paid_on, disbursement.amount
    ledger.totals.add(_total_key(task, disbursement.source, year), "disbursed", amount, day)
    ledger.months.add((task.lead_unit_id, year, month_start(day)), "disbursed", amount, day)
    save(ledger)


def save(ledger: Ledger) -> None:
    """Add `ledger`'s sums to the tables' (a key not there yet is inserted)."""
    models = _Models.of(global_apps)
    _upsert(models.BudgetTotal, TOTAL_KEY, ledger.totals)
    _upsert(models.BudgetMonth, MONTH_KEY, ledger.months)


def _upsert(model: type[Model], key: tuple[str, ...], sums: Sums) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    columns = [*key, *sums.amounts, "last_day"]
    adds = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in sums.amounts)
    rows = [
        [
            *(v.isoformat() if isinstance(v, date) else v for v in k),
            *amounts,
            sums.days[k].isoformat(),
        ]
        for k, amounts in sorted(sums.rows.items(), key=lambda item: str(item[0]))
    ]
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        # Table and column names are the models'; every value is a parameter.
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
            f"VALUES {', '.join([one] * len(batch))} "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {adds}, "
            f"last_day = {greatest}({table}.last_day, excluded.last_day)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [v for row in batch for v in row])


# --- sums recomputed from the rows ----------------------------------------------------


@dataclass(frozen=True)
class _Models:
    """The history and ledger models, the current ones or a migration's."""

    Estimate: Any
    Allocation: Any
    PlannedDisbursement: Any
    Disbursement: Any
    BudgetTotal: Any
    BudgetMonth: Any

    @classmethod
    def of(cls, apps: Any) -> _Models:
        return cls(
            *(
                apps.get_model("budget", name)
                for name in (
                    "Estimate",
                    "Allocation",
                    "PlannedDisbursement",
                    "Disbursement",
                    "BudgetTotal",
                    "BudgetMonth",
                )
            )
        )


def computed(task_ids: Collection[int] | None = None, apps: Any = global_apps) -> Ledger:
    """The ledger's sums from the history rows (of the tasks `task_ids` only, if given)."""
    m = _Models.of(apps)
    ids = None if task_ids is None else sorted(task_ids)

    def rows(model: Any, task: str = "task") -> QuerySet[Any]:
        qs = model.objects.order_by()
        return qs if ids is None else qs.filter(**{f"{task}_id__in": ids})

    ledger = Ledger()
    totals, months = ledger.totals, ledger.months
    key = ("task__lead_unit_id", "task__directive_id", "source", "year")
    latest = rows(m.Estimate).values("task_id", "source", "year").annotate(last=Max("pk"))
    in_force = m.Estimate.objects.filter(pk__in=Subquery(latest.values("last"))).order_by()
    days = dict(
        ((lead, directive, source, year), local_day(at))
        for lead, directive, source, year, at in rows(m.Estimate)
        .values_list(*key)
        .annotate(at=Max("recorded_at"))
    )
    for lead, directive, source, year, amount in in_force.values_list(*key).annotate(
        s=Sum("amount")
    ):
        k = (lead, directive, source, year)
        totals.add(k, "estimated", amount, days[k])
    for name, model, day in (
        ("allocated", m.Allocation, "decided_on"),
        ("disbursed", m.Disbursement, "paid_on"),
    ):
        for lead, directive, source, year, amount, last in (
            rows(model).values_list(*key).annotate(s=Sum("amount"), d=Max(day))
        ):
            totals.add((lead, directive, source, year), name, amount, last)
        for lead, year, month, amount, last in (
            rows(model)
            .values_list("task__lead_unit_id", "year", TruncMonth(day))
            .annotate(s=Sum("amount"), d=Max(day))
        ):
            months.add((lead, year, as_date(month)), name, amount, last)
    planned = rows(m.PlannedDisbursement, "allocation__task")
    for lead, directive, source, year, month, amount, last in planned.values_list(
        *(f"allocation__{k}" for k in key), "month"
    ).annotate(s=Sum("amount"), d=Max("allocation__decided_on")):
        column = PLANNED_COLUMNS[planned_column(year, as_date(month))]
        totals.add((lead, directive, source, year), column, amount, last)
    for lead, year, month, amount, last in planned.values_list(
        "allocation__task__lead_unit_id", "allocation__year", "month"
    ).annotate(s=Sum("amount"), d=Max("allocation__decided_on")):
        months.add((lead, year, as_date(month)), "planned", amount, last)
    return ledger


def stored(apps: Any = global_apps) -> Ledger:
    """The ledger's tables as they are."""
    m = _Models.of(apps)
    ledger = Ledger()
    for model, key, sums in (
        (m.BudgetTotal, TOTAL_KEY, ledger.totals),
        (m.BudgetMonth, MONTH_KEY, ledger.months),
    ):
        for row in model.objects.values_list(*key, *sums.amounts, "last_day"):
            k = tuple(as_date(v) if isinstance(v, date) else v for v in row[: len(key)])
            sums.rows[k] = [int(v) for v in row[len(key) : -1]]
            sums.days[k] = as_date(row[-1])
    return ledger


def rebuild(apps: Any = global_apps) -> int:
    """Recompute both tables from the history rows; returns the ledger rows written."""
    m = _Models.of(apps)
    ledger = computed(apps=apps)
    with transaction.atomic():
        m.BudgetTotal.objects.all().delete()
        m.BudgetMonth.objects.all().delete()
        for model, key, sums in (
            (m.BudgetTotal, TOTAL_KEY, ledger.totals),
            (m.BudgetMonth, MONTH_KEY, ledger.months),
        ):
            model.objects.bulk_create(
                (
                    model(
                        **dict(zip(key, k, strict=True)),
                        **dict(zip(sums.amounts, amounts, strict=True)),
                        last_day=sums.days[k],
                    )
                    for k, amounts in sums.rows.items()
                ),
                batch_size=BATCH,
            )
    return len(ledger.totals.rows) + len(ledger.months.rows)


@contextmanager
def tasks_changing(task_ids: Collection[int]) -> Iterator[None]:
    """Around a bulk write of the history rows of a few tasks: the ledger gains the
    difference of those tasks' sums."""
    ids = sorted(set(task_ids))
    before = computed(ids)
    yield
    after = computed(ids)
    save(Ledger(after.totals.minus(before.totals), after.months.minus(before.months)))


def differences(limit: int = 50) -> list[str]:
    """How the ledger differs from a rebuild (empty: it is right), at most `limit` lines."""
    found: list[str] = []
    want, have = computed(), stored()
    for name, a, b in (
        ("total", want.totals, have.totals),
        ("month", want.months, have.months),
    ):
        for key in sorted(set(a.rows) | set(b.rows), key=str):
            expected = (a.rows.get(key), a.days.get(key))
            got = (b.rows.get(key), b.days.get(key))
            if expected != got:
                found.append(f"{name} {key}: rows say {_text(a, key)}, ledger says {_text(b, key)}")
    return found[:limit]


def _text(sums: Sums, key: tuple[Any, ...]) -> str:
    if key not in sums.rows:
        return "nothing"
    pairs = [f"{n}={v}" for n, v in zip(sums.amounts, sums.rows[key], strict=True) if v]
    return f"{' '.join(pairs) or '0'} (last day {sums.days[key]})"
