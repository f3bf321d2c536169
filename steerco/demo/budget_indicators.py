"""The demo's budget indicators: allocated, disbursed and the disbursement rate of every
unit with money, for each month of the demo's budget years (`budget.YEARS`) that has
started by the demo's today, computed from the demo's budget as `steerco indicators budget`
computes them (issue 21). The month not over yet is computed as of today; running it again
records nothing new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from steerco.indicators.budget_values import budget_values_compute, months_to_date

from .budget import YEARS


@dataclass(frozen=True)
class BudgetIndicatorSummary:
    months: int
    recorded: int

    def line(self) -> str:
        return (
            f"demo budget indicators: {self.recorded} values recorded over {self.months} months "
            f"({YEARS[0]}-{YEARS[-1]})"
        )


def load_demo_budget_indicators(*, today: date) -> BudgetIndicatorSummary:
    months = [m for year in YEARS for m in months_to_date(year, today)]
    recorded = sum(budget_values_compute(period=m, as_of=today).recorded for m in months)
    return BudgetIndicatorSummary(len(months), recorded)
