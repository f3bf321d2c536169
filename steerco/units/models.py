"""The organisation tree (units) and who holds which role on it (memberships).

A unit's subtree is every unit whose materialised `path` starts with its own.
Paths are fixed-width decimal segments (one per level), so a subtree is the
range [path, next_sibling_path) — one indexed condition on SQLite and PostgreSQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SEGMENT = 4  # digits per level: up to 9,999 children under one parent


def path_upper_bound(path: str) -> str:
    """The smallest path that sorts after every path in `path`'s subtree."""
    return str(int(path) + 1).zfill(len(path))


class UnitKind(models.TextChoices):
    CENTRAL = "central", _("central body")
    MINISTRY = "ministry", _("ministry")
    PROVINCE = "province", _("province")
    DEPARTMENT = "department", _("department or agency")
    COMMUNE = "commune", _("commune or ward")
    OTHER = "other", _("other body")
    FORMER_PROVINCE = "former_province", _("former province")
    COMMITTEE = "committee", _("steering committee")


#: The kind a former unit reported as while it existed (an indicator's reporting levels).
REPORTED_AS = {"former_province": "province"}


class UnitQuerySet(models.QuerySet["Unit"]):
    def in_subtree(self, unit: Unit) -> UnitQuerySet:
        """`unit` and everything under it."""
        return self.filter(path__gte=unit.path, path__lt=path_upper_bound(unit.path))

    def children_of(self, unit: Unit) -> UnitQuerySet:
        return self.filter(parent=unit)

    def provinces(self) -> UnitQuerySet:
        return self.filter(kind=UnitKind.PROVINCE)

    def current(self) -> UnitQuerySet:
        """Units that have not ended (former provinces left out)."""
        return self.filter(ended_on__isnull=True)


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    short_name = models.CharField(
        _("abbreviation"), max_length=64, blank=True, help_text=_("e.g. SKHCN, UBND")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    subkind = models.CharField(
        _("sub-kind"), max_length=32, blank=True, help_text=_("e.g. xã, phường, đặc khu")
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("the last day the unit existed (a province merged on 1 July 2025: 30/6/2025)"),
    )
    successor = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
        help_text=_("the unit that took over this one when it ended"),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["kind", "path"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(depth__gte=1), name="unit_depth_positive"),
            models.CheckConstraint(
                condition=models.Q(successor__isnull=True) | models.Q(ended_on__isnull=False),
                name="unit_successor_after_end",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def upper_path(self) -> str:
        return path_upper_bound(self.path)

    @property
    def reports_as(self) -> str:
        """The kind whose indicators the unit reports (a former province: a province's)."""
        return REPORTED_AS.get(self.kind, self.kind)

    def contains(self, other: Unit) -> bool:
        """Whether `other` is this unit or lies under it."""
        return other.path.startswith(self.path)

    def ancestors(self) -> UnitQuerySet:
        prefixes = [self.path[: i * SEGMENT] for i in range(1, self.depth)]
        return Unit.objects.filter(path__in=prefixes).order_by("path")


class Role(models.TextChoices):
    VIEWER = "viewer", _("viewer")
    REPORTER = "reporter", _("reporter")
    MANAGER = "manager", _("manager")
    ADMIN = "admin", _("administrator")


ROLE_LEVEL = {Role.VIEWER: 1, Role.REPORTER: 2, Role.MANAGER: 3, Role.ADMIN: 4}


class Membership(models.Model):
    """A user's role on a unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        Unit, models.CASCADE, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
