"""Composite indices (the DTI, the Decision 766 service index): methods and results.

An `Index` has versions (`IndexVersion`: valid from a calendar period, a missing-value
rule), each with its pillars (`Pillar`) and the indicators inside them
(`PillarIndicator`: a weight and a normalisation). A period is computed with the
version in force (the latest `valid_from` not after it). An `IndexResult` is one unit's
score for a period, computed or published, and keeps the version it belongs to: a
version with results is never rewritten (a changed method is a new version).

Imported by `steerco/indicators/models.py`, so the models belong to the `indicators` app.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steerco.units.models import Unit

from ..models import Indicator


class MissingRule(models.TextChoices):
    ZERO = "zero", _("a missing score counts as 0")
    REWEIGHT = "reweight", _("a pillar averages the scores present")


class Normalisation(models.TextChoices):
    MINMAX = "minmax", _("min-max among peers")
    MAX = "max", _("share of the best peer")
    TARGET = "target", _("share of target")
    POINTS = "points", _("points by thresholds")
    RAW = "raw", _("already a score")


class ResultSource(models.TextChoices):
    COMPUTED = "computed", _("computed")
    PUBLISHED = "published", _("published")


class Index(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("composite index")
        verbose_name_plural = _("composite indices")

    def __str__(self) -> str:
        return self.code


class IndexVersion(models.Model):
    index = models.ForeignKey(
        Index, models.CASCADE, related_name="versions", verbose_name=_("index")
    )
    version = models.CharField(_("version"), max_length=32)
    valid_from = models.CharField(_("valid from"), max_length=8)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    missing = models.CharField(_("missing values"), max_length=8, choices=MissingRule.choices)
    defined_at = models.DateTimeField(_("defined at"), default=timezone.now)

    class Meta:
        ordering = ["index_id", "valid_from", "pk"]
        verbose_name = _("index version")
        verbose_name_plural = _("index versions")
        constraints = [
            models.UniqueConstraint(fields=["index", "version"], name="index_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.index_id} v{self.version}"


class Pillar(models.Model):
    version = models.ForeignKey(
        IndexVersion, models.CASCADE, related_name="pillars", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("code"), max_length=32)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=12, decimal_places=4)

    class Meta:
        ordering = ["version_id", "position"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="pillar_code_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="pillar_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.code}"


class PillarIndicator(models.Model):
    pillar = models.ForeignKey(
        Pillar, models.CASCADE, related_name="parts", verbose_name=_("pillar")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    weight = models.DecimalField(_("weight"), max_digits=12, decimal_places=4)
    normalise = models.CharField(_("normalisation"), max_length=8, choices=Normalisation.choices)
    thresholds = models.JSONField(_("thresholds"), default=list, blank=True)

    class Meta:
        ordering = ["pillar_id", "position"]
        verbose_name = _("pillar indicator")
        verbose_name_plural = _("pillar indicators")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="pillar_indicator_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.pillar} {self.indicator_id}"


class IndexResult(models.Model):
    """One unit's score on an index for a period, computed or published, with the
    version it was computed with (or published under) and its pillars' scores."""

    version = models.ForeignKey(
        IndexVersion, models.PROTECT, related_name="results", verbose_name=_("version")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    period = models.CharField(_("period"), max_length=8)
    source = models.CharField(_("source"), max_length=16, choices=ResultSource.choices)
    score = models.DecimalField(_("score"), max_digits=12, decimal_places=4)
    pillars = models.JSONField(_("pillar scores"), default=dict, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["version_id", "period", "unit_id", "source"]
        verbose_name = _("index result")
        verbose_name_plural = _("index results")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "unit", "period", "source"], name="index_result_unique"
            ),
        ]
        indexes = [models.Index(fields=["period", "unit"], name="index_result_period")]

    def __str__(self) -> str:
        return f"{self.version} {self.unit_id} {self.period} {self.source}: {self.score}"
