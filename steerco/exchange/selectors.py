"""The exchange document of a unit's subtree for some directives (`steerco exchange
export`): the directives, the tasks they assign to units of the subtree (the tasks the
sender owns), and every history row of those tasks by global id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, F, Func, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from steerco.directives.models import Directive, Task
from steerco.progress.models import Extension, ExtensionDecision, ProgressUpdate
from steerco.units.models import Unit

from .document import (
    FORMAT,
    VERSION,
    DecisionColumns,
    DirectiveRow,
    ExchangeDocument,
    ExtensionColumns,
    TaskRow,
    UpdateColumns,
)


def exchange_document(
    *,
    unit: Unit,
    directives: Sequence[Directive],
    since: date | None = None,
    exported_at: datetime | None = None,
) -> ExchangeDocument:
    """The document for `unit`'s subtree and `directives`; `since`: only the history
    recorded (requested, for an extension) on or after that day."""
    tasks = task_rows(Task.objects.filter(directive__in=directives).in_subtree(unit).order_by("pk"))
    by_id = {pk: t.global_id for pk, t in tasks.items()}
    extensions, decisions = _extensions(by_id, since)
    codes = dict(Unit.objects.values_list("pk", "code"))
    chosen = Directive.objects.filter(pk__in=[d.pk for d in directives])
    return ExchangeDocument(
        format=FORMAT,
        version=VERSION,
        exported_at=exported_at or timezone.now(),
        unit=unit.code,
        since=since,
        directives=[_directive(d) for d in chosen.select_related("issuer", "implements")],
        tasks=list(tasks.values()),
        updates=_updates(by_id, codes, since),
        extensions=extensions,
        decisions=decisions,
    )


def _directive(d: Directive) -> DirectiveRow:
    return DirectiveRow(
        global_id=d.global_id,
        symbol=d.symbol,
        kind=d.kind,
        issuer=d.issuer.code,
        issued_on=d.issued_on,
        title=d.title,
        implements=d.implements.global_id if d.implements else None,
        requires_acceptance=d.requires_acceptance,
    )


# The fields of a TaskRow read as they are, then those read across a relation.
TASK_FIELDS = (
    "global_id",
    "reference",
    "content",
    "external_partners",
    "responsible_person",
    "deadline_text",
    "original_due_on",
    "recurring",
    "cadence",
    "expected_product",
    "field",
    "authority",
    "assigned_on",
)
_TASK_RELATED = (
    "directive__global_id",
    "parent__global_id",
    "lead_unit__code",
    "assigned_by__code",
)


def task_rows(tasks: QuerySet[Task]) -> dict[int, TaskRow]:
    """The rows of `tasks` by their ids, read as tuples (a province's push exports 10,000;
    the import compares the definitions it holds by them)."""
    coordinating: dict[int, list[str]] = defaultdict(list)
    through = Task.coordinating_units.through.objects.filter(task__in=tasks.values("pk"))
    for task_id, code in through.values_list("task_id", "unit__code"):
        coordinating[task_id].append(code)
    out: dict[int, TaskRow] = {}
    construct = TaskRow  # validated: pydantic's Rust validator beats model_construct
    for pk, directive, parent, lead, assigned_by, *values in plain_rows(
        tasks.values_list("pk", *_TASK_RELATED, *TASK_FIELDS)
    ):
        out[pk] = construct(
            directive=directive,
            parent=parent,
            lead_unit=lead,
            assigned_by=assigned_by,
            coordinating_units=sorted(coordinating.get(pk, [])),
            **dict(zip(TASK_FIELDS, values, strict=True)),
        )
    return out


def plain_rows(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a `values_list` query as the database driver gives them, without
    Django's converter per value (a push reads 100,000 history rows; parsing their moments
    was a quarter of its export). What differs from Django's values: on SQLite a UUID is
    its 32 hex digits (a row's pydantic model reads them) and a moment naive, in UTC
    (`moment` marks it so)."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (`pk__in=[]`)
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def moment(value: datetime | None) -> datetime | None:
    """A moment of `plain_rows` as Django gives it: aware (SQLite's are naive UTC)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _recorded_since(moment: datetime, since: date | None) -> bool:
    return since is None or timezone.localdate(moment) >= since


def _updates(by_id: dict[int, UUID], codes: dict[int, str], since: date | None) -> UpdateColumns:
    """The tasks' progress updates as columns: read as tuples (a province's push reads
    100,000 rows), each row's place in its task's updates numbered by the database, turned
    into columns and given their tasks' global ids and units' codes a column at a time,
    then checked (and, from SQLite's text, parsed) a column at a time."""
    updates = ProgressUpdate.objects.filter(task__in=list(by_id)).annotate(
        n=Window(RowNumber(), partition_by=[F("task_id")], order_by=F("pk").asc())
    )
    if connection.vendor == "sqlite":
        updates = updates.annotate(**_as_text())
    rows = updates.order_by("task_id", "pk").values_list(
        "task_id", "n", *_read(UPDATE_FIELDS), "unit_id"
    )
    names = ("task", "position", *UPDATE_FIELDS, "unit")
    columns = _columns(names, plain_rows(rows))
    columns["task"] = list(map(by_id.__getitem__, columns["task"]))
    columns["position"] = [n - 1 for n in columns["position"]]
    columns["unit"] = [codes[u] if u else None for u in columns["unit"]]
    if connection.vendor != "sqlite":
        columns["recorded_at"] = [moment(v) for v in columns["recorded_at"]]
    out = UpdateColumns.model_validate(columns)
    if since is not None:
        out = out.take([i for i, at in enumerate(out.recorded_at) if _recorded_since(at, since)])
    return out


# On SQLite the dates and moments of the updates are read as the text stored, and parsed
# by pydantic a column at a time: Django's converters are a Python call per value (a
# third of the export's read). A moment is stored naive, in UTC: read with its "Z".
_TEXT = {"reported_on": "", "product_date": "", "recorded_at": "Z"}


def _read(names: Sequence[str]) -> list[str]:
    """The names to read `names` by: on SQLite, the text of the dates and moments."""
    if connection.vendor != "sqlite":
        return list(names)
    return [f"text_{n}" if n in _TEXT else n for n in names]


def _as_text() -> dict[str, Func]:
    return {
        f"text_{name}": Func(
            F(name), template=f"(%(expressions)s || '{suffix}')", output_field=CharField()
        )
        for name, suffix in _TEXT.items()
    }


def _columns(names: Sequence[str], rows: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """`rows` (tuples of the values of `names`) as a list per name."""
    if not rows:
        return {name: [] for name in names}
    return {name: list(values) for name, values in zip(names, zip(*rows, strict=True), strict=True)}


# The fields an UpdateRow takes from its progress update as they are.
UPDATE_FIELDS = (
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
    "recorded_at",
    "backdated_by_manager",
)


def _extensions(
    by_id: dict[int, UUID], since: date | None
) -> tuple[ExtensionColumns, DecisionColumns]:
    extensions: list[tuple[Any, ...]] = []
    decisions: list[tuple[Any, ...]] = []
    position: dict[int, int] = {}
    rows = (
        Extension.objects.filter(task__in=list(by_id))
        .select_related("decision")
        .order_by("task_id", "pk")
    )
    for e in rows:
        n = position[e.task_id] = position.get(e.task_id, -1) + 1
        gid = by_id[e.task_id]
        if since is None or e.requested_on >= since:
            extensions.append((gid, n, e.requested_on, e.previous_due_on, e.new_due_on, e.reason))
        d: ExtensionDecision | None = e.decision_row
        if d is not None and _recorded_since(d.recorded_at, since):
            decisions.append((gid, n, d.status, d.decided_on, d.note, d.recorded_at))
    return (
        ExtensionColumns.model_validate(_columns(tuple(ExtensionColumns.model_fields), extensions)),
        DecisionColumns.model_validate(_columns(tuple(DecisionColumns.model_fields), decisions)),
    )
