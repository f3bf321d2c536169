"""Reporting periods and the snapshots that freeze what a closed period reported."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Directive
from steerco.units.models import Unit


class ReportingPeriod(models.Model):
    kind = models.CharField(_("kind"), max_length=16)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("data cut-off date"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The history's hash chain heads at the close (scoring/chain_heads.py): what proves
    # later that the history the figures were counted from is still the same.
    chain_heads = models.JSONField(_("chain heads"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-ends_on", "kind"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "number"], name="period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.kind}-{self.number} ({self.starts_on}–{self.ends_on})"


class SnapshotCounts(models.Model):
    """A closed period's counts by class (and its completions without evidence)."""

    done_on_time = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    regular = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    completed_without_evidence = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class SnapshotRow(SnapshotCounts):
    """Counts by class, frozen when a period closes, for one (lead unit, directive, field)."""

    period = models.ForeignKey(ReportingPeriod, models.CASCADE, related_name="rows")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    directive = models.ForeignKey(Directive, models.PROTECT, related_name="+")
    field = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("snapshot row")
        verbose_name_plural = _("snapshot rows")
        indexes = [
            # A subtree's figures for some periods (a dashboard's trend): probed per unit
            # of the subtree; on PostgreSQL without reading the table.
            models.Index(
                fields=["unit", "period"],
                include=[
                    "directive",
                    "field",
                    "done_on_time",
                    "done_late",
                    "on_track",
                    "overdue",
                    "regular",
                    "cancelled",
                ],
                name="snapshot_unit_period",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "directive", "field"], name="snapshot_row_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.unit_id} {self.directive_id}"


class SnapshotUnitRow(SnapshotCounts):
    """A closed period's counts per lead unit alone (its snapshot rows summed over
    directives and fields), written with them: what a count of every directive and field
    at the period's cut-off (a ranking's previous period, an overview's trend) sums."""

    period = models.ForeignKey(ReportingPeriod, models.CASCADE, related_name="unit_rows")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("snapshot unit row")
        verbose_name_plural = _("snapshot unit rows")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="snapshot_unit_row_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.unit_id}"


class ClassSummary(models.Model):
    """The present's counts (issue 20): how many tasks led by a unit, under a directive and
    in a field, were in a class and a reporting status as of the summaries' day
    (`SummaryDay`). The rows, less the `CountedTask`s of the tasks still pending, plus those
    tasks classified afresh, are every task's classification (`steerco.scoring.summaries`).
    A unit, a subtree or a ranking sums these rows instead of classifying tasks."""

    unit = models.ForeignKey(Unit, models.DO_NOTHING, db_constraint=False, related_name="+")
    directive = models.ForeignKey(
        Directive, models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    field = models.CharField(max_length=64, blank=True)
    task_class = models.CharField(max_length=16)
    # The reporting status in the last month closed by the day ("on_time", "late",
    # "missing"), "" where nothing was expected of the task.
    status = models.CharField(max_length=8, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("class summary")
        verbose_name_plural = _("class summaries")
        indexes = [
            # A subtree's rows are read by probing an index per unit of the subtree; on
            # PostgreSQL this one answers without reading the table (`n` carried in it).
            # SQLite has no included columns (the unique index serves it).
            models.Index(
                fields=["unit", "directive", "field", "task_class", "status"],
                include=["n"],
                name="class_summary_cover",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "directive", "field", "task_class", "status"],
                name="class_summary_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.directive_id} {self.task_class} {self.status}: {self.n}"


class UnitSummary(models.Model):
    """The same counts per lead unit alone, one row a unit: what a count of every
    directive and field (a ranking, an overview's totals) sums — a few thousand rows for a
    nation, whatever its number of tasks. The classes and the reporting statuses are
    counted apart, as a scorecard shows them."""

    unit = models.OneToOneField(
        Unit, models.DO_NOTHING, db_constraint=False, related_name="+", primary_key=True
    )
    done_on_time = models.IntegerField(default=0)
    done_late = models.IntegerField(default=0)
    on_track = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    regular = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)
    reported_on_time = models.IntegerField(default=0)
    reported_late = models.IntegerField(default=0)
    report_missing = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("unit summary")
        verbose_name_plural = _("unit summaries")

    def __str__(self) -> str:
        return f"{self.unit_id}"


class CountedTask(models.Model):
    """Where a task is counted in the summaries: its key there as of the summaries' day.
    Plain columns, no foreign keys: a deleted task's row is what takes it out again."""

    task_id = models.BigIntegerField(primary_key=True)
    unit_id = models.BigIntegerField()
    directive_id = models.BigIntegerField()
    field = models.CharField(max_length=64, blank=True)
    task_class = models.CharField(max_length=16)
    status = models.CharField(max_length=8, blank=True)

    class Meta:
        verbose_name = _("counted task")
        verbose_name_plural = _("counted tasks")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.task_class}"


class PendingTask(models.Model):
    """A task changed (inserted, updated, deleted) since the summaries last counted it:
    written by a database trigger on the task table, in the transaction of the change, so
    no writer can forget it. `mark` grows with each change: folding a task into the
    summaries removes its row only if nothing changed it meanwhile."""

    task_id = models.BigIntegerField(primary_key=True)
    mark = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")

    def __str__(self) -> str:
        return f"{self.task_id} ({self.mark})"


class PendingSeen(models.Model):
    """The pending tasks (and their marks) a fold of the summaries is folding: a working
    table of the one fold that runs at a time."""

    task_id = models.BigIntegerField(primary_key=True)
    mark = models.BigIntegerField()

    class Meta:
        verbose_name = _("pending task seen")
        verbose_name_plural = _("pending tasks seen")

    def __str__(self) -> str:
        return f"{self.task_id} ({self.mark})"


class SummaryDay(models.Model):
    """One row: the day the summaries classify as of (None: to be built)."""

    day = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("summaries' day")
        verbose_name_plural = _("summaries' day")

    def __str__(self) -> str:
        return str(self.day)
