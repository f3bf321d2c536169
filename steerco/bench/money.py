"""Money on the synthetic nation: estimates, allocations with their monthly plans and
monthly disbursements on a share of the tasks led in the provinces, for the budget years
up to the dataset's day, written through `steerco.lib.bulk.insert` — what the budget
services would have written one by one. National totals reach some 10^14 đồng.
"""

from __future__ import annotations

import random
import zoneinfo
from collections.abc import Callable
from datetime import date, datetime, time

from django.conf import settings

from steerco.budget import ledger
from steerco.budget.models import (
    ALLOCATION_ROW_FIELDS,
    DISBURSEMENT_ROW_FIELDS,
    ESTIMATE_ROW_FIELDS,
    PLANNED_ROW_FIELDS,
    Allocation,
    Disbursement,
    Estimate,
    PlannedDisbursement,
)
from steerco.directives.models import Task
from steerco.lib import bulk
from steerco.units.models import UnitKind

SHARE = 0.2  # of the dated tasks led by a province, its departments and communes
SOURCES = (("provincial", 5), ("central", 3), ("commune", 1), ("oda", 1), ("other", 1))
UNIT = 10**8  # amounts are multiples of 100 million đồng (0.1 tỷ)


def _months(first: date, last: date) -> list[date]:
    months, m = [], first.replace(day=1)
    while m <= last:
        months.append(m)
        m = date(m.year + m.month // 12, m.month % 12 + 1, 1)
    return months


def generate_money(seed: int, today: date, say: Callable[[str], None] = lambda s: None) -> int:
    """Money rows for a seeded share of the provinces' dated tasks; returns the rows written."""
    rng = random.Random(seed * 7919 + 21)  # noqa: S311
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    sources = [s for s, weight in SOURCES for _ in range(weight)]
    tasks = Task.objects.filter(
        recurring=False,
        lead_unit__kind__in=[UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.COMMUNE],
    ).values_list("pk", "assigned_on")
    estimates: list[dict] = []
    allocations: list[dict] = []
    planned: list[dict] = []
    paid: list[dict] = []
    next_allocation = bulk.next_id(Allocation)
    for task_id, assigned_on in tasks.order_by("pk").iterator(chunk_size=10_000):
        if rng.random() >= SHARE:
            continue
        source = rng.choice(sources)
        for year in range(max(assigned_on.year, today.year - 1), today.year + 1):
            amount = rng.randint(1, 200) * UNIT
            start = max(assigned_on, date(year, 1, 1))
            recorded = datetime.combine(start, time(9), tz)
            estimates.append(
                {
                    "task": task_id,
                    "source": source,
                    "year": year,
                    "amount": amount + amount * rng.randint(0, 30) // 100,
                    "note": "",
                    "author": None,
                    "recorded_at": recorded,
                }
            )
            decided_on = date.fromordinal(start.toordinal() + rng.randint(0, 60))
            if decided_on > today or decided_on.year != year:
                continue
            aid = next_allocation
            next_allocation += 1
            allocations.append(
                {
                    "id": aid,
                    "task": task_id,
                    "source": source,
                    "year": year,
                    "decision_symbol": f"{aid}/QĐ-UBND",
                    "decided_on": decided_on,
                    "amount": amount,
                    "note": "",
                    "author": None,
                    "recorded_at": datetime.combine(decided_on, time(10), tz),
                }
            )
            months = _months(decided_on, date(year, 12, 1))
            share, rest = divmod(amount, len(months))
            for i, month in enumerate(months):
                last = i == len(months) - 1
                planned.append(
                    {"allocation": aid, "month": month, "amount": share + (rest if last else 0)}
                )
            pace, left = rng.uniform(0.2, 1.1), amount
            for month in months[1:]:
                paid_on = month.replace(day=rng.randint(5, 25))
                sum_ = min(left, int(share * pace * rng.uniform(0.5, 1.5)) // 10**6 * 10**6)
                if paid_on > today or sum_ <= 0:
                    continue
                left -= sum_
                paid.append(
                    {
                        "task": task_id,
                        "source": source,
                        "year": year,
                        "paid_on": paid_on,
                        "amount": sum_,
                        "voucher": f"UNC-{aid}-{month:%m}",
                        "note": "",
                        "author": None,
                        "recorded_at": datetime.combine(paid_on, time(15), tz),
                    }
                )
    written = bulk.insert(Estimate, ESTIMATE_ROW_FIELDS, estimates)
    written += bulk.insert(Allocation, ALLOCATION_ROW_FIELDS, allocations)
    written += bulk.insert(PlannedDisbursement, PLANNED_ROW_FIELDS, planned)
    written += bulk.insert(Disbursement, DISBURSEMENT_ROW_FIELDS, paid)
    bulk.reset_sequences([Allocation])
    ledger.rebuild()
    say(
        f"  money: {len(allocations):,} allocations, {len(planned):,} planned months, "
        f"{len(paid):,} disbursements on {len({a['task'] for a in allocations}):,} tasks"
    )
    return written
