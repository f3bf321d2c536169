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


class TokenScope(models.TextChoices):
    """What a personal access token may be used for (never more than its user's roles)."""

    READ = "read", _("read (every GET)")
    REPORT = "report", _("report (progress updates, sheet uploads)")
    MANAGE = "manage", _("manage (acceptance, extensions, directives and tasks)")


class AccessToken(models.Model):
    """A personal access token for the API: `stc_<prefix>_<secret>`, shown once when it is
    created. The table keeps the public `prefix` (to find the row and to name the token in
    lists and logs) and the SHA-256 of the secret, never the secret itself, so a copy of the
    database opens no API. The rules are in `steerco/accounts/tokens.py`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(
        _("scopes"), default=list, help_text=_("a subset of read, report, manage")
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        constraints = [
            # A name tells the user's tokens in use apart (`steerco token revoke NAME`); a
            # revoked token's name may be given again.
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="access_token_name_unique_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="access_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}) — {self.user}"
