"""A task's money: estimates, allocations (with the planned monthly spending) and
disbursements, each an append-only history, as progress is.

Amounts are integers in đồng (never floats): BigIntegerField holds up to 9.2 × 10^18,
national totals reach 10^15, and the API carries them as JSON integers (below 2^53).
A correction is a new row (a negative disbursement reverses one recorded in error),
never an edit. The figures (estimated, allocated, disbursed, rate, against plan) are
computed in steerco.budget.figures.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Directive, Task
from steerco.units.models import Unit


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("central budget")
    PROVINCIAL = "provincial", _("provincial budget")
    COMMUNE = "commune", _("commune budget")
    ODA = "oda", _("ODA")
    OTHER = "other", _("private contribution and other sources")


# A row's fields in the order the bulk loaders (demo, bench generator) fill them
# (steerco.lib.bulk.insert), one tuple per history table.
ESTIMATE_ROW_FIELDS = ("task", "source", "year", "amount", "note", "author", "recorded_at")
ALLOCATION_ROW_FIELDS = (
    "id",
    "task",
    "source",
    "year",
    "decision_symbol",
    "decided_on",
    "amount",
    "note",
    "author",
    "recorded_at",
)
PLANNED_ROW_FIELDS = ("allocation", "month", "amount")
DISBURSEMENT_ROW_FIELDS = (
    "task",
    "source",
    "year",
    "paid_on",
    "amount",
    "voucher",
    "note",
    "author",
    "recorded_at",
)


def _author() -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )


class Estimate(models.Model):
    """The cost a task is expected to need from one source in one year. A revised
    estimate is a new row; the latest row of a (task, source, year) is in force."""

    append_only = "budget estimates are append-only: record a revised estimate instead"

    task = models.ForeignKey(
        Task, models.PROTECT, related_name="budget_estimates", verbose_name=_("task")
    )
    source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.BigIntegerField(_("amount (đồng)"))
    note = models.TextField(_("note"), blank=True)
    author = _author()
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["task_id", "year", "source", "id"]
        verbose_name = _("budget estimate")
        verbose_name_plural = _("budget estimates")
        indexes = [
            models.Index(fields=["task", "year", "source"]),
            # Covering the summary's latest estimates per (task, source) of a year.
            models.Index(
                fields=["year", "task", "source", "recorded_at", "amount"],
                name="estimate_year_covering",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="estimate_amount_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.year} {self.source}: {self.amount}"


class Allocation(models.Model):
    """Money allocated to a task by a decision (its number and symbol, its date). A
    negative amount withdraws part of an earlier allocation (a new decision)."""

    append_only = "budget allocations are append-only: record a new decision instead"

    task = models.ForeignKey(
        Task, models.PROTECT, related_name="allocations", verbose_name=_("task")
    )
    source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    decision_symbol = models.CharField(_("decision number and symbol"), max_length=64)
    decided_on = models.DateField(_("decision date"))
    amount = models.BigIntegerField(_("amount (đồng)"))
    note = models.TextField(_("note"), blank=True)
    author = _author()
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["task_id", "decided_on", "id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        indexes = [
            models.Index(fields=["task", "year"]),
            # Covering the summary's sums per (task, source) of a year.
            models.Index(
                fields=["year", "task", "source", "decided_on", "amount"],
                name="allocation_year_covering",
            ),
            # Covering the nation's monthly series: the year's allocations in day order.
            models.Index(fields=["year", "decided_on", "amount"], name="allocation_year_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="allocation_amount_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.decision_symbol} ({self.decided_on}): {self.amount}"


class PlannedDisbursement(models.Model):
    """How much of an allocation is planned to be disbursed by the end of a month:
    entered with the allocation (by default spread evenly over the months left in its
    year), append-only with it."""

    append_only = "planned disbursements are append-only: they belong to their allocation"

    allocation = models.ForeignKey(
        Allocation, models.PROTECT, related_name="planned", verbose_name=_("allocation")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.BigIntegerField(_("amount (đồng)"))

    class Meta:
        ordering = ["allocation_id", "month"]
        verbose_name = _("planned disbursement")
        verbose_name_plural = _("planned disbursements")
        indexes = [
            # Covering the summary's planned sums: its months read without the table.
            models.Index(fields=["allocation", "month", "amount"], name="planned_covering"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "month"], name="planned_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation_id} {self.month:%Y-%m}: {self.amount}"


class Disbursement(models.Model):
    """Money paid out for a task on a date, against a voucher. A negative amount
    reverses an earlier disbursement recorded in error."""

    append_only = "disbursements are append-only: record a reversal instead"

    task = models.ForeignKey(
        Task, models.PROTECT, related_name="disbursements", verbose_name=_("task")
    )
    source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    year = models.PositiveSmallIntegerField(_("budget year"))
    paid_on = models.DateField(_("date paid"))
    amount = models.BigIntegerField(_("amount (đồng)"))
    voucher = models.CharField(_("voucher reference"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    author = _author()
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["task_id", "paid_on", "id"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        indexes = [
            models.Index(fields=["task", "paid_on"]),
            models.Index(fields=["paid_on"]),
            # Covering the summary's sums per (task, source) of a year.
            models.Index(
                fields=["year", "task", "source", "paid_on", "amount"],
                name="disbursement_year_covering",
            ),
            # Covering the nation's monthly series: the year's payments in day order.
            models.Index(fields=["year", "paid_on", "amount"], name="disbursement_year_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="disbursement_amount_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.paid_on}: {self.amount}"


# --- the ledger: sums kept with the history rows (steerco.budget.ledger) -------------

# Planned amounts of a BudgetTotal by month of the budget year `year`: column 0 holds the
# months before January of `year`, 1..24 January of `year` to December of the next
# year (figures.months_of_year's span), 25 the later ones (figures.planned_column).
PLANNED_COLUMNS = tuple(f"planned_{i:02d}" for i in range(26))


class BudgetTotal(models.Model):
    """The money of the tasks led by one unit in one directive from one source for one
    budget year, summed over every history row (the estimates in force: each task's
    latest): what the summary reads for an as-of day on or after `last_day`. Derived,
    kept in the transaction of each row written (steerco.budget.ledger)."""

    lead_unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    directive = models.ForeignKey(Directive, models.CASCADE, related_name="+")
    source = models.CharField(max_length=16, choices=FundingSource.choices)
    year = models.PositiveSmallIntegerField()
    estimated = models.BigIntegerField(default=0)
    allocated = models.BigIntegerField(default=0)
    disbursed = models.BigIntegerField(default=0)
    last_day = models.DateField(help_text="The latest day of a row counted here.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead_unit", "directive", "source", "year"], name="budget_total_key"
            ),
        ]
        indexes = [models.Index(fields=["year", "directive"], name="budget_total_year")]

    def __str__(self) -> str:
        return f"{self.lead_unit_id} {self.directive_id} {self.source} {self.year}"


for _column in PLANNED_COLUMNS:
    BudgetTotal.add_to_class(_column, models.BigIntegerField(default=0))


class BudgetMonth(models.Model):
    """The money of the tasks led by one unit for one budget year dated in one month
    (allocations by decision, disbursements by payment, planned amounts by their month):
    the monthly series of a subtree. Derived, as BudgetTotal."""

    lead_unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.DateField(help_text="The first day of the month.")
    allocated = models.BigIntegerField(default=0)
    disbursed = models.BigIntegerField(default=0)
    planned = models.BigIntegerField(default=0)
    last_day = models.DateField(help_text="The latest day of a row counted here.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lead_unit", "year", "month"], name="budget_month_key"),
        ]
        indexes = [
            # Covering the nation's series: a year's months read without the table.
            models.Index(
                fields=["year", "month", "allocated", "disbursed", "planned", "last_day"],
                name="budget_month_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_unit_id} {self.month:%Y-%m}"
