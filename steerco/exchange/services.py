"""Importing an exchange document (`steerco exchange import`, `steerco sync`, POST
/api/v1/exchange/import): preview by default, all or nothing on commit, idempotent.

Each row of the document is created, skipped (already here, the same) or refused with
its reason (an unknown unit, a global id held here by another definition, a history that
diverges from the one here, a task whose lead unit is not under the sending unit, what
the importing account may not do); a refusal anywhere writes nothing. Directives and
tasks are checked by the directives services' rules (`directive_create`, `task_build`);
the history rows are placed by `history.import_history` (in bulk). A preview runs the
same writes and rolls them back.

Ownership: the instance that created a directive or task owns its definition — a
definition arriving for a global id held here with other values is refused, never
applied; the instance of a task's lead unit owns its history (`history.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from pydantic import ValidationError

from steerco.directives.models import Directive, Task
from steerco.directives.permissions import may
from steerco.directives.services import DirectiveError, directive_create, task_build
from steerco.units.models import Unit
from steerco.units.permissions import Action, UserLike

from .document import FORMAT, VERSION, DirectiveRow, ExchangeDocument, TaskRow
from .history import CHUNK, CREATE, REFUSE, SKIP, import_history
from .selectors import task_rows


class ExchangeError(ValueError):
    """A document that cannot be read at all; `.field` names where."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def read_document(data: bytes | str) -> ExchangeDocument:
    """The document in `data`, checked against its schema. Read straight from JSON by
    pydantic (a third of the time of json.loads and validating the dicts); a document that
    does not read so is read again step by step, for the error naming what is wrong."""
    try:
        document = ExchangeDocument.model_validate_json(data)
    except ValidationError:
        pass
    else:
        if document.format == FORMAT and document.version == VERSION:
            return document
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExchangeError(f"not a JSON document: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ExchangeError(f"not a steerco exchange document (format is not {FORMAT!r})", "format")
    version = raw.get("version")
    if version != VERSION:
        older = isinstance(version, int) and not isinstance(version, bool) and version < VERSION
        raise ExchangeError(
            f"version {version!r} of the exchange document is not read here (this instance "
            f"reads version {VERSION}, where the history travels as columns): "
            + (
                "update the sending instance and export again"
                if older
                else "update this instance to read it"
            ),
            "version",
        )
    try:
        return ExchangeDocument.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ExchangeError(f"{_place(first['loc'])}: {first['msg']}", where) from None


def _place(loc: tuple[int | str, ...]) -> str:
    """Where a validation error is, as a person reads it: a history column's value by its
    row ("updates row 3, percent"), anything else by its path ("tasks.2.content")."""
    if len(loc) >= 3 and loc[0] in _HISTORY and isinstance(loc[2], int):
        return f"{loc[0]} row {loc[2]}, {loc[1]}"
    return ".".join(str(p) for p in loc)


_HISTORY = ("updates", "extensions", "decisions")


@dataclass(frozen=True)
class Item:
    """A refused row of the document, with why."""

    kind: str  # document | directive | task | update | extension | decision
    id: str
    label: str
    action: str  # refuse (create | skip are counted only)
    reason: str = ""


@dataclass
class ImportResult:
    """What an import did: the rows counted by kind and action (create, skip, refuse), and
    each refused row with its reason. Rows created or skipped are counted, not listed: a
    push's batch holds 10,000s of them."""

    tally: dict[str, dict[str, int]]
    refused: list[Item]
    committed: bool

    def counts(self) -> dict[str, dict[str, int]]:
        return {kind: dict(n) for kind, n in self.tally.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "counts": self.counts(),
            "items": [
                {
                    "kind": i.kind,
                    "id": i.id,
                    "label": i.label,
                    "action": i.action,
                    "reason": i.reason,
                }
                for i in self.refused
            ],
        }


@dataclass(frozen=True)
class Authority:
    """Who imports, when it is not the operator on the command line (the API's caller):
    their roles decide what they may create — a directive where they manage its issuer, a
    task where they manage its assigning unit — and `may_define` whether their token lets
    them create definitions at all (the `manage` scope)."""

    user: UserLike
    may_define: bool

    def refusal(self, what: str, unit: Unit) -> str:
        """Why the caller may not create `what` issued or assigned by `unit` ("" if they may)."""
        if not self.may_define:
            return f"creating a {what} needs a token with the manage scope"
        if not may(self.user, Action.MANAGE, unit):
            return f"creating a {what} of {unit.code} needs a manager's role on that unit"
        return ""


def exchange_import(
    *, document: ExchangeDocument, commit: bool = False, authority: Authority | None = None
) -> ImportResult:
    """Import `document`: the items created, skipped and refused; written only when
    `commit` and nothing is refused. `authority`: the account importing (None: the
    operator, who may do everything)."""
    with transaction.atomic():
        importer = _Importer(document, authority)
        importer.run()
        result = ImportResult(
            importer.tally, importer.refused, committed=commit and not importer.refused
        )
        if not result.committed:
            transaction.set_rollback(True)
    return result


def _differences(here: dict[str, object], there: dict[str, object]) -> list[str]:
    return [name for name in here if here[name] != there[name]]


class _Importer:
    def __init__(self, document: ExchangeDocument, authority: Authority | None) -> None:
        self.doc = document
        self.authority = authority
        self.tally: dict[str, dict[str, int]] = {}
        self.refused: list[Item] = []
        codes = {document.unit}
        codes |= {d.issuer for d in document.directives}
        for t in document.tasks:
            codes |= {t.lead_unit, t.assigned_by, *t.coordinating_units}
        codes |= {code for code in document.updates.unit if code}
        self.units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        self.directives: dict[Any, Directive] = {}
        self.tasks: dict[Any, int] = {}  # the tasks the history may go to: global id -> pk
        self.made: dict[Any, Task] = {}  # the tasks created here, by global id
        self.held = _held_tasks([t.global_id for t in document.tasks])
        self.held_directives = _held_directives([d.global_id for d in document.directives])

    def note(self, kind: str, id: object, label: str, action: str, reason: str = "") -> None:
        counts = self.tally.get(kind)
        if counts is None:
            counts = self.tally[kind] = {CREATE: 0, SKIP: 0, REFUSE: 0}
        counts[action] += 1
        if action == REFUSE:
            self.refused.append(Item(kind, str(id), label, action, reason))

    def count(self, kind: str, action: str, n: int = 1) -> None:
        """Count `n` rows created or skipped (only a refused row is listed, by `note`)."""
        if not n:
            return
        counts = self.tally.get(kind)
        if counts is None:
            counts = self.tally[kind] = {CREATE: 0, SKIP: 0, REFUSE: 0}
        counts[action] += n

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
        import_history(self, sender)

    # Directives and tasks --------------------------------------------------------

    def directive(self, row: DirectiveRow) -> None:
        label = f"directive {row.symbol}"
        existing = self.held_directives.get(row.global_id)
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
        refusal = self.authority.refusal("directive", issuer) if self.authority else ""
        if refusal:
            self.note("directive", row.global_id, label, REFUSE, refusal)
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
        self.held_directives[row.global_id] = created
        self.note("directive", row.global_id, label, CREATE)

    def task(self, row: TaskRow, sender: Unit | None) -> None:
        label = f"task {row.reference or row.content[:40]}"
        existing = self.held.get(row.global_id)
        if existing is not None:
            pk, ours = existing
            changed = (
                _differences(
                    ours.model_dump(exclude={"global_id"}), row.model_dump(exclude={"global_id"})
                )
                if ours != row
                else []
            )
            if changed:
                self.note("task", row.global_id, label, REFUSE, _redefined(changed))
                return
            self.tasks[row.global_id] = pk
            self.note("task", row.global_id, label, SKIP, "already here")
            return
        directive = self.directives.get(row.directive) or (
            Directive.objects.filter(global_id=row.directive).first()
        )
        parent = None
        if row.parent is not None:
            parent = self.made.get(row.parent) or Task.objects.filter(global_id=row.parent).first()
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
        refusal = self.authority.refusal("task", assigned_by) if self.authority else ""
        if refusal:
            self.note("task", row.global_id, label, REFUSE, refusal)
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
        self.tasks[row.global_id] = task.pk
        self.made[row.global_id] = task
        self.note("task", row.global_id, label, CREATE)


def _held_directives(gids: list[Any]) -> dict[Any, Directive]:
    """The directives of `gids` held here (read once: every batch of a push carries its
    directives again), with what their definitions are compared by."""
    out: dict[Any, Directive] = {}
    for i in range(0, len(gids), CHUNK):
        found = Directive.objects.select_related("issuer", "implements").filter(
            global_id__in=gids[i : i + CHUNK]
        )
        out.update((d.global_id, d) for d in found)
    return out


def _held_tasks(gids: list[Any]) -> dict[Any, tuple[int, TaskRow]]:
    """The tasks of `gids` held here: their ids and definitions, as an export reads them
    (tuples, not Task instances: a push's batch carries 500 tasks held here)."""
    out: dict[Any, tuple[int, TaskRow]] = {}
    for i in range(0, len(gids), CHUNK):
        rows = task_rows(Task.objects.filter(global_id__in=gids[i : i + CHUNK]))
        out.update((row.global_id, (pk, row)) for pk, row in rows.items())
    return out


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
