"""The budget's writes: a task's estimates, allocations (with their planned months) and
disbursements, each a new append-only row, checked here once for every caller (the task
page, the disbursement sheet, the commands, the demo).

Permission is the caller's question (`steerco.budget.permissions.may_record`), as for
progress. The rules kept here:

- Amounts are ints in đồng, at most `MAX_AMOUNT` in one record; an estimate is not
  negative; an allocation or a disbursement is not zero (negative withdraws / reverses).
- Years and dates lie within the days steerco accepts (`steerco.lib.days`); no money is
  decided or paid in the future.
- An allocation's planned months lie in its year and sum exactly to its amount; by
  default the amount is spread evenly over the months from the decision's month (or
  January, for a decision taken the year before) to December, the remainder đồng added
  to the last month (`even_plan`). A decision taken after its year plans all in December.
- A withdrawal may not bring the allocated total of (task, source, year) below zero, nor
  below what has been disbursed from it.
- A disbursement is paid on or after the first allocation decision of its (task, source,
  year). The cumulative disbursed of (task, source, year) never goes negative (a reversal
  undoes at most what was paid) and never exceeds the allocated total unless the caller
  says so (`over_allocation=True`) with a note saying why — money advanced before the
  decision is recorded, for instance; the note stays with the row.

Every write locks the task's row, so two concurrent payments cannot both pass the ceiling,
and adds its amounts to the ledger's sums in its transaction (`steerco.budget.ledger`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.directives.models import Task
from steerco.lib.days import FIRST_DAY, LAST_DAY, bounds_text, within

from . import ledger
from .amounts import MAX_AMOUNT
from .models import Allocation, Disbursement, Estimate, FundingSource, PlannedDisbursement

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NOTE_LIMIT = 2000
SYMBOL_LIMIT = 64
VOUCHER_LIMIT = 64


class BudgetError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- pure ----------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def plan_months(decided_on: date, year: int) -> list[date]:
    """The months a default plan spreads over: from the decision's month (January when
    decided the year before) to December of `year`; December alone when decided later."""
    if decided_on.year < year:
        first = 1
    elif decided_on.year == year:
        first = decided_on.month
    else:
        first = 12
    return [date(year, m, 1) for m in range(first, 13)]


def even_plan(amount: int, months: list[date]) -> dict[date, int]:
    """`amount` spread evenly over `months`, the remainder đồng added to the last month so
    the parts sum exactly to it (integer arithmetic; a negative amount spreads negatively).
    10 over three months: 3, 3, 4."""
    if not months:
        raise ValueError("no month to plan")
    sign = -1 if amount < 0 else 1
    base, remainder = divmod(abs(amount), len(months))
    parts = {m: sign * base for m in months}
    parts[months[-1]] += sign * remainder
    return parts


# --- checks --------------------------------------------------------------------------


def _source(source: str) -> str:
    if source not in FundingSource.values:
        raise BudgetError(_("Choose one of the funding sources."), "source")
    return source


def _year(year: int) -> int:
    if (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not FIRST_DAY.year <= year <= LAST_DAY.year
    ):
        raise BudgetError(
            _("The year must lie within %(bounds)s.") % {"bounds": bounds_text()}, "year"
        )
    return year


def _vnd(amount: int) -> str:
    """1234567 -> "1.234.567" (the messages' way; amounts are formatted in full)."""
    return f"{amount:,}".replace(",", ".")


def _amount(amount: int, *, negative: bool, zero: bool) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise BudgetError(_("An amount is a whole number of đồng."), "amount")
    if abs(amount) > MAX_AMOUNT:
        raise BudgetError(_("The amount is above 1.000.000 tỷ đồng; check the digits."), "amount")
    if amount < 0 and not negative:
        raise BudgetError(_("The amount may not be negative."), "amount")
    if amount == 0 and not zero:
        raise BudgetError(_("The amount may not be zero."), "amount")
    return amount


def _day(day: date, field: str, today: date) -> date:
    if not within(day):
        raise BudgetError(
            _("The date must lie within %(bounds)s.") % {"bounds": bounds_text()}, field
        )
    if day > today:
        raise BudgetError(_("The date may not be in the future."), field)
    return day


def _text(value: str, field: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise BudgetError(
            _("At most %(limit)s characters (%(n)s given).") % {"limit": limit, "n": len(value)},
            field,
        )
    return value


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update().get(pk=task.pk)


def allocated_total(task: Task, source: str, year: int) -> int:
    got = Allocation.objects.filter(task=task, source=source, year=year).aggregate(s=Sum("amount"))
    return int(got["s"] or 0)


def disbursed_total(task: Task, source: str, year: int) -> int:
    got = Disbursement.objects.filter(task=task, source=source, year=year).aggregate(
        s=Sum("amount")
    )
    return int(got["s"] or 0)


# --- writes --------------------------------------------------------------------------


@transaction.atomic
def estimate_record(
    *,
    task: Task,
    source: str,
    year: int,
    amount: int,
    note: str = "",
    author: User | None = None,
) -> Estimate:
    """Record the cost `task` is expected to need from `source` in `year`; it replaces the
    estimate in force for that source and year (the earlier one stays in the history)."""
    source, year = _source(source), _year(year)
    amount = _amount(amount, negative=False, zero=True)
    note = _text(note, "note", NOTE_LIMIT)
    locked = _locked(task)
    previous = (
        Estimate.objects.filter(task=task, source=source, year=year)
        .order_by("-pk")
        .values_list("amount", flat=True)
        .first()
    )
    estimate = Estimate.objects.create(
        task=task, source=source, year=year, amount=amount, note=note, author=author
    )
    ledger.estimate_recorded(locked, estimate, previous or 0)
    return estimate


@transaction.atomic
def allocation_record(
    *,
    task: Task,
    source: str,
    year: int,
    decision_symbol: str,
    decided_on: date,
    amount: int,
    planned: Mapping[date, int] | None = None,
    note: str = "",
    author: User | None = None,
    today: date | None = None,
) -> Allocation:
    """Record an allocation decision (a negative `amount` withdraws) with its planned
    months: `planned` ({first day of month: amount}) or, by default, `even_plan`."""
    today = today or timezone.localdate()
    source, year = _source(source), _year(year)
    amount = _amount(amount, negative=True, zero=False)
    symbol = _text(decision_symbol, "decision_symbol", SYMBOL_LIMIT)
    if not symbol:
        raise BudgetError(_("Give the decision's number and symbol."), "decision_symbol")
    _day(decided_on, "decided_on", today)
    if decided_on.year < year - 1:
        raise BudgetError(
            _("A decision for %(year)s is taken in %(year)s or the year before.") % {"year": year},
            "decided_on",
        )
    plan = _checked_plan(planned, amount, year, decided_on)
    locked = _locked(task)
    allocated = allocated_total(task, source, year)
    if amount < 0:
        if allocated + amount < 0:
            raise BudgetError(
                _("The withdrawal is larger than the %(total)s đồng allocated.")
                % {"total": _vnd(allocated)},
                "amount",
            )
        disbursed = disbursed_total(task, source, year)
        if allocated + amount < disbursed:
            raise BudgetError(
                _(
                    "After this withdrawal less would be allocated than the %(paid)s đồng "
                    "already disbursed."
                )
                % {"paid": _vnd(disbursed)},
                "amount",
            )
    allocation = Allocation.objects.create(
        task=task,
        source=source,
        year=year,
        decision_symbol=symbol,
        decided_on=decided_on,
        amount=amount,
        note=_text(note, "note", NOTE_LIMIT),
        author=author,
    )
    plan = {month: part for month, part in sorted(plan.items()) if part != 0}
    PlannedDisbursement.objects.bulk_create(
        PlannedDisbursement(allocation=allocation, month=month, amount=part)
        for month, part in plan.items()
    )
    ledger.allocation_recorded(locked, allocation, plan)
    return allocation


def _checked_plan(
    planned: Mapping[date, int] | None, amount: int, year: int, decided_on: date
) -> dict[date, int]:
    if not planned:
        return even_plan(amount, plan_months(decided_on, year))
    plan: dict[date, int] = {}
    for month, part in planned.items():
        if month.year != year:
            raise BudgetError(
                _("The planned month %(month)s is not in %(year)s.")
                % {"month": f"{month:%m/%Y}", "year": year},
                "planned",
            )
        if isinstance(part, bool) or not isinstance(part, int) or abs(part) > MAX_AMOUNT:
            raise BudgetError(_("A planned amount is a whole number of đồng."), "planned")
        key = month_start(month)
        plan[key] = plan.get(key, 0) + part
    total = sum(plan.values())
    if total != amount:
        raise BudgetError(
            _("The planned months add up to %(total)s đồng, not the %(amount)s allocated.")
            % {
                "total": _vnd(total),
                "amount": _vnd(amount),
            },
            "planned",
        )
    return plan


@transaction.atomic
def disbursement_record(
    *,
    task: Task,
    source: str,
    year: int,
    paid_on: date,
    amount: int,
    voucher: str = "",
    note: str = "",
    over_allocation: bool = False,
    author: User | None = None,
    today: date | None = None,
) -> Disbursement:
    """Record money paid for `task` from `source`'s `year` budget (a negative `amount`
    reverses an earlier payment), within what was allocated — see the module's rules."""
    today = today or timezone.localdate()
    source, year = _source(source), _year(year)
    amount = _amount(amount, negative=True, zero=False)
    _day(paid_on, "paid_on", today)
    voucher = _text(voucher, "voucher", VOUCHER_LIMIT)
    note = _text(note, "note", NOTE_LIMIT)
    locked = _locked(task)
    decisions = Allocation.objects.filter(task=task, source=source, year=year).aggregate(
        first=Min("decided_on"), total=Sum("amount")
    )
    first_decision, allocated = decisions["first"], int(decisions["total"] or 0)
    if first_decision is not None and paid_on < first_decision:
        raise BudgetError(
            _("The date paid is before the first allocation decision (%(day)s).")
            % {"day": f"{first_decision:%d/%m/%Y}"},
            "paid_on",
        )
    disbursed = disbursed_total(task, source, year) + amount
    if disbursed < 0:
        raise BudgetError(
            _("The reversal is larger than the %(paid)s đồng disbursed.")
            % {"paid": _vnd(disbursed - amount)},
            "amount",
        )
    if amount > 0 and disbursed > allocated:
        if not over_allocation:
            raise BudgetError(
                _(
                    "Disbursed would reach %(paid)s đồng, more than the %(allocated)s đồng "
                    "allocated for this source and year."
                )
                % {
                    "paid": _vnd(disbursed),
                    "allocated": _vnd(allocated),
                },
                "amount",
            )
        if not note:
            raise BudgetError(
                _("Say in the note why more than the allocation is disbursed."), "note"
            )
    disbursement = Disbursement.objects.create(
        task=task,
        source=source,
        year=year,
        paid_on=paid_on,
        amount=amount,
        voucher=voucher,
        note=note,
        author=author,
    )
    ledger.disbursement_recorded(locked, disbursement)
    return disbursement
