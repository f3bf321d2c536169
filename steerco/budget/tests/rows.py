"""Budget rows for tests, written with the ORM (the services are another module's)."""

from __future__ import annotations

from datetime import date

from steerco.budget.models import Allocation, Disbursement, Estimate, PlannedDisbursement
from steerco.directives.models import Task


def estimate(task: Task, amount: int, *, source: str = "provincial", year: int = 2025) -> Estimate:
    return Estimate.objects.create(task=task, source=source, year=year, amount=amount)


def allocate(
    task: Task,
    amount: int,
    *,
    on: date = date(2025, 2, 10),
    source: str = "provincial",
    year: int = 2025,
    plan: dict[int, int] | None = None,
) -> Allocation:
    """An allocation and its planned disbursements (month number -> amount)."""
    allocation = Allocation.objects.create(
        task=task,
        source=source,
        year=year,
        decision_symbol=f"{task.pk}/QĐ-UBND",
        decided_on=on,
        amount=amount,
    )
    for month, planned in (plan or {}).items():
        PlannedDisbursement.objects.create(
            allocation=allocation, month=date(year, month, 1), amount=planned
        )
    return allocation


def disburse(
    task: Task, amount: int, *, on: date, source: str = "provincial", year: int = 2025
) -> Disbursement:
    return Disbursement.objects.create(
        task=task, source=source, year=year, paid_on=on, amount=amount, voucher=f"PC-{on:%m%d}"
    )
