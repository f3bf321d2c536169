"""Reads of the demo dataset back from the database, for checking what was written."""

from __future__ import annotations

from datetime import UTC, date

from django.db.models import QuerySet

from steerco.directives.models import Responsibility, Task
from steerco.progress.models import Extension, ExtensionStatus, ProgressUpdate

from .dataset import REFERENCE_DAY, digest_lines
from .loading import demo_directives


def canonical_lines(until: date) -> list[str]:
    """The same lines as `dataset.canonical_lines`, read from the database."""
    tasks = Task.objects.filter(directive__in=demo_directives(), assigned_on__lte=until)
    person = _responsible_on(tasks, until)
    lines = [
        "|".join(str(v) for v in ("task", *row[:8], person.get(pk, row[8]), *row[9:]))
        for pk, *row in tasks.values_list(
            "id",
            "directive__symbol",
            "reference",
            "lead_unit__code",
            "content",
            "assigned_on",
            "original_due_on",
            "deadline_text",
            "recurring",
            "responsible_person",
            "expected_product",
            "field",
        )
    ]
    updates = ProgressUpdate.objects.filter(task__in=tasks, reported_on__lte=until).values_list(
        "task__directive__symbol",
        "task__reference",
        "task__lead_unit__code",
        "kind",
        "reported_on",
        "state",
        "percent",
        "completed_on",
        "accepted_on",
        "counted_completed_on",
        "recorded_at",
        "product_symbol",
    )
    for *head, recorded_at, symbol in updates:
        lines.append(
            "|".join(
                str(v) for v in ("update", *head, recorded_at.astimezone(UTC).isoformat(), symbol)
            )
        )
    extensions = Extension.objects.filter(task__in=tasks, requested_on__lte=until).exclude(
        decision__decided_on__gt=until
    )
    for *head, status, decided_on in extensions.values_list(
        "task__directive__symbol",
        "task__reference",
        "task__lead_unit__code",
        "requested_on",
        "new_due_on",
        "decision__status",  # None while requested
        "decision__decided_on",
    ):
        lines.append(
            "|".join(
                str(v) for v in ("extension", *head, status == ExtensionStatus.APPROVED, decided_on)
            )
        )
    return lines


def _responsible_on(tasks: QuerySet[Task], until: date) -> dict[int, str]:
    """Each task's responsible official (or role as written) in force on `until`, by
    the responsibility history (a day before the first row: the first row)."""
    rows = Responsibility.objects.filter(task__in=tasks).order_by("task_id", "since", "id")
    out: dict[int, str] = {}
    for task_id, since, name, text in rows.values_list(
        "task_id", "since", "person__full_name", "person_text"
    ):
        if since <= until or task_id not in out:
            out[task_id] = name or text
    return out


def checksum(until: date = REFERENCE_DAY) -> str:
    return digest_lines(canonical_lines(until))
