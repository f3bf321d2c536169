"""Indicators (chỉ tiêu), their values per unit and calendar period, and targets.

An indicator is *entered* (units report it), a *ratio* of two other indicators (their
values aggregated first, then divided, times a factor) or a *formula* over other
indicators' codes (`formula.py`). Values are an append-only history: a correction is a
new version of the same unit × indicator × period, the latest version counts, and the
database refuses to rewrite a row (migration 0002). Periods are calendar periods written
as text (`2025`, `2025-H1`, `2025-Q3`, `2025-09`; `steerco.lib.calendar_periods`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Directive
from steerco.units.models import Unit

# Values: up to 18 digits before the decimal point and 6 after.


class IndicatorKind(models.TextChoices):
    ENTERED = "entered", _("entered")
    RATIO = "ratio", _("ratio")
    FORMULA = "formula", _("formula")


class ValueType(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("percent")
    AMOUNT = "amount", _("amount")
    YESNO = "yesno", _("yes/no")
    POINTS = "points", _("points")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Aggregation(models.TextChoices):
    SUM = "sum", _("sum")
    MEAN = "mean", _("mean")
    MIN = "min", _("minimum")
    MAX = "max", _("maximum")
    NONE = "none", _("not aggregated")


class PeriodTypeChoices(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF = "half", _("half-year")
    YEAR = "year", _("year")


class Rollup(models.TextChoices):
    SUM = "sum", _("sum (flows)")
    LAST = "last", _("last (stocks, cumulative figures)")
    MEAN = "mean", _("mean (rates)")


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    measure_unit = models.CharField(
        _("measure unit"), max_length=64, blank=True, help_text=_("e.g. %, tỷ đồng, triệu USD")
    )
    value_type = models.CharField(_("value type"), max_length=16, choices=ValueType.choices)
    min_value = models.DecimalField(
        _("smallest value"), null=True, blank=True, max_digits=24, decimal_places=6
    )
    max_value = models.DecimalField(
        _("largest value"), null=True, blank=True, max_digits=24, decimal_places=6
    )
    kind = models.CharField(_("kind"), max_length=16, choices=IndicatorKind.choices)
    numerator = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("numerator")
    )
    denominator = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("denominator"),
    )
    factor = models.DecimalField(_("factor"), default=Decimal(1), max_digits=24, decimal_places=6)
    numerator_at_most_denominator = models.BooleanField(
        _("numerator at most the denominator"), default=False
    )
    formula = models.TextField(_("formula"), blank=True)
    dependencies = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents"
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    aggregation = models.CharField(_("aggregation"), max_length=8, choices=Aggregation.choices)
    period_type = models.CharField(
        _("period type"), max_length=8, choices=PeriodTypeChoices.choices
    )
    rollup = models.CharField(_("roll-up over time"), max_length=8, choices=Rollup.choices)
    cumulative = models.BooleanField(_("cumulative to date"), default=False)
    levels = models.JSONField(
        _("reporting levels"), default=list, blank=True, help_text=_("unit kinds that report it")
    )
    directive = models.ForeignKey(
        Directive,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("directive"),
    )
    field = models.CharField(_("field"), max_length=64, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="ratio") | Q(numerator__isnull=False, denominator__isnull=False),
                name="indicator_ratio_has_parts",
            ),
            models.CheckConstraint(
                condition=~Q(kind="formula") | ~Q(formula=""), name="indicator_formula_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_vi}"


class ValueSource(models.TextChoices):
    ENTERED = "entered", _("entered")
    IMPORTED = "imported", _("imported")
    COMPUTED = "computed", _("computed")
    PUBLISHED = "published", _("published")


class IndicatorValue(models.Model):
    """One version of a unit's value of an indicator for a period (append-only)."""

    # The database refuses UPDATE and DELETE (indicators 0006); `audit verify` checks the
    # triggers are there and a migrate puts them back after a SQLite table rebuild.
    append_only = "indicator values are append-only: record a new version instead"

    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    period = models.CharField(_("period"), max_length=8)
    version = models.PositiveIntegerField(_("version"))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    source = models.CharField(_("source"), max_length=16, choices=ValueSource.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["indicator_id", "unit_id", "period", "version"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "version"], name="indicator_value_version"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="indicator_value_version_1"),
        ]
        indexes = [
            models.Index(fields=["indicator", "period", "unit"], name="indicator_value_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period} v{self.version}: {self.value}"


class ValueSummary(models.Model):
    """The latest values of one indicator for one period entered by the children of one
    unit that are of one kind: how many, their sum, the smallest and the largest.

    Derived data, kept by the services in the transaction of each write
    (`aggregation_sql.summaries_refresh`): a peer set's aggregate reads one row per peer,
    indicator, period and kind instead of every child's history."""

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    parent = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    count = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=30, decimal_places=6)
    smallest = models.DecimalField(max_digits=24, decimal_places=6)
    largest = models.DecimalField(max_digits=24, decimal_places=6)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "parent", "kind"], name="value_summary_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} under {self.parent_id} ({self.kind})"


class Trajectory(models.TextChoices):
    LINEAR = "linear", _("linear")
    STEP = "step", _("step")


class Target(models.Model):
    """A unit's target for an indicator at the end of a period, from an optional baseline."""

    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    period = models.CharField(_("period"), max_length=8)
    target = models.DecimalField(_("target"), max_digits=24, decimal_places=6)
    baseline = models.DecimalField(
        _("baseline"), null=True, blank=True, max_digits=24, decimal_places=6
    )
    baseline_period = models.CharField(_("baseline period"), max_length=8, blank=True)
    trajectory = models.CharField(
        _("trajectory"), max_length=8, choices=Trajectory.choices, default=Trajectory.LINEAR
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["indicator_id", "unit_id", "period"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period"], name="target_unique"),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True, baseline_period="")
                | (Q(baseline__isnull=False) & ~Q(baseline_period="")),
                name="target_baseline_with_period",
            ),
            # a ratio term: `validation.target_problem` says why, where a target is entered
            models.CheckConstraint(
                condition=Q(target__gt=0),
                name="target_positive",
                violation_error_message=_("A target must be more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period}: {self.target}"


# The composite indices' models live in their own package, in this app.
from .indices.models import (  # noqa: E402, F401
    Index,
    IndexResult,
    IndexVersion,
    MissingRule,
    Normalisation,
    Pillar,
    PillarIndicator,
    ResultSource,
)
