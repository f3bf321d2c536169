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


class SnapshotRow(models.Model):
    """Counts by class, frozen when a period closes, for one (lead unit, directive, field)."""

    period = models.ForeignKey(ReportingPeriod, models.CASCADE, related_name="rows")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    directive = models.ForeignKey(Directive, models.PROTECT, related_name="+")
    field = models.CharField(max_length=64, blank=True)
    done_on_time = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    regular = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    completed_without_evidence = models.PositiveIntegerField(default=0)

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
