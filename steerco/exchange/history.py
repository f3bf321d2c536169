"""The history rows of an exchange document, appended to the tasks' chains in bulk.

Each task's rows are placed by their global ids (`document.history_id`): a row at a
position the task holds already is compared with the row held there (the same: skipped;
another: refused), the rows after are computed by the history rule
(`progress.history_step.step`, `deadline_decided`) as the progress services compute
them, without their date checks (the rows were checked where they were recorded and keep
their dates). The instance of a task's lead unit owns its history: rows for a task whose
lead unit is not under the sending unit are refused, each with the reason.

What the import reads it reads per batch of tasks (their rows held here, their requests
and decisions), and what it appends is written at the end, each kind at once: the
progress updates in one bulk insert (`lib.bulk.insert`: the hash chain computed in Python
from each chain's stored head, COPY on PostgreSQL), the extension requests, then their
decisions, each sealed together (`lib.hashchain.seal_many`: the stored heads read once),
the deadlines the new approvals decide (their approved extensions read once), the tasks'
caches in one bulk update. All of it inside the import's transaction, with the tasks'
rows locked: all or nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Protocol
from uuid import UUID

from django.db import connection
from django.db.models import DateField, DateTimeField

from steerco.directives.models import TASK_CACHE_FIELDS, Task
from steerco.lib import bulk
from steerco.lib.hashchain import seal_many
from steerco.progress.history_step import (
    Event,
    HistoryRow,
    Rules,
    TaskCacheState,
    deadline_decided,
    step,
)
from steerco.progress.models import (
    HISTORY_ROW_FIELDS,
    Extension,
    ExtensionDecision,
    ExtensionStatus,
    ProgressUpdate,
    UpdateKind,
)
from steerco.progress.services import approved_extensions_of
from steerco.units.models import Unit

from .document import (
    DecisionRecord,
    ExchangeDocument,
    ExtensionRecord,
    UpdateRecord,
    history_id,
)
from .selectors import moment, plain_rows

CREATE, SKIP, REFUSE = "create", "skip", "refuse"
CHUNK = 500

# What is compared of a progress update held here with the document's row.
_HELD = ("kind", "reported_on", "recorded_at", "state", "percent")


class Importer(Protocol):
    doc: ExchangeDocument
    tasks: dict[Any, int]  # global id -> pk
    units: dict[str, Unit]  # the units the document names, by code

    def note(self, kind: str, id: object, label: str, action: str, reason: str = "") -> None: ...

    def count(self, kind: str, action: str, n: int = 1) -> None: ...

    def unit(self, code: str, kind: str, id: object, label: str, role: str) -> Unit | None: ...


def import_history(imp: Importer, sender: Unit | None) -> None:
    """Place every history row of `imp.doc` (see the module's docstring)."""
    doc = imp.doc
    updates: dict[Any, list[UpdateRecord]] = defaultdict(list)
    for u in doc.updates.records():
        updates[u.task].append(u)
    extensions: dict[Any, list[ExtensionRecord]] = defaultdict(list)
    for e in doc.extensions.records():
        extensions[e.task].append(e)
    decisions = doc.decisions.records()
    decided: dict[Any, DecisionRecord] = {}
    decisions_of: dict[Any, list[DecisionRecord]] = defaultdict(list)
    for d in decisions:
        if d.extension in decided:
            reason = f"a second decision on the request at position {d.position} of its task"
            imp.note("decision", d.global_id, "decision", REFUSE, reason)
            continue
        decided[d.extension] = d
        decisions_of[d.task].append(d)
    gids = list(dict.fromkeys([*updates, *extensions, *decisions_of]))
    seen_decisions: set[Any] = set()
    writer = _Writer(imp)
    for i in range(0, len(gids), CHUNK):
        chunk = gids[i : i + CHUNK]
        tasks = _locked(imp, chunk)
        held = _held_updates([t.pk for t in tasks.values()])
        requests = _held_extensions([t.pk for t in tasks.values()])
        for gid in chunk:
            task = tasks.get(gid)
            rows: list[UpdateRecord | ExtensionRecord] = [*updates[gid], *extensions[gid]]
            reason = _refusal(task, sender)
            if task is None or reason:
                for row in rows:
                    kind = "update" if isinstance(row, UpdateRecord) else "extension"
                    imp.note(kind, row.global_id, f"{kind} {row.position}", REFUSE, reason)
                for d in decisions_of[gid]:
                    imp.note("decision", d.global_id, "decision", REFUSE, reason)
                    seen_decisions.add(d.global_id)
                continue
            writer.updates(task, updates[gid], held.get(task.pk, []))
            writer.extensions(task, extensions[gid], decided, requests.get(task.pk, []))
            seen_decisions |= writer.decided
    for d in decided.values():
        if d.global_id not in seen_decisions:
            reason = f"its extension {d.extension} is neither in the document nor here"
            imp.note("decision", d.global_id, "decision", REFUSE, reason)
    writer.flush()


def _refusal(task: HeldTask | None, sender: Unit | None) -> str:
    if task is None:
        return "its task was refused or is neither in the document nor here"
    if sender is not None and not task.lead_path.startswith(sender.path):  # Unit.contains
        return (
            f"its task's lead unit {task.lead_code} is not under the sender's unit "
            f"{sender.code}: the instance of the lead unit owns the task's history"
        )
    return ""


_MOMENTS = frozenset(
    f.name for f in Task._meta.concrete_fields if isinstance(f, DateTimeField)
) & set(TASK_CACHE_FIELDS)


class HeldTask:
    """What the import reads of a task held here: who it is, its directive's rule, its
    lead unit, and its cached state (`TASK_CACHE_FIELDS`, attributes as on `Task`) — read
    as a row, not as a Task with its directive and lead unit (a push locks 10,000)."""

    FIELDS = (
        "pk",
        "global_id",
        "reference",
        "original_due_on",
        "directive__requires_acceptance",
        "lead_unit__path",
        "lead_unit__code",
        *TASK_CACHE_FIELDS,
    )

    def __init__(self, row: tuple[Any, ...]) -> None:
        """From a row of `FIELDS` as `plain_rows` reads it (a UUID or a moment as SQLite
        gives it: made what Django would give)."""
        (
            self.pk,
            global_id,
            self.reference,
            self.original_due_on,
            self.requires_acceptance,
            self.lead_path,
            self.lead_code,
        ) = row[:7]
        self.global_id = global_id if isinstance(global_id, UUID) else UUID(global_id)
        for name, value in zip(TASK_CACHE_FIELDS, row[7:], strict=True):
            setattr(self, name, moment(value) if name in _MOMENTS else value)

    pk: int
    global_id: Any
    reference: str
    original_due_on: date | None
    requires_acceptance: bool
    lead_path: str
    lead_code: str


def _locked(imp: Importer, gids: list[Any]) -> dict[Any, HeldTask]:
    """The tasks of `gids` known here, locked (their chains' writers one at a time)."""
    pks = {gid: imp.tasks[gid] for gid in gids if gid in imp.tasks}
    rest = [gid for gid in gids if gid not in pks]
    if rest:
        pks.update(Task.objects.filter(global_id__in=rest).values_list("global_id", "pk"))
    found = (
        Task.objects.select_for_update(of=("self",))  # the tasks' rows, not their units'
        .filter(pk__in=list(pks.values()))
        .order_by("pk")
        .values_list(*HeldTask.FIELDS)
    )
    return {t.global_id: t for t in map(HeldTask, plain_rows(found))}


def _held_updates(task_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        ProgressUpdate.objects.filter(task_id__in=task_ids)
        .order_by("task_id", "pk")
        .values("task_id", *_HELD)
    )
    for row in rows:
        out[row["task_id"]].append(row)
    return out


def _held_extensions(task_ids: list[int]) -> dict[int, list[Extension]]:
    out: dict[int, list[Extension]] = defaultdict(list)
    rows = (
        Extension.objects.filter(task_id__in=task_ids)
        .select_related("decision")
        .order_by("task_id", "pk")
    )
    for e in rows:
        out[e.task_id].append(e)
    return out


def _update_key(u: dict[str, Any] | UpdateRecord) -> tuple[object, ...]:
    get: Callable[[str], Any] = u.get if isinstance(u, dict) else lambda n: getattr(u, n)
    same = (get("kind"), get("reported_on"), get("recorded_at"))
    return (*same, get("state"), get("percent")) if get("kind") == UpdateKind.REPORT else same


def _extension_key(e: Extension | ExtensionRecord) -> tuple[object, ...]:
    return (e.requested_on, e.new_due_on, e.reason)


class _Writer:
    """The rows to append, gathered task by task; `flush` writes the updates and caches."""

    def __init__(self, imp: Importer) -> None:
        self.imp = imp
        self.rows: list[tuple[Any, ...]] = []
        self.changed: dict[int, HeldTask] = {}
        self.decided: set[Any] = set()
        self.new_extensions: list[Extension] = []
        self.new_decisions: list[tuple[HeldTask, Extension, DecisionRecord]] = []
        self.rules: dict[bool, Rules] = {}
        self.approved: dict[int, HeldTask] = {}  # tasks with a new approval: their deadline

    def _positions(
        self, kind: str, task: HeldTask, rows: list[Any], held: int
    ) -> list[tuple[Any, bool]] | None:
        """The rows with whether each is held here already; None (and the rows refused)
        when a place is given twice, or rows are missing before them. (A row's id is its
        place's: `document.history_id`.)"""
        rows = sorted(rows, key=lambda r: r.position)
        problem = ""
        for expected, row in enumerate(rows, start=rows[0].position if rows else 0):
            if row.position < expected:
                problem = f"position {row.position} is given twice in the document"
                break
            if row.position != expected:
                problem = f"position {expected} is missing from the document"
                break
        if not problem and rows and rows[0].position > held:
            problem = (
                f"the task holds {held} row(s) here and the document starts at position "
                f"{rows[0].position} (export without --since)"
            )
        if problem:
            for row in rows:
                self.imp.note(kind, row.global_id, f"{kind} {row.position}", REFUSE, problem)
            return None
        return [(row, row.position < held) for row in rows]

    def updates(self, task: HeldTask, rows: list[UpdateRecord], here: list[dict[str, Any]]) -> None:
        placed = self._positions("update", task, rows, len(here))
        if not placed:
            return
        rules = self.rules.get(task.requires_acceptance)
        if rules is None:
            rules = self.rules[task.requires_acceptance] = Rules.from_settings(
                task.requires_acceptance
            )
        earlier = [u["recorded_at"] for u in here if u["kind"] == UpdateKind.REPORT]
        before = TaskCacheState.of(task)
        skipped = created = 0
        units = self.imp.units
        for row, held in placed:
            if held:
                if _update_key(here[row.position]) != _update_key(row):
                    reason = f"differs from the row held here at position {row.position}"
                    label = f"update {row.position} of task {task.reference or task.pk}"
                    self.imp.note("update", row.global_id, label, REFUSE, reason)
                else:
                    skipped += 1
                continue
            unit = None
            if row.unit:
                unit = units.get(row.unit)
                if unit is None:
                    label = f"update {row.position} of task {task.reference or task.pk}"
                    self.imp.unit(row.unit, "update", row.global_id, label, "reporting unit")
                    continue
            # in UTC once (pydantic reads "Z" as its own zone): sealed and stored as it is
            recorded = row.recorded_at.astimezone(UTC)
            event = Event(
                row.kind,
                row.reported_on,
                recorded,
                row.state,
                row.percent,
                row.backdated_by_manager,
            )
            # (step reads the earlier reports before the next one is appended: no copy)
            values, before = step(before, event, rules, earlier_reports=earlier)
            if row.kind == UpdateKind.REPORT:
                earlier.append(recorded)
            self.rows.append(_update_row(task, values, row, unit))
            created += 1
        self.imp.count("update", SKIP, skipped)
        self.imp.count("update", CREATE, created)
        if created:
            self._cache(task, before)

    def extensions(
        self,
        task: HeldTask,
        rows: list[ExtensionRecord],
        decided: dict[Any, DecisionRecord],
        here: list[Extension],
    ) -> None:
        self.decided = set()
        placed = self._positions("extension", task, rows, len(here)) or []
        for row, held in placed:
            label = f"extension {row.position} of task {task.reference or task.pk}"
            if held:
                extension = here[row.position]
                if _extension_key(extension) != _extension_key(row):
                    reason = f"differs from the request held here at position {row.position}"
                    self.imp.note("extension", row.global_id, label, REFUSE, reason)
                    continue
                self.imp.note("extension", row.global_id, label, SKIP, "already here")
            else:
                extension = Extension(
                    task_id=task.pk,
                    requested_on=row.requested_on,
                    previous_due_on=row.previous_due_on,
                    new_due_on=row.new_due_on,
                    reason=row.reason,
                )
                self.new_extensions.append(extension)
                self.imp.note("extension", row.global_id, label, CREATE)
            decision = decided.get(row.global_id)
            if decision is not None:
                self.decision(task, extension, decision, label, held)
        # A decision on a request held here, the request itself not in the document (--since).
        for n, extension in enumerate(here):
            decision = decided.get(history_id(task.global_id, "extension", n))
            if decision is not None and not any(r.position == n for r, _ in placed):
                label = f"extension {n} of task {task.reference or task.pk}"
                self.decision(task, extension, decision, label, True)

    def decision(
        self, task: HeldTask, extension: Extension, row: DecisionRecord, label: str, held: bool
    ) -> None:
        """Record the decision on `extension` (`held` here, or new) unless held."""
        self.decided.add(row.global_id)
        label = f"decision on {label}"
        decision = extension.decision_row if held else None
        if decision is not None:
            if (decision.status, decision.decided_on) != (row.status, row.decided_on):
                reason = "differs from the decision here"
                self.imp.note("decision", row.global_id, label, REFUSE, reason)
            else:
                self.imp.note("decision", row.global_id, label, SKIP, "already here")
            return
        self.new_decisions.append((task, extension, row))
        self.imp.note("decision", row.global_id, label, CREATE)
        if row.status == ExtensionStatus.APPROVED:
            self.approved[task.pk] = task

    def _cache(self, task: HeldTask, after: TaskCacheState) -> None:
        for name, value in after.values().items():
            setattr(task, name, value)
        self.changed[task.pk] = task

    def flush(self) -> None:
        """Write the gathered rows, each kind at once, its chains linked from their stored
        heads: the updates (`bulk.insert`), the extension requests, then their decisions
        (which name them); then the deadlines the approvals decide and the tasks' caches."""
        if self.rows:
            bulk.insert_rows(ProgressUpdate, HISTORY_ROW_FIELDS, self.rows)
        seal_many(self.new_extensions)
        Extension.objects.bulk_create(self.new_extensions, batch_size=CHUNK)
        decisions = [
            ExtensionDecision(
                extension_id=extension.pk,
                task_id=task.pk,
                status=row.status,
                decided_on=row.decided_on,
                note=row.note,
                recorded_at=row.recorded_at,
            )
            for task, extension, row in self.new_decisions
        ]
        seal_many(decisions)
        ExtensionDecision.objects.bulk_create(decisions, batch_size=CHUNK)
        approved = approved_extensions_of(list(self.approved))
        for pk, task in self.approved.items():
            after = deadline_decided(TaskCacheState.of(task), task.original_due_on, approved[pk])
            self._cache(task, after)
        if self.changed:
            _caches_save(list(self.changed.values()))


def _caches_save(tasks: list[HeldTask]) -> None:
    """The tasks' cached state, one UPDATE statement run for every task (executemany:
    QuerySet.bulk_update's CASE per field and task costs ten times more here)."""
    fields: list[Any] = [Task._meta.get_field(name) for name in TASK_CACHE_FIELDS]
    table = connection.ops.quote_name(Task._meta.db_table)
    columns = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {table} SET {columns} WHERE id = %s"  # noqa: S608 - names from the model, values bound
    prepared = [_prepared(f) for f in fields]
    rows = [
        [prep(getattr(t, f.attname)) for f, prep in zip(fields, prepared, strict=True)] + [t.pk]
        for t in tasks
    ]
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            cursor.executemany(sql, rows)
            return
        # On SQLite one statement for many tasks (UPDATE ... FROM VALUES): a statement per
        # task opens a statement journal each (the task table has triggers:
        # scoring.pending), which under an enclosing savepoint costs more the more the
        # transaction wrote — 10,000 of them took 100 s at the end of the benchmark's
        # push (its batches in one transaction); one per batch, milliseconds.
        width = len(fields) + 1
        per = max(1, _sqlite_variables() // width)
        placed = ", ".join(
            f"{connection.ops.quote_name(f.column)} = v.column{i}"
            for i, f in enumerate(fields, start=1)
        )
        for i in range(0, len(rows), per):
            chunk = rows[i : i + per]
            values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {placed} FROM (VALUES {values}) AS v "  # noqa: S608 - names from the model, values bound
                f"WHERE {table}.id = v.column{width}",
                [value for row in chunk for value in row],
            )


def _sqlite_variables() -> int:
    """How many values one SQLite statement binds (SQLITE_MAX_VARIABLE_NUMBER)."""
    import sqlite3

    connection.ensure_connection()
    raw: Any = connection.connection
    return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


def _prepared(field: Any) -> Callable[[object], Any]:
    """The field's value as the database takes it (`get_db_prep_save`), None, a date of a
    DateField and an aware moment of a DateTimeField given straight (the rest of 130,000
    calls for a push's 10,000 tasks)."""
    exact_date = type(field) is DateField
    exact_moment = type(field) is DateTimeField
    ops = connection.ops

    def prep(value: object) -> Any:
        if value is None:
            return None
        if exact_date and type(value) is date:
            return ops.adapt_datefield_value(value)
        if exact_moment and type(value) is datetime and value.tzinfo is not None:
            return ops.adapt_datetimefield_value(value)
        return field.get_db_prep_save(value, connection)

    return prep


def _update_row(
    task: HeldTask, values: HistoryRow, row: UpdateRecord, unit: Unit | None
) -> tuple[Any, ...]:
    """The row to insert, the values of `HISTORY_ROW_FIELDS` in their order (checked
    below): what the rule decided (`values`), the texts of the document's row."""
    return (
        task.pk,  # task
        values.kind,
        values.reported_on,
        values.state,
        values.percent,
        row.done,
        row.obstacles,
        row.proposals,
        row.product_symbol,
        row.product_date,
        row.links,
        row.note,
        unit.pk if unit else None,  # unit
        None,  # author
        values.recorded_at,
        None,  # idempotency_key
        values.backdated_by_manager,
        values.needs_acceptance,
        values.completed_on,
        values.accepted_on,
        values.counted_completed_on,
    )


# The order `_update_row` writes its values in.
_UPDATE_ROW_FIELDS = (
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
if _UPDATE_ROW_FIELDS != HISTORY_ROW_FIELDS:
    raise ImportError("the history's fields changed: change exchange.history._update_row too")
