"""A plan row's cost: the "Kinh phí" cell read as đồng, its "Nguồn vốn" as a funding
source (or the lead unit's level's own budget), and the estimate it becomes.

The estimate's year is the deadline's year, or the assignment's for a task without a
dated deadline. Written in bulk with the plan's tasks (`estimates_create`).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.budget import ledger
from steerco.budget.amounts import MAX_AMOUNT
from steerco.budget.models import Estimate, FundingSource
from steerco.directives.models import Task
from steerco.lib import bulk
from steerco.lib.money import format_vnd, parse_vnd
from steerco.lib.vietnamese import fold
from steerco.units.models import Unit, UnitKind

ESTIMATE_FIELDS = ("task", "source", "year", "amount", "note", "author", "recorded_at")

# Folded pattern -> source; the first that matches wins ("xã hội hóa" before "xã").
_SOURCES: list[tuple[str, str]] = [
    (r"xa hoi hoa|socialis|socializ|private|khac|other|doanh nghiep", FundingSource.OTHER),
    (r"\boda\b|vay nuoc ngoai|von vay|tai tro", FundingSource.ODA),
    (r"trung uong|\btw\b|central|national|nstw", FundingSource.CENTRAL),
    (r"tinh|provinc|nst\b", FundingSource.PROVINCIAL),
    (r"\bxa\b|phuong|commune|ward|cap xa", FundingSource.COMMUNE),
]


def parse_cost(text: str) -> int:
    """The cell's amount in đồng; ValueError with the reason."""
    amount = parse_vnd(text)
    if amount > MAX_AMOUNT:
        raise ValueError(
            _("%(amount)s is above 1.000.000 tỷ đồng; check the digits")
            % {"amount": format_vnd(amount)}
        )
    return amount


def parse_source(text: str) -> str:
    """ "Ngân sách tỉnh" -> provincial, "Vốn ODA" -> oda, ...; ValueError if none fits."""
    folded = fold(text)
    for pattern, source in _SOURCES:
        if re.search(pattern, folded):
            return str(source)
    raise ValueError(
        _(
            "not a funding source; write one of: ngân sách trung ương, ngân sách tỉnh, "
            "ngân sách xã, ODA, xã hội hóa"
        )
    )


def default_source(lead: Unit, province_paths: frozenset[str]) -> str:
    """A commune's budget for a commune, the province's for a province or a unit in one,
    the central budget otherwise."""
    if lead.kind == UnitKind.COMMUNE:
        return str(FundingSource.COMMUNE)
    if lead.kind == UnitKind.PROVINCE or any(lead.path.startswith(p) for p in province_paths):
        return str(FundingSource.PROVINCIAL)
    return str(FundingSource.CENTRAL)


def province_paths() -> frozenset[str]:
    return frozenset(Unit.objects.filter(kind=UnitKind.PROVINCE).values_list("path", flat=True))


def estimate_year(due_on: date | None, assigned_on: date) -> int:
    return (due_on or assigned_on).year


def estimates_create(costs: list[tuple[Task, int, str | None]], paths: frozenset[str]) -> None:
    """One estimate per (task, amount, source or None for the lead unit's level's)."""
    now, note = timezone.now(), _("from the plan's cost column")
    with ledger.tasks_changing([task.pk for task, _amount, _source in costs]):
        _insert(costs, paths, now, note)


def _insert(
    costs: list[tuple[Task, int, str | None]], paths: frozenset[str], now: datetime, note: str
) -> None:
    bulk.insert(
        Estimate,
        ESTIMATE_FIELDS,
        (
            {
                "task": task.pk,
                "source": source or default_source(task.lead_unit, paths),
                "year": estimate_year(task.original_due_on, task.assigned_on),
                "amount": amount,
                "note": note,
                "author": None,
                "recorded_at": now,
            }
            for task, amount, source in costs
        ),
    )
