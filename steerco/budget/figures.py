"""A task's money figures and their sums, from plain rows: no database here.

Amounts are integers in đồng and stay integers: sums are exact at any size, the
disbursement rate is a `Fraction` (disbursed / allocated), and a percent is rounded
from it by integer arithmetic (`percent`), so 10^15 đồng lose nothing on the way.

What counts as of a day D (the selectors ask the database the same in SQL):
- estimated: per (task, source, year) the latest estimate recorded by D;
- allocated: allocations decided by D (a negative one withdraws);
- disbursed: disbursements paid by D (a negative one reverses);
- planned: the planned monthly amounts of those allocations for the months up to
  D's month (its own month included);
- gap against plan: planned - disbursed (more than 0: behind plan).

The ledger (steerco.budget.ledger) keeps these sums over every row; it answers for a
day on or after the latest day it counts, when all of its rows count (the planned
months by `planned_column`); an earlier day is read from the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K")


@dataclass(frozen=True)
class Figures:
    """Estimated, allocated, disbursed and planned amounts (đồng) of one task or a sum."""

    estimated: int = 0
    allocated: int = 0
    disbursed: int = 0
    planned: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.estimated + other.estimated,
            self.allocated + other.allocated,
            self.disbursed + other.disbursed,
            self.planned + other.planned,
        )

    @property
    def rate(self) -> Fraction | None:
        """Disbursed / allocated; None when nothing is allocated."""
        return Fraction(self.disbursed, self.allocated) if self.allocated > 0 else None

    @property
    def gap(self) -> int:
        """How far disbursement is behind the plan to date (negative: ahead of it)."""
        return self.planned - self.disbursed

    @property
    def has_money(self) -> bool:
        return any((self.estimated, self.allocated, self.disbursed, self.planned))

    def as_dict(self) -> dict[str, int | float | None]:
        """Amounts as JSON integers, the rate as a percent rounded to one decimal."""
        rate = percent(self.rate)
        return {
            "estimated": self.estimated,
            "allocated": self.allocated,
            "disbursed": self.disbursed,
            "planned": self.planned,
            "gap": self.gap,
            "rate_percent": None if rate is None else float(rate),
        }


def total(figures: Iterable[Figures]) -> Figures:
    return sum(figures, Figures())


def percent(rate: Fraction | None, places: int = 1) -> Decimal | None:
    """`rate` × 100 rounded half up to `places` decimals, computed on integers."""
    if rate is None:
        return None
    scale = 10**places
    quotient, remainder = divmod(abs(rate.numerator) * 100 * scale, rate.denominator)
    if 2 * remainder >= rate.denominator:
        quotient += 1
    sign = -1 if rate < 0 else 1
    return Decimal(sign * quotient).scaleb(-places)


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_of_year(year: int, as_of: date, most: int = 24) -> list[date]:
    """The first days of the months from January of `year` to `as_of`'s month (a budget
    year's money may be paid into the next year), at most `most` months."""
    months: list[date] = []
    month = date(year, 1, 1)
    while month <= as_of and len(months) < most:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def planned_column(year: int, month: date) -> int:
    """Where the budget year `year`'s ledger (BudgetTotal) keeps an amount planned for
    `month`: 0 before January of `year`, 1..24 for January of `year` to December of the
    next year (the span of `months_of_year`), 25 later. The planned amount as of a day D
    is the sum of the columns up to D's (D in `year` or later)."""
    index = (month.year - year) * 12 + month.month
    return 0 if index < 1 else min(index, 25)


def cumulative(by_month: dict[date, int], months: Sequence[date]) -> list[int]:
    """Running totals at the end of each month of `months` (amounts dated before the
    first month, such as an allocation decided the year before, count from the start)."""
    result: list[int] = []
    running = sum(v for m, v in by_month.items() if months and m < months[0])
    for m in months:
        running += by_month.get(m, 0)
        result.append(running)
    return result


# --- one task's figures from its rows ----------------------------------------


@dataclass(frozen=True)
class EstimateRow:
    source: str
    year: int
    amount: int
    recorded_on: date
    seq: int  # the row's id: the later row of a (source, year) is in force


@dataclass(frozen=True)
class AllocationRow:
    source: str
    year: int
    amount: int
    decided_on: date
    planned: tuple[tuple[date, int], ...] = ()  # (first day of month, amount)


@dataclass(frozen=True)
class DisbursementRow:
    source: str
    year: int
    amount: int
    paid_on: date


def task_figures(
    *,
    estimates: Iterable[EstimateRow],
    allocations: Iterable[AllocationRow],
    disbursements: Iterable[DisbursementRow],
    as_of: date,
    year: int | None = None,
) -> Figures:
    """A task's figures as of `as_of`, for one budget year or (None) every year."""

    def in_year(y: int) -> bool:
        return year is None or y == year

    latest: dict[tuple[str, int], EstimateRow] = {}
    for e in estimates:
        if e.recorded_on <= as_of and in_year(e.year):
            key = (e.source, e.year)
            if key not in latest or latest[key].seq < e.seq:
                latest[key] = e
    month = month_start(as_of)
    allocated = planned = 0
    for a in allocations:
        if a.decided_on <= as_of and in_year(a.year):
            allocated += a.amount
            planned += sum(amount for m, amount in a.planned if m <= month)
    disbursed = sum(d.amount for d in disbursements if d.paid_on <= as_of and in_year(d.year))
    return Figures(
        estimated=sum(e.amount for e in latest.values()),
        allocated=allocated,
        disbursed=disbursed,
        planned=planned,
    )


# --- rankings of units by money -----------------------------------------------

SLOWEST = 5


def slowest(rows: Iterable[tuple[K, str, Figures]], limit: int = SLOWEST) -> list[K]:
    """The keys of the rows (key, tie-break text, figures) with money allocated, lowest
    disbursement rate first; at an equal rate the larger allocation first, then the text."""
    funded = [(k, text, f) for k, text, f in rows if f.rate is not None]
    funded.sort(key=lambda r: (r[2].rate, -r[2].allocated, r[1]))
    return [k for k, _text, _f in funded[:limit]]
