"""The audit trail: who changed what, when, from which value to which, in a write-once
table.

Every change to a directive, a task's definition, an account, a role, a two-factor device
or a user's preference is one `AuditEvent` (recorded by the model signals of
`capture.py`, in the same transaction as the change). The database refuses UPDATE and
DELETE on the table (`steerco.lib.append_only`), and each day's events form a hash chain
(`steerco.lib.hashchain`; `chain.py`), so a row changed or removed afterwards is found by
`steerco audit verify`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    DELETED = "deleted", _("deleted")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    PLAN_IMPORTED = "plan_imported", _("plan imported")
    BULK_LOADED = "bulk_loaded", _("loaded in bulk")
    # An official's scorecard was opened (page, command line or download): personal data
    # read, logged under Decree 13/2023.
    PERSONAL_DATA_VIEWED = "personal_data_viewed", _("personal data viewed")


class AuditSource(models.TextChoices):
    WEB = "web", _("web page")
    ADMIN = "admin", _("admin site")
    CLI = "cli", _("command line")
    IMPORT = "import", _("import")
    SYSTEM = "system", _("system")


class AuditEvent(models.Model):
    append_only = "audit events are write-once"
    # The hash chain (steerco.lib.hashchain): one chain per day, in the order of the pk.
    chain_key = "day"
    chained_fields = (
        "at",
        "day",
        "actor_id",
        "actor_name",
        "source",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "changes",
    )

    at = models.DateTimeField(_("at"))
    day = models.DateField(_("day"), help_text=_("the event's date in the project's time zone"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,  # an account that acted is deactivated, never deleted
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("empty when the system acted"),
    )
    actor_name = models.CharField(_("by (name)"), max_length=300, blank=True)
    source = models.CharField(_("through"), max_length=16, choices=AuditSource.choices)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(
        _("object type"), max_length=100, help_text=_("app_label.model, e.g. directives.task")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_label = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(
        _("changes"),
        default=dict,
        blank=True,
        help_text=_("{field: [old, new]}; foreign keys as {id, label}; never a password"),
    )
    previous_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["day", "id"]),
            models.Index(fields=["object_type", "object_id", "id"]),
            models.Index(fields=["actor", "id"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '—'} {self.action} {self.object_label}"
        )
