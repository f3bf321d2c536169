"""The budget summary of a unit's subtree for a budget year as of a date — the figures
`steerco budget summary --json` prints and the budget page shows, from the same function
(`budget.selectors.budget_summary`). Amounts are JSON integers in đồng (below 2^53: a
nation's totals reach 10^15); the rate is a percent rounded to one decimal."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema

from steerco.api.auth import caller
from steerco.budget.selectors import budget_summary as summary_of
from steerco.progress.access import unit_by_code

from .schemas import Day

router = Router(tags=["budget"])


class BudgetQuery(Schema):
    unit: str = Field(..., description="The unit's code: its whole subtree is summed.")
    year: int = Field(..., ge=2000, le=2100, description="The budget year.")
    as_of: Day | None = Field(None, description="The date counted; today by default.")
    lang: str = Field("vi", pattern="^(vi|en)$", description="The sentences' language.")


class Amounts(Schema):
    estimated: int = Field(description="Latest estimates in force, đồng.")
    allocated: int = Field(description="Allocations decided by the date, less withdrawals.")
    disbursed: int = Field(description="Disbursements paid by the date, less reversals.")
    planned: int = Field(description="Planned disbursement up to the date's month.")
    gap: int = Field(description="planned - disbursed: behind plan when positive.")
    rate_percent: float | None = Field(description="disbursed / allocated × 100, one decimal.")


class BudgetLineOut(Amounts):
    key: str = Field(description="The source's code, the directive's symbol or the unit's code.")
    label: str
    own: bool = Field(description="The unit's own row: tasks it leads itself.")


class SeriesOut(Schema):
    months: list[str] = Field(description="YYYY-MM, January of the year to the date's month.")
    allocated: list[int]
    disbursed: list[int]
    planned: list[int]


class BudgetSummaryOut(Amounts):
    unit: str
    code: str
    year: int
    as_of: str
    by_source: list[BudgetLineOut]
    by_directive: list[BudgetLineOut]
    by_unit: list[BudgetLineOut]
    slowest: list[BudgetLineOut]
    series: SeriesOut
    sentence: str
    slowest_sentence: str


@router.get(
    "/budget/summary",
    response=BudgetSummaryOut,
    url_name="budget_summary",
    summary="A unit's budget summary",
)
def budget_summary(request: HttpRequest, query: Query[BudgetQuery]) -> dict[str, Any]:
    unit = unit_by_code(caller(request), query.unit)  # 404 for a unit outside the roles
    as_of = query.as_of or timezone.localdate()
    with translation.override(query.lang):
        return summary_of(unit, query.year, as_of).as_dict(query.lang)
