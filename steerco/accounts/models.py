"""One-time links: an invitation to a new account, or a password reset, handed to the
official by the manager who made it (no mail yet) — printed once, kept only as a hash.

A link is a random token (`secrets.token_urlsafe`, 256 bits); the table keeps its SHA-256,
so a copy of the database opens no account. It works once, until `expires_at`; issuing a
new link for an account, deactivating it, or using the link ends the account's other open
links. The rules are in `steerco/accounts/links.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkPurpose(models.TextChoices):
    INVITE = "invite", _("invitation")
    RESET = "reset", _("password reset")


class OneTimeLinkQuerySet(models.QuerySet["OneTimeLink"]):
    def open(self) -> OneTimeLinkQuerySet:
        """Neither used nor ended (expiry is checked against the clock by the caller)."""
        return self.filter(used_at__isnull=True, ended_at__isnull=True)


class OneTimeLink(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="one_time_links",
        verbose_name=_("account"),
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=LinkPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        help_text=_("empty when the system issued it (steerco users import)"),
    )
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    ended_at = models.DateTimeField(
        _("ended at"),
        null=True,
        blank=True,
        help_text=_("when a newer link or a deactivation ended it unused"),
    )

    objects = OneTimeLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("one-time link")
        verbose_name_plural = _("one-time links")
        indexes = [models.Index(fields=["user", "used_at", "ended_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="one_time_link_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.user}"
