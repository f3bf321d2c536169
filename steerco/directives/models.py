"""Directives (documents that create tasks) and their tasks.

A task's *current* state fields (`state`, `percent`, `completed_on`, `accepted_on`,
`due_on`, `cancelled_on`) are a cache kept by the progress services in the same
transaction as the history row that changes them; the history is the truth.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from steerco.lib.vietnamese import fold
from steerco.people.models import Person
from steerco.units.models import Unit, path_upper_bound


class DirectiveKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    CONCLUSION = "conclusion", _("conclusion")
    PLAN = "plan", _("plan")
    PROGRAMME = "programme", _("programme of action")
    NOTICE = "notice", _("concluding notice")
    DECISION = "decision", _("decision")
    DIRECTIVE = "directive", _("directive")
    OTHER = "other", _("other document")


def global_id_field() -> models.UUIDField:
    """The identifier a directive or task keeps on every steerco instance it travels to
    (the exchange document, steerco.exchange): assigned once at creation, never edited."""
    return models.UUIDField(_("global identifier"), unique=True, default=uuid.uuid4, editable=False)


class Directive(models.Model):
    global_id = global_id_field()
    symbol = models.CharField(_("number and symbol"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DirectiveKind.choices)
    issuer = models.ForeignKey(
        Unit, models.PROTECT, related_name="issued_directives", verbose_name=_("issuing body")
    )
    issued_on = models.DateField(_("date issued"))
    title = models.TextField(_("title"))
    implements = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="implementations",
        verbose_name=_("implements"),
    )
    requires_acceptance = models.BooleanField(
        _("completion requires acceptance"),
        default=False,
        help_text=_("A completion counts only once the assigning unit accepts it."),
    )
    # The directive's own document (its signed text), checked as evidence uploads are
    # (web/uploads.py) and served only to those who may open the directive.
    document = models.FileField(
        _("document"), upload_to="directives/%Y/%m/", max_length=500, blank=True
    )
    document_name = models.CharField(max_length=255, blank=True)
    document_content_type = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "symbol"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self) -> str:
        return self.symbol


class Cadence(models.TextChoices):
    MONTH = "month", _("monthly")
    QUARTER = "quarter", _("quarterly")
    HALF_YEAR = "half_year", _("every six months")
    YEAR = "year", _("yearly")


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")


class TaskQuerySet(models.QuerySet["Task"]):
    def in_subtree(self, unit: Unit) -> TaskQuerySet:
        """Tasks led by `unit` or any unit under it."""
        return self.filter(
            lead_unit__path__gte=unit.path, lead_unit__path__lt=path_upper_bound(unit.path)
        )

    def touching_subtree(self, unit: Unit) -> TaskQuerySet:
        """Tasks led or coordinated by `unit` or any unit under it."""
        upper = path_upper_bound(unit.path)
        return self.filter(
            Q(lead_unit__path__gte=unit.path, lead_unit__path__lt=upper)
            | Q(coordinating_units__path__gte=unit.path, coordinating_units__path__lt=upper)
        ).distinct()

    def not_five_clear(self) -> TaskQuerySet:
        return self.filter(five_clear=False)


# The task's cache of its history, in one place: the progress services keep these in
# step with every history row; the bench generator writes them in this order.
TASK_CACHE_FIELDS = (
    "due_on",
    "state",
    "percent",
    "completed_on",
    "accepted_on",
    "cancelled_on",
    "last_reported_on",
    "counted_completed_on",
    "due_changed_on",
    "reopened_on",
    "last_report_at",
    "report_window_start",
    "report_before_window_at",
)


class Task(models.Model):
    global_id = global_id_field()
    directive = models.ForeignKey(
        Directive, models.PROTECT, related_name="tasks", verbose_name=_("directive")
    )
    reference = models.CharField(
        _("reference"), max_length=64, blank=True, help_text=_("e.g. II.3")
    )
    content = models.TextField(_("task"))
    lead_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="led_tasks", verbose_name=_("lead unit")
    )
    coordinating_units = models.ManyToManyField(
        Unit, blank=True, related_name="coordinated_tasks", verbose_name=_("coordinating units")
    )
    external_partners = models.TextField(
        _("external partners"),
        blank=True,
        help_text=_("Coordinating bodies outside the tree, one per line."),
    )
    assigned_by = models.ForeignKey(
        Unit,
        models.PROTECT,
        related_name="assigned_tasks",
        verbose_name=_("assigning unit"),
        help_text=_("Accepts completions and approves extensions."),
    )
    # The responsible person as written: the linked official's name, or where the plan
    # names a role ("Giám đốc Sở") rather than a person, that text. `responsible` and
    # `deputy` are the officials (steerco.people) — a cache of the latest row of the
    # task's responsibility history (`Responsibility`), kept by the services.
    responsible_person = models.CharField(_("responsible person"), max_length=255, blank=True)
    responsible = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible official"),
    )
    deputy = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_for",
        verbose_name=_("deputy"),
    )
    deadline_text = models.CharField(_("deadline as written"), max_length=255, blank=True)
    original_due_on = models.DateField(_("original deadline"), null=True, blank=True)
    recurring = models.BooleanField(_("recurring"), default=False)
    cadence = models.CharField(_("cadence"), max_length=16, choices=Cadence.choices, blank=True)
    expected_product = models.TextField(_("expected product"), blank=True)
    field = models.CharField(_("field"), max_length=64, blank=True)
    authority = models.CharField(
        _("authority"),
        max_length=255,
        blank=True,
        help_text=_("The sixth clear of Conclusion 226-KL/TW."),
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="subtasks",
        verbose_name=_("parent task"),
    )
    five_clear = models.BooleanField(_("five clear"), default=False, editable=False)
    # The reference, content, responsible person and product folded (lib.vietnamese.fold:
    # lower case, no diacritics, đ -> d), so that the task list's search "cap quang" finds
    # "cáp quang" with one LIKE on every database. Kept by save(), by the services' bulk
    # create (task_build) and by the bulk loaders (demo, bench): `task_search_text`.
    search_text = models.TextField(editable=False, blank=True, default="")
    assigned_on = models.DateField(_("assigned on"))
    created_at = models.DateTimeField(auto_now_add=True)

    # Cache of the history, kept by steerco.progress.services.
    due_on = models.DateField(_("deadline in force"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=TaskState.choices, default=TaskState.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("percent"), default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    last_reported_on = models.DateField(_("last reported on"), null=True, blank=True)
    # The date the current completion counts from (None: not completed, or awaiting
    # acceptance) and the decision date of the extension that set `due_on` (None: no
    # extension approved): with `last_reported_on`, they let the task classify itself.
    counted_completed_on = models.DateField(null=True, blank=True, editable=False)
    due_changed_on = models.DateField(null=True, blank=True, editable=False)
    # Reporting marks and the last reopening (see steerco.progress.reporting).
    reopened_on = models.DateField(null=True, blank=True, editable=False)
    last_report_at = models.DateTimeField(null=True, blank=True, editable=False)
    report_window_start = models.DateTimeField(null=True, blank=True, editable=False)
    report_before_window_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["directive_id", "reference", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["directive", "lead_unit"]),
            models.Index(fields=["lead_unit", "due_on"]),
            models.Index(fields=["field"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recurring=True)
                | Q(original_due_on__isnull=False)
                | Q(deadline_text=""),
                name="task_dated_or_recurring",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="task_percent_max_100"),
        ]

    def __str__(self) -> str:
        ref = f"{self.reference} " if self.reference else ""
        return f"{self.directive.symbol} {ref}{self.content[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # search_text is derived, no rule: refreshed whenever a text it folds is written
        # (a save of the cached state alone, with update_fields, leaves it as it is).
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.search_text = self.searchable
        elif SEARCHED_FIELDS & set(update_fields):
            self.search_text = self.searchable
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def missing_clears(self) -> list[str]:
        """The configured "clears" this task lacks (person, task, time, responsibility, product...)."""
        return missing_clears(
            person=self.responsible_person,
            task=self.content,
            time=self.recurring or self.original_due_on is not None,
            responsibility=self.lead_unit_id is not None,
            product=self.expected_product,
            authority=self.authority,
        )

    @property
    def is_five_clear(self) -> bool:
        return not self.missing_clears()

    @property
    def searchable(self) -> str:
        return task_search_text(
            reference=self.reference,
            content=self.content,
            responsible_person=self.responsible_person,
            expected_product=self.expected_product,
        )

    def deadline_in_force(self) -> date | None:
        return self.due_on


class Responsibility(models.Model):
    """Who is responsible for a task from a date on: the first row when the task is
    assigned (or its official first linked), one more for each transfer. Append-only;
    the row in force on a day is the last with `since` on or before it (ties: the later
    row). A task counts for the person responsible on its deadline, or on its completion
    if earlier (steerco.scoring.people)."""

    append_only = "the responsibility history is append-only: record a transfer instead"

    task = models.ForeignKey(
        Task, models.PROTECT, related_name="responsibilities", verbose_name=_("task")
    )
    since = models.DateField(_("responsible since"))
    person = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("responsible official"),
    )
    # The plan's text where no official is linked (a role, or a name not yet matched).
    person_text = models.CharField(_("responsible person as written"), max_length=255, blank=True)
    deputy = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_responsibilities",
        verbose_name=_("deputy"),
    )
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["task_id", "since", "id"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        indexes = [
            models.Index(fields=["task", "since"]),
            models.Index(fields=["person", "since"]),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.since}: {self.person or self.person_text}"


SEARCHED_FIELDS = frozenset({"reference", "content", "responsible_person", "expected_product"})


def task_search_text(
    *, reference: str, content: str, responsible_person: str, expected_product: str
) -> str:
    """What the task list's search looks in, folded: "II.3 cáp quang" -> "ii.3 cap quang"."""
    return fold(" \n ".join((reference, content, responsible_person, expected_product)))


def search_words(text: str) -> list[str]:
    """A search box's words, folded: each must occur in a task's search_text."""
    return fold(text).split()


def missing_clears(**present: object) -> list[str]:
    wanted = settings.STEERCO_CLEARS
    return [name for name in wanted if not (present.get(name) and str(present[name]).strip())]
