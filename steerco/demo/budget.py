"""The demo's money: budgets on the provinces' programmes of action (`N-CTr/TU`), drawn
as plain data from seeded streams of their own (the task's key, the unit's code) and
written in bulk as `steerco.budget.services` would have written them.

About half the programme's department tasks and a third of its commune tasks (never the
recurring ones) carry a budget for each year they run in, 2025 and 2026: an estimate per
funding source (mostly the provincial budget; some central budget, ODA or private
contributions; the commune budget for communes), an allocation by a decision of the
People's Committee ("1234/QĐ-UBND") soon after the task is assigned (for 2026, around
the turn of the year), its planned months spread evenly to December (`even_plan`, the
services' default), now and then a supplementary allocation in the summer, and monthly
disbursements. Each lead unit has a pace: most disburse close to plan, about one in
four lags far behind it (so "the slowest-disbursing units" names someone). Amounts are
integers in đồng, estimates and allocations in whole millions, payments in thousands.
Everything dated after the demo's today is left out.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from steerco.budget import ledger
from steerco.budget.models import (
    ALLOCATION_ROW_FIELDS,
    DISBURSEMENT_ROW_FIELDS,
    ESTIMATE_ROW_FIELDS,
    PLANNED_ROW_FIELDS,
    Allocation,
    Disbursement,
    Estimate,
    FundingSource,
    PlannedDisbursement,
)
from steerco.budget.services import even_plan, plan_months
from steerco.lib import bulk

if TYPE_CHECKING:
    from .dataset import Plan, TaskSpec

SEED = "57:budget"
YEARS = (2025, 2026)
MILLION, THOUSAND = 1_000_000, 1_000
DEPARTMENT_SHARE, COMMUNE_SHARE = 0.55, 0.35
SLOW_SHARE = 0.25  # of lead units, that disburse far behind plan


@dataclass(frozen=True)
class Payment:
    paid_on: date
    amount: int
    voucher: str


@dataclass
class Line:
    """One funding source of one task in one year."""

    source: str
    year: int
    estimate: int
    estimated_on: date
    allocations: list[tuple[str, date, int, str]] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)


def _million(x: float) -> int:
    return max(MILLION, round(x / MILLION) * MILLION)


def pace(unit_code: str) -> float:
    """The share of its planned spending a lead unit actually disburses."""
    rng = random.Random(f"{SEED}:pace:{unit_code}")  # noqa: S311 - seeded on purpose
    return rng.uniform(0.25, 0.6) if rng.random() < SLOW_SHARE else rng.uniform(0.85, 1.0)


def budgeted(spec: TaskSpec) -> bool:
    """Whether a programme task carries a budget (drawn from its own stream)."""
    if spec.schedule.recurring or "-CTr/TU" not in spec.directive or _province(spec.lead):
        return False  # the province's own tasks: the money is with its departments
    rng = random.Random(f"{SEED}:{spec.key}")  # noqa: S311
    return rng.random() < (COMMUNE_SHARE if _commune(spec.lead) else DEPARTMENT_SHARE)


def _province(code: str) -> bool:
    return len(code) == 2 and code.isdigit()


def _commune(code: str) -> bool:
    """Communes are coded by number ("02266"), departments by their province ("08-SKHCN")."""
    return code.isdigit() and len(code) > 2


def _years(spec: TaskSpec) -> list[int]:
    due = spec.original_due_on
    last = due.year if due else spec.assigned_on.year + 1
    return [y for y in YEARS if spec.assigned_on.year <= y <= last]


def _sources(rng: random.Random, commune: bool) -> list[tuple[str, float]]:
    """The task's funding sources with their shares (the first the main one)."""
    if commune:
        main = FundingSource.COMMUNE if rng.random() < 0.7 else FundingSource.PROVINCIAL
    else:
        main = rng.choices(
            [
                FundingSource.PROVINCIAL,
                FundingSource.CENTRAL,
                FundingSource.ODA,
                FundingSource.OTHER,
            ],
            weights=[70, 12, 8, 10],
        )[0]
    if rng.random() < 0.25:
        second = FundingSource.OTHER if main != FundingSource.OTHER else FundingSource.PROVINCIAL
        share = rng.uniform(0.15, 0.4)
        return [(main, 1 - share), (second, share)]
    return [(main, 1.0)]


def task_budget(spec: TaskSpec) -> list[Line]:
    """The budget lines of a budgeted task, whole (not cut at any day)."""
    rng = random.Random(f"{SEED}:lines:{spec.key}")  # noqa: S311
    commune = _commune(spec.lead)
    lo, hi = (1e8, 2.5e9) if commune else (3e8, 2.5e10)
    total = math.exp(rng.uniform(math.log(lo), math.log(hi)))
    years = _years(spec)
    first_share = rng.uniform(0.4, 0.7) if len(years) == 2 else 1.0
    speed = pace(spec.lead)
    lines = []
    for year in years:
        in_year = total * (first_share if year == years[0] else 1 - first_share)
        for source, share in _sources(rng, commune):
            line = _line(
                rng, spec, source, year, _million(max(in_year * share, 100 * MILLION)), speed
            )
            lines.append(line)
    return lines


