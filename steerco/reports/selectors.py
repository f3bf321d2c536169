"""The report's task list read from the database: one query, classified in SQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Subquery

from steerco.directives.models import Task, missing_clears
from steerco.lib.references import reference_sort_key
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import ProgressUpdate
from steerco.scoring.scope import Scope
from steerco.units.models import Unit

from .content import TaskRow

_COLUMNS = (
    "pk",
    "directive__symbol",
    "reference",
    "content",
    "lead_unit_id",
    "lead_unit__name",
    "lead_unit__code",
    "responsible_person",
    "deadline_text",
    "c_due",
    "task_class",
    "c_done",
    "latest_obstacles",
    "recurring",
    "original_due_on",
    "expected_product",
    "authority",
)


def task_rows(*, unit: Unit, as_of: date, scope: Scope) -> list[TaskRow]:
    """Every task of the subtree in scope but the cancelled, classified as of `as_of`.

    Read as tuples of the columns a row shows (no model instances: a province holds
    thousands of tasks); the clears a task lacks are judged by `missing_clears` on the
    same fields `Task.missing_clears` passes it."""
    latest_obstacles = Subquery(
        ProgressUpdate.objects.filter(task=OuterRef("pk"), reported_on__lte=as_of)
        .exclude(obstacles="")
        .order_by("-reported_on", "-id")
        .values("obstacles")[:1]
    )
    tasks = (
        classify_tasks(Task.objects.in_subtree(unit).filter(scope.task_q()), as_of)
        .exclude(task_class=TaskClass.CANCELLED.value)
        .annotate(latest_obstacles=latest_obstacles)
        .order_by("directive__issued_on", "directive__symbol", "reference", "id")
        .values_list(*_COLUMNS)
    )
    colours = settings.STEERCO_COLOURS
    rows = [_task_row(values, as_of, colours) for values in tasks]
    # Within each directive (in the order read), references as numbers part by part.
    directive_order: dict[str, int] = {}
    for row in rows:
        directive_order.setdefault(row.directive, len(directive_order))
    return sorted(
        rows,
        key=lambda r: (directive_order[r.directive], reference_sort_key(r.reference), r.id),
    )


def _task_row(values: tuple[Any, ...], as_of: date, colours: dict[str, str]) -> TaskRow:
    """A report row from the `_COLUMNS` of one task."""
    (
        pk,
        symbol,
        reference,
        content,
        lead_unit_id,
        lead_unit,
        lead_unit_code,
        person,
        deadline_text,
        due_on,
        task_class,
        done_on,
        obstacles,
        recurring,
        original_due_on,
        product,
        authority,
    ) = values
    overdue = task_class == TaskClass.OVERDUE.value
    return TaskRow(
        id=pk,
        directive=symbol,
        reference=reference,
        content=content,
        lead_unit=lead_unit,
        lead_unit_code=lead_unit_code,
        responsible_person=person,
        deadline_text=deadline_text,
        due_on=due_on,
        task_class=task_class,
        colour=colours.get(task_class, ""),
        completed_on=done_on,
        days_late=(as_of - due_on).days if overdue and due_on else None,
        latest_obstacles=obstacles or "",
        missing_clears=missing_clears(
            person=person,
            task=content,
            time=recurring or original_due_on is not None,
            responsibility=lead_unit_id is not None,
            product=product,
            authority=authority,
        ),
    )
