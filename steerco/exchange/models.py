"""What a sync remembers of each remote (issue 19): the watermark of its pulls and pushes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncDirection(models.TextChoices):
    PULL = "pull", _("pull")
    PUSH = "push", _("push")


class SyncState(models.Model):
    """One remote instance, one direction, one unit: `cursor` is the day from which the
    history still has to travel (None: all of it). It moves only once every batch of a
    run was acknowledged by the receiver, to the day that run started on; a run cut short
    leaves it where it was, and the next run sends again what the receiver then skips as
    already there (history rows are known by their global ids)."""

    remote = models.CharField(_("remote"), max_length=500)
    direction = models.CharField(_("direction"), max_length=8, choices=SyncDirection.choices)
    unit = models.CharField(_("unit code"), max_length=64)
    cursor = models.DateField(_("history from"), null=True, blank=True)
    last_ok_at = models.DateTimeField(_("last successful run"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("sync state")
        verbose_name_plural = _("sync states")
        constraints = [
            models.UniqueConstraint(
                fields=["remote", "direction", "unit"], name="exchange_sync_state_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.remote} ({self.unit})"