def _line(
    rng: random.Random, spec: TaskSpec, source: str, year: int, estimate: int, speed: float
) -> Line:
    if year == spec.assigned_on.year:
        estimated_on = spec.assigned_on + timedelta(days=rng.randint(3, 12))
        decided_on = estimated_on + timedelta(days=rng.randint(10, 50))
    else:  # the next year's estimate in the autumn, its decision around the new year
        estimated_on = date(year - 1, 11, 1) + timedelta(days=rng.randint(0, 25))
        decided_on = date(year - 1, 12, 15) + timedelta(days=rng.randint(0, 30))
    decided_on = min(decided_on, date(year, 11, 30))
    line = Line(source, year, estimate, estimated_on)
    allocated = _million(estimate * rng.uniform(0.75, 1.0))
    line.allocations.append((_decision(rng), decided_on, allocated, f"Phân bổ dự toán năm {year}"))
    if rng.random() < 0.12 and decided_on < date(year, 7, 1):
        extra = _million(estimate * rng.uniform(0.08, 0.2))
        on = date(year, 7, 1) + timedelta(days=rng.randint(0, 75))
        line.allocations.append((_decision(rng), on, extra, f"Bổ sung dự toán năm {year}"))
    line.payments = _payments(rng, line, speed)
    return line


def _decision(rng: random.Random) -> str:
    return f"{rng.randint(85, 3400)}/QĐ-UBND"


def planned(line: Line) -> list[dict[date, int]]:
    """Each allocation's planned months: the services' default, spread evenly."""
    return [even_plan(amount, plan_months(on, line.year)) for _, on, amount, _ in line.allocations]


def _payments(rng: random.Random, line: Line, speed: float) -> list[Payment]:
    """Monthly payments that follow the planned curve at the unit's pace (slow in the
    first months, catching up by December), never above what is allocated."""
    curve: dict[int, int] = {}
    for months in planned(line):
        for first_day, part in months.items():
            curve[first_day.month] = curve.get(first_day.month, 0) + part
    first = min(on for _, on, _, _ in line.allocations)
    planned_by, paid, out = 0, 0, []
    for month in range(1, 13):
        planned_by += curve.get(month, 0)
        day = max(date(line.year, month, rng.randint(5, 28)), first)
        if (day.year, day.month) != (line.year, month):
            continue  # no decision yet this month
        allocated = sum(a for _, on, a, _ in line.allocations if on <= day)
        ramp = 0.55 + 0.45 * month / 12
        target = min(allocated, int(planned_by * speed * ramp * rng.uniform(0.92, 1.05)))
        amount = (target - paid) // THOUSAND * THOUSAND
        if amount <= 0:
            continue
        paid += amount
        out.append(Payment(day, amount, f"Giấy rút dự toán số {rng.randint(1, 9999):04d}"))
    return out


# --- writing -------------------------------------------------------------------------


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@dataclass
class BudgetRows:
    estimates: list[dict[str, Any]] = field(default_factory=list)
    allocations: list[dict[str, Any]] = field(default_factory=list)
    planned: list[dict[str, Any]] = field(default_factory=list)
    disbursements: list[dict[str, Any]] = field(default_factory=list)


def budget_rows(plan: Plan, task_ids: dict[str, int], today: date, next_id: int) -> BudgetRows:
    """The rows of every budgeted programme task up to `today`; allocations numbered from
    `next_id`."""
    rows = BudgetRows()
    for spec in plan.tasks:
        if not budgeted(spec):
            continue
        task = task_ids[spec.key]
        for line in task_budget(spec):
            if line.estimated_on > today:
                continue
            rows.estimates.append(
                {
                    "task": task,
                    "source": line.source,
                    "year": line.year,
                    "amount": line.estimate,
                    "note": f"Dự toán kinh phí năm {line.year}",
                    "author": None,
                    "recorded_at": _at(line.estimated_on, 9),
                }
            )
            for (symbol, on, amount, note), months in zip(
                line.allocations, planned(line), strict=True
            ):
                if on > today:
                    continue
                rows.allocations.append(
                    {
                        "id": next_id,
                        "task": task,
                        "source": line.source,
                        "year": line.year,
                        "decision_symbol": symbol,
                        "decided_on": on,
                        "amount": amount,
                        "note": note,
                        "author": None,
                        "recorded_at": _at(on, 15),
                    }
                )
                rows.planned += [
                    {"allocation": next_id, "month": m, "amount": part}
                    for m, part in sorted(months.items())
                    if part != 0
                ]
                next_id += 1
            rows.disbursements += [
                {
                    "task": task,
                    "source": line.source,
                    "year": line.year,
                    "paid_on": p.paid_on,
                    "amount": p.amount,
                    "voucher": p.voucher,
                    "note": "",
                    "author": None,
                    "recorded_at": _at(p.paid_on, 16),
                }
                for p in line.payments
                if p.paid_on <= today
            ]
    return rows


def write_budgets(plan: Plan, task_ids: dict[str, int], today: date) -> BudgetRows:
    """Insert the programmes' budgets up to `today`."""
    rows = budget_rows(plan, task_ids, today, bulk.next_id(Allocation))
    bulk.insert(Estimate, ESTIMATE_ROW_FIELDS, rows.estimates)
    bulk.insert(Allocation, ALLOCATION_ROW_FIELDS, rows.allocations)
    bulk.insert(PlannedDisbursement, PLANNED_ROW_FIELDS, rows.planned)
    bulk.insert(Disbursement, DISBURSEMENT_ROW_FIELDS, rows.disbursements)
    bulk.reset_sequences([Allocation])
    ledger.rebuild()
    return rows
