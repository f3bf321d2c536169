"""Budget rows for tests, written with the ORM (the services are another module's), the
ledger kept as the services keep it."""

from __future__ import annotations

from datetime import date

from steerco.budget import ledger
from steerco.budget.models import Allocation, Disbursement, Estimate, PlannedDisbursement
from steerco.directives.models import Task


def estimate(task: Task, amount: int, *, source: str = "provincial", year: int = 2025) -> Estimate:
    previous = Estimate.objects.filter(task=task, source=source, year=year).order_by("-pk").first()
    row = Estimate.objects.create(task=task, source=source, year=year, amount=amount)
    ledger.estimate_recorded(task, row, previous.amount if previous else 0)
    return row


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
    months = {date(year, month, 1): planned for month, planned in (plan or {}).items()}
    for month, planned in months.items():
        PlannedDisbursement.objects.create(allocation=allocation, month=month, amount=planned)
    ledger.allocation_recorded(task, allocation, months)
    return allocation


def disburse(
    task: Task, amount: int, *, on: date, source: str = "provincial", year: int = 2025
) -> Disbursement:
    row = Disbursement.objects.create(
        task=task, source=source, year=year, paid_on=on, amount=amount, voucher=f"PC-{on:%m%d}"
    )
    ledger.disbursement_recorded(task, row)
    return row
