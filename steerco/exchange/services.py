"""Importing an exchange document (`steerco exchange import`): preview by default, all or
nothing on commit, idempotent.

Each row of the document is created, skipped (already here, the same) or refused with
its reason (an unknown unit, a global id held here by another definition, a history that
diverges from the one here); a refusal anywhere writes nothing. Directives and tasks are
checked by the directives services' rules (`directive_create`, `task_build`); history rows
are computed by the history rule (`progress.history_step.step`, `deadline_decided`) and
sealed onto the task's hash chain (`lib.hashchain.seal`) as the progress services do,
without their date checks: the rows were checked where they were recorded, and keep
their dates. A preview runs the same writes and rolls them back."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from pydantic import ValidationError

from steerco.directives.models import Directive, Task
from steerco.directives.services import DirectiveError, directive_create, task_build
from steerco.lib.hashchain import seal
from steerco.progress.history_step import Event, Rules, TaskCacheState, deadline_decided, step
from steerco.progress.models import (
    Extension,
    ExtensionDecision,
    ExtensionStatus,
    ProgressUpdate,
    UpdateKind,
)
from steerco.progress.services import approved_extensions
from steerco.units.models import Unit

from .document import (
    FORMAT,
    VERSION,
    DecisionRow,
    DirectiveRow,
    ExchangeDocument,
    ExtensionRow,
    TaskRow,
    UpdateRow,
    history_id,
)

CREATE, SKIP, REFUSE = "create", "skip", "refuse"


class ExchangeError(ValueError):
    """A document that cannot be read at all; `.field` names where."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def read_document(data: bytes | str) -> ExchangeDocument:
    """The document in `data`, checked against its schema."""
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExchangeError(f"not a JSON document: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ExchangeError(f"not a steerco exchange document (format is not {FORMAT!r})", "format")
    if raw.get("version") != VERSION:
        raise ExchangeError(
            f"version {raw.get('version')!r} of the exchange document is not read here "
            f"(this instance reads version {VERSION})",
            "version",
        )
    try:
        return ExchangeDocument.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ExchangeError(f"{where}: {first['msg']}", where) from None


@dataclass(frozen=True)
class Item:
    """What the import does with one row of the document."""

    kind: str  # document | directive | task | update | extension | decision
    id: str
    label: str
    action: str  # create | skip | refuse
    reason: str = ""


@dataclass
class ImportResult:
    items: list[Item]
    committed: bool

    @property
    def refused(self) -> list[Item]:
        return [i for i in self.items if i.action == REFUSE]

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = defaultdict(lambda: {CREATE: 0, SKIP: 0, REFUSE: 0})
        for item in self.items:
            out[item.kind][item.action] += 1
        return dict(out)

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "counts": self.counts(),
            "items": [asdict(i) for i in self.items],
        }


def exchange_import(*, document: ExchangeDocument, commit: bool = False) -> ImportResult:
    """Import `document`: the items created, skipped and refused; written only when
    `commit` and nothing is refused."""
    with transaction.atomic():
        importer = _Importer(document)
        importer.run()
        result = ImportResult(importer.items, committed=commit and not importer.refusals)
        if not result.committed:
            transaction.set_rollback(True)
    return result


def _differences(here: dict[str, object], there: dict[str, object]) -> list[str]:
    return [name for name in here if here[name] != there[name]]


