"""Progress history: append-only updates, acceptance decisions, extensions, cancellation.

Every row of `ProgressUpdate` is a fact about a task on the date it speaks for
(`reported_on`). Acceptance decisions and cancellations are rows of the same
history (`kind`), so "the state of the task as of D" is the last row on or before
D. Each row also carries two values derived when it is written, from the row
before it: `completed_on` (when the current run of "completed" began) and
`counted_completed_on` (the date the completion counts from: the completion date,
or the acceptance date where the task requires acceptance or the completion was
recorded late, `needs_acceptance`; null while it does not count). These let the database classify a task as of any date with one lookup.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steerco.directives.models import Task, TaskState
from steerco.units.models import Unit


class UpdateKind(models.TextChoices):
    REPORT = "report", _("progress report")
    ACCEPTED = "accepted", _("completion accepted")
    RETURNED = "returned", _("completion returned")
    CANCELLED = "cancelled", _("task cancelled")


# A history row's fields in the order the bulk loaders (demo, bench generator) fill them.
HISTORY_ROW_FIELDS = (
    "task",
    "kind",
    "reported_on",
    "state",
    "percent",
    "done",
    "obstacles",
    "proposals",
    "product_symbol",
    "product_date",
    "links",
    "note",
    "unit",
    "author",
    "recorded_at",
    "idempotency_key",
    "backdated_by_manager",
    "needs_acceptance",
    "completed_on",
    "accepted_on",
    "counted_completed_on",
)


class ProgressUpdate(models.Model):
    append_only = "progress history is append-only: add a new update instead"

    task = models.ForeignKey(Task, models.PROTECT, related_name="updates", verbose_name=_("task"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=UpdateKind.choices, default=UpdateKind.REPORT
    )
    reported_on = models.DateField(_("as of"), help_text=_("The date this update speaks for."))
    state = models.CharField(_("state"), max_length=16, choices=TaskState.choices)
    percent = models.PositiveSmallIntegerField(_("percent"), default=0)
    done = models.TextField(_("what was done"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    product_symbol = models.CharField(_("product document symbol"), max_length=128, blank=True)
    product_date = models.DateField(_("product date"), null=True, blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))
    note = models.TextField(
        _("note"), blank=True, help_text=_("Reason for a return or cancellation.")
    )
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporting unit"),
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
    idempotency_key = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    # Marks written with the row (see services._check_date and classification).
    backdated_by_manager = models.BooleanField(
        _("dated back by a manager"),
        default=False,
        db_default=False,
        editable=False,
        help_text=_(
            "The update speaks for a date further back than reporters may use; a manager of "
            "the task recorded it."
        ),
    )
    needs_acceptance = models.BooleanField(
        _("counts once accepted"),
        default=False,
        db_default=False,
        editable=False,
        help_text=_(
            "A completion recorded long after the date it speaks for: it counts only once a "
            "manager accepts it."
        ),
    )

    # Derived at write time from the previous row (see module docstring).
    completed_on = models.DateField(null=True, blank=True, editable=False)
    accepted_on = models.DateField(null=True, blank=True, editable=False)
    counted_completed_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["task_id", "reported_on", "id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [
            models.Index(fields=["task", "reported_on", "id"], name="update_task_asof"),
            models.Index(fields=["recorded_at"], name="update_recorded"),
            # Reporting timeliness, where a task's marks cannot tell: did the task get a
            # report recorded within a window? (Reports only: the probe reads no row.)
            models.Index(
                fields=["task", "recorded_at"],
                condition=Q(kind="report"),
                name="update_task_report_recorded",
            ),
            # Completed without evidence: the rows that carry a product or a link, per task.
            models.Index(
                fields=["task", "reported_on"],
                condition=~Q(product_symbol="") | ~Q(links=""),
                name="update_task_evidence",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="update_percent_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.reported_on} {self.state}"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    return f"evidence/{instance.update.task_id}/{instance.update_id}/{filename}"


class EvidenceFile(models.Model):
    append_only = "evidence is part of the progress history: attach it to a new update instead"

    update = models.ForeignKey(ProgressUpdate, models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=500)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Extension(models.Model):
    """A request to move a task's deadline; only an approved one moves it."""

    task = models.ForeignKey(
        Task, models.PROTECT, related_name="extensions", verbose_name=_("task")
    )
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous_due_on = models.DateField(_("deadline before"), null=True, blank=True)
    new_due_on = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.REQUESTED,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["task_id", "requested_on", "id"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        indexes = [
            models.Index(fields=["task", "status", "decided_on"], name="extension_task_decided")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="requested") | Q(decided_on__isnull=False),
                name="extension_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.new_due_on} ({self.status})"
