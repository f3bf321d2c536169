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

from datetime import date
from typing import Any

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


# The attnames a history row's hash covers: every column but the key and the hashes.
CHAINED_UPDATE_FIELDS = tuple(
    f"{name}_id" if name in ("task", "unit", "author") else name for name in HISTORY_ROW_FIELDS
)


def chain_fields() -> tuple[models.CharField, models.CharField]:
    """`previous_hash` and `row_hash` of a chained history row (steerco.lib.hashchain)."""
    return (
        models.CharField(_("previous hash"), max_length=64, editable=False),
        models.CharField(_("hash"), max_length=64, editable=False),
    )


class ProgressUpdate(models.Model):
    append_only = "progress history is append-only: add a new update instead"
    # The hash chain (steerco.lib.hashchain): one per task, in the order of the pk.
    chain_key = "task_id"
    chained_fields = CHAINED_UPDATE_FIELDS

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
    previous_hash, row_hash = chain_fields()

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
    chain_key = "update_id"  # one chain per update: its files, in the order attached
    chained_fields = ("update_id", "file", "name", "size", "content_type", "sha256")

    update = models.ForeignKey(ProgressUpdate, models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=500)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    # The stored file's SHA-256 (hex): the chain covers the file's content too, and
    # `steerco audit verify` compares the file on disk with it.
    sha256 = models.CharField(max_length=64, editable=False)
    previous_hash, row_hash = chain_fields()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ExtensionQuerySet(models.QuerySet["Extension"]):
    def approved(self) -> ExtensionQuerySet:
        """The approved requests (with their decision)."""
        return self.filter(decision__status=ExtensionStatus.APPROVED).select_related("decision")

    def with_status(self, status: str) -> ExtensionQuerySet:
        """The requests whose derived status is `status` (requested: no decision yet)."""
        if status == ExtensionStatus.REQUESTED:
            return self.filter(decision__isnull=True)
        return self.filter(decision__status=status)


class Extension(models.Model):
    """A request to move a task's deadline; only an approved one moves it. The request is
    never changed: its decision is a row of its own (`ExtensionDecision`), and its status
    is derived from it (requested while there is none)."""

    append_only = "an extension request is never changed: decide it with a decision row"
    chain_key = "task_id"
    chained_fields = (
        "task_id",
        "requested_on",
        "requested_by_id",
        "previous_due_on",
        "new_due_on",
        "reason",
    )

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
    previous_hash, row_hash = chain_fields()

    objects = ExtensionQuerySet.as_manager()

    class Meta:
        ordering = ["task_id", "requested_on", "id"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self) -> str:
        return f"{self.task_id} → {self.new_due_on} ({self.status})"

    @property
    def decision_row(self) -> ExtensionDecision | None:
        """The decision, or None while the request waits (read it with
        select_related("decision") on a list)."""
        try:
            return self.decision
        except ExtensionDecision.DoesNotExist:
            return None

    @property
    def status(self) -> str:
        decision = self.decision_row
        return decision.status if decision else ExtensionStatus.REQUESTED

    def get_status_display(self) -> str:
        return str(ExtensionStatus(self.status).label)

    @property
    def decided_on(self) -> date | None:
        decision = self.decision_row
        return decision.decided_on if decision else None

    @property
    def decided_by(self) -> Any:
        decision = self.decision_row
        return decision.decided_by if decision else None

    @property
    def decision_note(self) -> str:
        decision = self.decision_row
        return decision.note if decision else ""


class ExtensionDecision(models.Model):
    """The assigning unit's decision on an extension request: a row of the task's history,
    written once."""

    append_only = "an extension's decision is final: it is never changed"
    chain_key = "task_id"
    chained_fields = (
        "extension_id",
        "task_id",
        "status",
        "decided_on",
        "decided_by_id",
        "note",
        "recorded_at",
    )

    extension = models.OneToOneField(
        Extension, models.PROTECT, related_name="decision", verbose_name=_("extension")
    )
    # The extension's task, so that a task's decisions form one chain and are found by it.
    task = models.ForeignKey(Task, models.PROTECT, related_name="+", verbose_name=_("task"))
    status = models.CharField(_("decision"), max_length=16, choices=ExtensionStatus.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("decision note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    previous_hash, row_hash = chain_fields()

    class Meta:
        ordering = ["task_id", "decided_on", "id"]
        verbose_name = _("extension decision")
        verbose_name_plural = _("extension decisions")
        indexes = [
            models.Index(fields=["task", "status", "decided_on"], name="extension_decision_task")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["approved", "rejected"]), name="extension_decision_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.extension_id} {self.status} {self.decided_on}"
