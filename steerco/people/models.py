"""Officials: the people a task names as responsible (the first of the "5 clear").

A person is a record, not a text: name, position, unit, optionally the user account
they sign in with, and the dates they held the post. Only what the evaluation of
officials needs is kept (Decree 13/2023 on personal data): no date of birth, no
identity number, no address. Who was responsible for a task when is the task's
responsibility history (steerco.directives.models.Responsibility).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from steerco.lib.vietnamese import fold
from steerco.units.models import Unit


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=255)
    position = models.CharField(
        _("position"), max_length=255, blank=True, help_text=_("e.g. Giám đốc Sở, Chủ tịch UBND xã")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="people", verbose_name=_("unit"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    active_from = models.DateField(_("in post from"), null=True, blank=True)
    active_until = models.DateField(_("in post until"), null=True, blank=True)
    # The name folded (lib.vietnamese.fold): "Nguyễn Văn Đức" -> "nguyen van duc", so that a
    # plan's person cell matches without diacritics. Kept by save() and the importers.
    name_folded = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "full_name", "id"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        indexes = [models.Index(fields=["unit", "name_folded"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="person_active_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.position}" if self.position else self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = folded_name(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    def active_on(self, day: date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day <= self.active_until
        )


def folded_name(name: str) -> str:
    """A name as matched: folded, single spaces ("  Nguyễn  Văn Đức" -> "nguyen van duc")."""
    return " ".join(fold(name).split())