class _Importer:
    def __init__(self, document: ExchangeDocument) -> None:
        self.doc = document
        self.items: list[Item] = []
        self.refusals = 0
        codes = {document.unit}
        codes |= {d.issuer for d in document.directives}
        for t in document.tasks:
            codes |= {t.lead_unit, t.assigned_by, *t.coordinating_units}
        codes |= {u.unit for u in document.updates if u.unit}
        self.units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        self.directives: dict[Any, Directive] = {}
        self.tasks: dict[Any, Task] = {}

    def note(self, kind: str, id: object, label: str, action: str, reason: str = "") -> None:
        self.items.append(Item(kind, str(id), label, action, reason))
        if action == REFUSE:
            self.refusals += 1

    def unit(self, code: str, kind: str, id: object, label: str, role: str) -> Unit | None:
        found = self.units.get(code)
        if found is None:
            self.note(kind, id, label, REFUSE, f"{role} {code!r} is not a unit known here")
        return found

    def run(self) -> None:
        sender = self.unit(self.doc.unit, "document", self.doc.unit, "document", "the unit")
        for row in _ordered(self.doc.directives, lambda r: r.implements):
            self.directive(row)
        for t in _ordered(self.doc.tasks, lambda r: r.parent):
            self.task(t, sender)
        self.history()

    # Directives and tasks --------------------------------------------------------

    def directive(self, row: DirectiveRow) -> None:
        label = f"directive {row.symbol}"
        here = Directive.objects.select_related("issuer", "implements").filter(
            global_id=row.global_id
        )
        existing = here.first()
        if existing is not None:
            theirs = row.model_dump(exclude={"global_id"})
            ours = _directive_definition(existing)
            changed = _differences(ours, theirs)
            if changed:
                self.note("directive", row.global_id, label, REFUSE, _redefined(changed))
                return
            self.directives[row.global_id] = existing
            self.note("directive", row.global_id, label, SKIP, "already here")
            return
        other = Directive.objects.filter(symbol=row.symbol).first()
        if other is not None:
            reason = (
                f"the symbol {row.symbol} is held here by another directive ({other.global_id})"
            )
            self.note("directive", row.global_id, label, REFUSE, reason)
            return
        issuer = self.unit(row.issuer, "directive", row.global_id, label, "issuing unit")
        implements = None
        if row.implements is not None:
            implements = self.directives.get(row.implements) or (
                Directive.objects.filter(global_id=row.implements).first()
            )
            if implements is None:
                reason = f"implements {row.implements}, neither in the document nor here"
                self.note("directive", row.global_id, label, REFUSE, reason)
                return
        if issuer is None:
            return
        try:
            with transaction.atomic():
                created = directive_create(
                    symbol=row.symbol,
                    kind=row.kind,
                    issuer=issuer,
                    issued_on=row.issued_on,
                    title=row.title,
                    implements=implements,
                    requires_acceptance=row.requires_acceptance,
                )
                Directive.objects.filter(pk=created.pk).update(global_id=row.global_id)
                created.global_id = row.global_id
        except DirectiveError as exc:
            self.note("directive", row.global_id, label, REFUSE, f"{exc.field}: {exc}")
            return
        self.directives[row.global_id] = created
        self.note("directive", row.global_id, label, CREATE)

    def task(self, row: TaskRow, sender: Unit | None) -> None:
        label = f"task {row.reference or row.content[:40]}"
        existing = (
            Task.objects.select_related("directive", "parent", "lead_unit", "assigned_by")
            .prefetch_related("coordinating_units")
            .filter(global_id=row.global_id)
            .first()
        )
        if existing is not None:
            changed = _differences(
                _task_definition(existing), row.model_dump(exclude={"global_id"})
            )
            if changed:
                self.note("task", row.global_id, label, REFUSE, _redefined(changed))
                return
            self.tasks[row.global_id] = existing
            self.note("task", row.global_id, label, SKIP, "already here")
            return
        directive = self.directives.get(row.directive) or (
            Directive.objects.filter(global_id=row.directive).first()
        )
        parent = None
        if row.parent is not None:
            parent = self.tasks.get(row.parent) or Task.objects.filter(global_id=row.parent).first()
        units = [
            self.unit(row.lead_unit, "task", row.global_id, label, "lead unit"),
            self.unit(row.assigned_by, "task", row.global_id, label, "assigning unit"),
            *(
                self.unit(c, "task", row.global_id, label, "coordinating unit")
                for c in row.coordinating_units
            ),
        ]
        if directive is None:
            reason = f"its directive {row.directive} is neither in the document nor here"
            self.note("task", row.global_id, label, REFUSE, reason)
            return
        if row.parent is not None and parent is None:
            reason = f"its parent task {row.parent} is neither in the document nor here"
            self.note("task", row.global_id, label, REFUSE, reason)
            return
        if any(u is None for u in units):
            return
        lead, assigned_by, *coordinating = [u for u in units if u is not None]
        if sender is not None and not sender.contains(lead):
            reason = f"its lead unit {lead.code} is not under the sender's unit {sender.code}"
            self.note("task", row.global_id, label, REFUSE, reason)
            return
        try:
            with transaction.atomic():
                task = task_build(
                    directive=directive,
                    content=row.content,
                    lead_unit=lead,
                    assigned_on=row.assigned_on,
                    reference=row.reference,
                    external_partners=row.external_partners,
                    assigned_by=assigned_by,
                    responsible_person=row.responsible_person,
                    deadline_text=row.deadline_text,
                    due_on=row.original_due_on,
                    recurring=row.recurring,
                    cadence=row.cadence,
                    expected_product=row.expected_product,
                    field=row.field,
                    authority=row.authority,
                    parent=parent,
                )
                task.global_id = row.global_id
                task.save()
                if coordinating:
                    task.coordinating_units.set(coordinating)
        except DirectiveError as exc:
            self.note("task", row.global_id, label, REFUSE, f"{exc.field}: {exc}")
            return
        self.tasks[row.global_id] = task
        self.note("task", row.global_id, label, CREATE)

    # History ---------------------------------------------------------------------

    def history(self) -> None:
        updates: dict[Any, list[UpdateRow]] = defaultdict(list)
        for u in self.doc.updates:
            updates[u.task].append(u)
        extensions: dict[Any, list[ExtensionRow]] = defaultdict(list)
        for e in self.doc.extensions:
            extensions[e.task].append(e)
        decided: dict[Any, DecisionRow] = {d.extension: d for d in self.doc.decisions}
        for gid in dict.fromkeys([*updates, *extensions, *(d.task for d in self.doc.decisions)]):
            task = self.tasks.get(gid) or Task.objects.filter(global_id=gid).first()
            if task is None:
                reason = f"its task {gid} was refused or is neither in the document nor here"
                rows: list[UpdateRow | ExtensionRow] = [*updates[gid], *extensions[gid]]
                for row in rows:
                    kind = "update" if isinstance(row, UpdateRow) else "extension"
                    self.note(kind, row.global_id, f"{kind} {row.position}", REFUSE, reason)
                for d in self.doc.decisions:
                    if d.task == gid:
                        self.note("decision", d.global_id, "decision", REFUSE, reason)
                continue
            task = Task.objects.select_for_update().select_related("directive").get(pk=task.pk)
            self.updates(task, updates[gid])
            self.extensions(task, extensions[gid], decided)
        seen = {i.id for i in self.items if i.kind == "decision"}
        for d in self.doc.decisions:
            if str(d.global_id) not in seen:
                reason = f"its extension {d.extension} is neither in the document nor here"
                self.note("decision", d.global_id, "decision", REFUSE, reason)

    def _positions(
        self, kind: str, task: Task, rows: list[Any], held: int
    ) -> list[tuple[Any, bool]] | None:
        """The rows with whether each is held here already; None (and the rows refused)
        when an id is not the one its place gives, or rows are missing before them."""
        rows = sorted(rows, key=lambda r: r.position)
        problem = ""
        for expected, row in enumerate(rows, start=rows[0].position if rows else 0):
            if row.global_id != history_id(task.global_id, kind, row.position):  # type: ignore[arg-type]
                problem = f"its id is not the one its place in task {task.global_id} gives"
            elif row.position != expected:
                problem = f"position {expected} is missing from the document"
        if rows and rows[0].position > held:
            problem = (
                f"the task holds {held} row(s) here and the document starts at position "
                f"{rows[0].position} (export without --since)"
            )
        if problem:
            for row in rows:
                self.note(kind, row.global_id, f"{kind} {row.position}", REFUSE, problem)
            return None
        return [(row, row.position < held) for row in rows]

    def updates(self, task: Task, rows: list[UpdateRow]) -> None:
        here = list(ProgressUpdate.objects.filter(task=task).order_by("pk"))
        placed = self._positions("update", task, rows, len(here))
        if not placed:
            return
        rules = Rules.from_settings(task.directive.requires_acceptance)
        earlier = [u.recorded_at for u in here if u.kind == UpdateKind.REPORT]
        before = TaskCacheState.of(task)
        appended = False
        for row, held in placed:
            label = f"update {row.position} of task {task.reference or task.pk}"
            if held:
                ours = here[row.position]
                if _update_key(ours) != _update_key(row):
                    reason = f"differs from the row held here at position {row.position}"
                    self.note("update", row.global_id, label, REFUSE, reason)
                else:
                    self.note("update", row.global_id, label, SKIP, "already here")
                continue
            unit = None
            if row.unit:
                unit = self.unit(row.unit, "update", row.global_id, label, "reporting unit")
                if unit is None:
                    continue
            event = Event(
                row.kind,
                row.reported_on,
                row.recorded_at,
                row.state,
                row.percent,
                row.backdated_by_manager,
            )
            values, before = step(before, event, rules, earlier_reports=list(earlier))
            if row.kind == UpdateKind.REPORT:
                earlier.append(row.recorded_at)
            update = ProgressUpdate(
                task=task,
                **values.values(),
                done=row.done,
                obstacles=row.obstacles,
                proposals=row.proposals,
                product_symbol=row.product_symbol,
                product_date=row.product_date,
                links=row.links,
                note=row.note,
                unit=unit,
            )
            seal(update)
            update.save(force_insert=True)
            appended = True
            self.note("update", row.global_id, label, CREATE)
        if appended:
            _cache_save(task, before)

    def extensions(
        self, task: Task, rows: list[ExtensionRow], decided: dict[Any, DecisionRow]
    ) -> None:
        here = list(Extension.objects.filter(task=task).select_related("decision").order_by("pk"))
        placed = self._positions("extension", task, rows, len(here)) or []
        approved = False
        for row, held in placed:
            label = f"extension {row.position} of task {task.reference or task.pk}"
            if held:
                extension = here[row.position]
                if _extension_key(extension) != _extension_key(row):
                    reason = f"differs from the request held here at position {row.position}"
                    self.note("extension", row.global_id, label, REFUSE, reason)
                    continue
                self.note("extension", row.global_id, label, SKIP, "already here")
            else:
                extension = Extension(
                    task=task,
                    requested_on=row.requested_on,
                    previous_due_on=row.previous_due_on,
                    new_due_on=row.new_due_on,
                    reason=row.reason,
                )
                seal(extension)
                extension.save(force_insert=True)
                self.note("extension", row.global_id, label, CREATE)
            decision = decided.get(row.global_id)
            if decision is not None:
                approved |= self.decision(task, extension, decision, label)
        # A decision on a request held here, the request itself not in the document (--since).
        for n, extension in enumerate(here):
            decision = decided.get(history_id(task.global_id, "extension", n))
            if decision is not None and not any(r.position == n for r, _ in placed):
                label = f"extension {n} of task {task.reference or task.pk}"
                approved |= self.decision(task, extension, decision, label)
        if approved:
            before = TaskCacheState.of(task)
            after = deadline_decided(before, task.original_due_on, approved_extensions(task))
            _cache_save(task, after)

    def decision(self, task: Task, extension: Extension, row: DecisionRow, label: str) -> bool:
        """Record the decision on `extension` unless held; whether one approving was added."""
        label = f"decision on {label}"
        held = extension.decision_row if extension.pk else None
        if held is not None:
            if (held.status, held.decided_on) != (row.status, row.decided_on):
                self.note(
                    "decision", row.global_id, label, REFUSE, "differs from the decision here"
                )
            else:
                self.note("decision", row.global_id, label, SKIP, "already here")
            return False
        decision = ExtensionDecision(
            extension=extension,
            task=task,
            status=row.status,
            decided_on=row.decided_on,
            note=row.note,
            recorded_at=row.recorded_at,
        )
        seal(decision)
        decision.save(force_insert=True)
        self.note("decision", row.global_id, label, CREATE)
        return row.status == ExtensionStatus.APPROVED


