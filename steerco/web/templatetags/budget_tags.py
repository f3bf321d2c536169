"""The task page's money section: `{% task_money task as money %}` reads the task's
estimates, allocations (with their planned months) and disbursements, its figures and
what the user may record; `amount|vnd` writes an amount the Vietnamese way."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from steerco.budget.figures import Figures, percent
from steerco.budget.models import Allocation, Disbursement, Estimate
from steerco.budget.permissions import MoneyRecord, may_record
from steerco.budget.selectors import task_figures_as_of
from steerco.directives.models import Task
from steerco.lib.money import format_vnd
from steerco.lib.vietnamese import lang_of

register = template.Library()


@dataclass
class TaskMoney:
    estimates: list[Estimate]
    allocations: list[Allocation]
    disbursements: list[Disbursement]
    figures: Figures
    rate: Decimal | None  # disbursed / allocated in percent; None: nothing allocated
    may_estimate: bool
    may_allocate: bool
    may_disburse: bool

    @property
    def empty(self) -> bool:
        return not (self.estimates or self.allocations or self.disbursements)


def _figures(task: Task) -> tuple[Figures, Decimal | None]:
    """The task's figures and its disbursement rate in percent (None: nothing allocated)."""
    figures = task_figures_as_of(task, as_of=timezone.localdate())
    return figures, percent(figures.rate)


@register.simple_tag(takes_context=True)
def task_money(context: dict[str, Any], task: Task) -> TaskMoney:
    user = context["request"].user
    figures, rate = _figures(task)
    return TaskMoney(
        estimates=list(Estimate.objects.filter(task=task).select_related("author").order_by("-id")),
        allocations=list(
            Allocation.objects.filter(task=task)
            .select_related("author")
            .prefetch_related("planned")
            .order_by("-decided_on", "-id")
        ),
        disbursements=list(
            Disbursement.objects.filter(task=task)
            .select_related("author")
            .order_by("-paid_on", "-id")
        ),
        figures=figures,
        rate=rate,
        may_estimate=may_record(user, MoneyRecord.ESTIMATE, task),
        may_allocate=may_record(user, MoneyRecord.ALLOCATION, task),
        may_disburse=may_record(user, MoneyRecord.DISBURSEMENT, task),
    )


@register.filter
def vnd(amount: int | None) -> str:
    """1234567 -> "1.234.567 đồng" (in English "1,234,567 VND")."""
    if amount is None:
        return "—"
    return format_vnd(amount, lang_of(get_language() or "vi"))