def _ordered(rows: list[Any], parent_of: Any) -> list[Any]:
    """`rows` with each after the row it points at (when that is in `rows` too)."""
    ids = {r.global_id for r in rows}
    done: set[Any] = set()
    out: list[Any] = []
    pending = list(rows)
    while pending:
        later = []
        for r in pending:
            p = parent_of(r)
            if p is None or p not in ids or p in done:
                out.append(r)
                done.add(r.global_id)
            else:
                later.append(r)
        if len(later) == len(pending):  # a cycle: leave it to the checks to refuse
            out += later
            break
        pending = later
    return out


def _redefined(changed: list[str]) -> str:
    return (
        "its global id is held here by another definition (differs in "
        + ", ".join(changed)
        + "): the instance that created it owns it"
    )


def _directive_definition(d: Directive) -> dict[str, object]:
    return {
        "symbol": d.symbol,
        "kind": d.kind,
        "issuer": d.issuer.code,
        "issued_on": d.issued_on,
        "title": d.title,
        "implements": d.implements.global_id if d.implements else None,
        "requires_acceptance": d.requires_acceptance,
    }


def _task_definition(t: Task) -> dict[str, object]:
    return {
        "directive": t.directive.global_id,
        "parent": t.parent.global_id if t.parent else None,
        "reference": t.reference,
        "content": t.content,
        "lead_unit": t.lead_unit.code,
        "coordinating_units": sorted(u.code for u in t.coordinating_units.all()),
        "external_partners": t.external_partners,
        "assigned_by": t.assigned_by.code,
        "responsible_person": t.responsible_person,
        "deadline_text": t.deadline_text,
        "original_due_on": t.original_due_on,
        "recurring": t.recurring,
        "cadence": t.cadence,
        "expected_product": t.expected_product,
        "field": t.field,
        "authority": t.authority,
        "assigned_on": t.assigned_on,
    }


def _update_key(u: ProgressUpdate | UpdateRow) -> tuple[object, ...]:
    recorded: datetime = u.recorded_at
    same = (u.kind, u.reported_on, recorded)
    return (*same, u.state, u.percent) if u.kind == UpdateKind.REPORT else same


def _extension_key(e: Extension | ExtensionRow) -> tuple[object, ...]:
    return (e.requested_on, e.new_due_on, e.reason)


def _cache_save(task: Task, after: TaskCacheState) -> None:
    values = after.values()
    for name, value in values.items():
        setattr(task, name, value)
    Task.objects.filter(pk=task.pk).update(**values)
