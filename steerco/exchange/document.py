"""The exchange document: directives, tasks and their history moved between steerco
instances by file (issue 19). Pure: pydantic models, the JSON Schema they generate
(docs/exchange.schema.json, served at /api/v1/schema/exchange.json) and the history's
global identifiers.

Units travel by code (two instances that loaded the same units agree), directives and
tasks by their `global_id`. A history row has no column of its own for it (the history
tables are append-only and hash-chained): its identifier is derived from its task's
global id and its position in the task's chain — `history_id(task, "update", 3)` is the
fourth progress update of the task, on every instance whose chain holds the same rows —
so that importing the same rows twice finds them there. An instance's chain therefore
takes a task's rows in one order only: an importer appends the positions after those it
holds and compares those it holds with the document's.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Container, Sequence
from datetime import date, datetime
from functools import partial
from hashlib import sha1
from operator import itemgetter
from typing import Annotated, Any, ClassVar, Literal, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

FORMAT: Literal["steerco-exchange"] = "steerco-exchange"
# 2: the history as columns (1: a JSON object per row, each with its own global id).
VERSION: Literal[2] = 2

HistoryKind = Literal["update", "extension", "decision"]


def history_id(task_global_id: uuid.UUID, kind: HistoryKind, position: int) -> uuid.UUID:
    """The global identifier of a task's history row: the row at `position` (from 0) of
    the task's chain of `kind` (a decision takes its extension's position)."""
    # uuid.uuid5 by hand (the same bits; tests/test_exchange.py compares): a push derives
    # a few hundred thousand of these, and uuid5's UUID(bytes=..., version=5) is most of it
    digest = sha1(task_global_id.bytes + f"{kind}/{position}".encode()).digest()  # noqa: S324 - RFC 4122 name-based id, not a password hash
    return uuid.UUID(int=(int.from_bytes(digest[:16], "big") & _V5_MASK) | _V5_BITS)


# uuid5's version (5) and RFC 4122 variant bits
_V5_MASK = ~((0xF000 << 64) | (0xC000 << 48))
_V5_BITS = (5 << 76) | (0x8000 << 48)


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DirectiveRow(_Row):
    """A directive as its issuer wrote it."""

    global_id: uuid.UUID
    symbol: str = Field(min_length=1, max_length=64)
    kind: str = Field(min_length=1, max_length=16)
    issuer: str = Field(min_length=1, description="the issuing unit's code")
    issued_on: date
    title: str = Field(min_length=1)
    implements: uuid.UUID | None = Field(
        default=None, description="global id of the directive this one implements"
    )
    requires_acceptance: bool = False


class TaskRow(_Row):
    """A task's definition (the five clears among it); its state travels as history."""

    global_id: uuid.UUID
    directive: uuid.UUID = Field(description="global id of the task's directive")
    parent: uuid.UUID | None = Field(default=None, description="global id of the parent task")
    reference: str = Field(default="", max_length=64)
    content: str = Field(min_length=1)
    lead_unit: str = Field(min_length=1, description="the lead unit's code (chủ trì)")
    coordinating_units: list[str] = Field(default=[], description="codes (phối hợp)")
    external_partners: str = ""
    assigned_by: str = Field(min_length=1, description="the assigning unit's code")
    responsible_person: str = Field(default="", max_length=255)
    deadline_text: str = Field(default="", max_length=255)
    original_due_on: date | None = None
    recurring: bool = False
    cadence: str = ""
    expected_product: str = ""
    field: str = Field(default="", max_length=64)
    authority: str = Field(default="", max_length=255)
    assigned_on: date


# --- The history, as columns --------------------------------------------------------
# A push carries 100,000s of history rows: each kind travels as columns (one JSON array
# per field, the i-th values of every column making the i-th row), read and checked a
# column at a time (pydantic's validator per array) instead of a model per row; the
# receiver walks them as plain tuples (`records`). A row has no id of its own in the
# document: it is `history_id(task, kind, position)`, derived where it is needed.

Position = Annotated[int, Field(ge=0)]
Percent = Annotated[int, Field(ge=0, le=100)]
Symbol = Annotated[str, Field(max_length=128)]
Reason = Annotated[str, Field(min_length=1)]


class UpdateRecord(NamedTuple):
    """A progress history row (a report, an acceptance, a return, a cancellation), as
    the receiver reads it from the columns."""

    task: uuid.UUID
    position: int
    kind: str
    reported_on: date
    state: str
    percent: int
    done: str
    obstacles: str
    proposals: str
    product_symbol: str
    product_date: date | None
    links: str
    note: str
    unit: str | None
    recorded_at: datetime
    backdated_by_manager: bool

    @property
    def global_id(self) -> uuid.UUID:
        return history_id(self.task, "update", self.position)


class ExtensionRecord(NamedTuple):
    """A request to move a task's deadline."""

    task: uuid.UUID
    position: int
    requested_on: date
    previous_due_on: date | None
    new_due_on: date
    reason: str

    @property
    def global_id(self) -> uuid.UUID:
        return history_id(self.task, "extension", self.position)


class DecisionRecord(NamedTuple):
    """The assigning unit's decision on the request at `position` of its task."""

    task: uuid.UUID
    position: int
    status: str
    decided_on: date
    note: str
    recorded_at: datetime

    @property
    def global_id(self) -> uuid.UUID:
        return history_id(self.task, "decision", self.position)

    @property
    def extension(self) -> uuid.UUID:
        """The global id of the request decided."""
        return history_id(self.task, "extension", self.position)


class _Columns(BaseModel):
    """History rows as columns: each field a list, the i-th values making the i-th row.
    Every column holds one value per row (a column left out is empty, and so refused
    beside the others unless every one is)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    record: ClassVar[type[Any]]

    task: list[uuid.UUID] = Field(default=[], description="global id of the row's task")

    @model_validator(mode="after")
    def _one_value_per_row(self) -> _Columns:
        lengths = {name: len(getattr(self, name)) for name in type(self).model_fields}
        if len(set(lengths.values())) > 1:
            first = next(iter(lengths))
            other = next(n for n, k in lengths.items() if k != lengths[first])
            raise ValueError(
                f"the columns hold different numbers of rows ({first}: {lengths[first]}, "
                f"{other}: {lengths[other]}): every column holds one value per row"
            )
        return self

    def __len__(self) -> int:
        return len(self.task)

    def records(self) -> list[Any]:
        """The rows, each a `record` (a named tuple with the columns' names)."""
        columns = [getattr(self, name) for name in type(self).model_fields]
        # tuple.__new__ straight (what `_make` calls, less a Python call per row)
        return list(map(partial(tuple.__new__, self.record), zip(*columns, strict=True)))

    def take(self, rows: Sequence[int]) -> Self:
        """The rows at the indices `rows`, in that order."""
        if not rows:
            pick: Callable[[list[Any]], list[Any]] = lambda column: []  # noqa: E731
        elif len(rows) == 1:
            pick = lambda column: [column[rows[0]]]  # noqa: E731
        else:
            getter = itemgetter(*rows)
            pick = lambda column: list(getter(column))  # noqa: E731
        return self.model_construct(
            **{name: pick(getattr(self, name)) for name in type(self).model_fields}  # type: ignore[arg-type]
        )

    def of_tasks(self, tasks: Container[uuid.UUID]) -> Self:
        """The rows of `tasks` (global ids)."""
        rows = [i for i, t in enumerate(self.task) if t in tasks]
        return self if len(rows) == len(self) else self.take(rows)

    @classmethod
    def joined(cls, parts: Sequence[_Columns]) -> Self:
        """The rows of `parts`, one after the other."""
        return cls.model_construct(
            **{name: [v for p in parts for v in getattr(p, name)] for name in cls.model_fields}  # type: ignore[arg-type]
        )

    def by_task(self) -> dict[uuid.UUID, list[int]]:
        """The indices of each task's rows."""
        out: dict[uuid.UUID, list[int]] = defaultdict(list)
        for i, task in enumerate(self.task):
            out[task].append(i)
        return out


class UpdateColumns(_Columns):
    """The progress history rows: reports, acceptances, returns, cancellations."""

    record: ClassVar[type[Any]] = UpdateRecord

    position: list[Position] = Field(
        default=[], description="the row's place in the task's updates, from 0"
    )
    kind: list[Literal["report", "accepted", "returned", "cancelled"]] = []
    reported_on: list[date] = []
    state: list[Literal["not_started", "in_progress", "completed"]] = []
    percent: list[Percent] = []
    done: list[str] = []
    obstacles: list[str] = []
    proposals: list[str] = []
    product_symbol: list[Symbol] = []
    product_date: list[date | None] = []
    links: list[str] = []
    note: list[str] = []
    unit: list[str | None] = Field(default=[], description="the reporting unit's code")
    recorded_at: list[datetime] = []
    backdated_by_manager: list[bool] = []


class ExtensionColumns(_Columns):
    """Requests to move a task's deadline."""

    record: ClassVar[type[Any]] = ExtensionRecord

    position: list[Position] = Field(
        default=[], description="the request's place in the task's requests, from 0"
    )
    requested_on: list[date] = []
    previous_due_on: list[date | None] = []
    new_due_on: list[date] = []
    reason: list[Reason] = []


class DecisionColumns(_Columns):
    """The assigning unit's decisions on requests."""

    record: ClassVar[type[Any]] = DecisionRecord

    position: list[Position] = Field(
        default=[], description="the place of the request decided in the task's requests"
    )
    status: list[Literal["approved", "rejected"]] = []
    decided_on: list[date] = []
    note: list[str] = []
    recorded_at: list[datetime] = []


class ExchangeDocument(_Row):
    """Directives, the task definitions the sender owns under a unit, and their history
    (as columns)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="steerco exchange document",
    )

    format: Literal["steerco-exchange"]
    version: Literal[2]
    exported_at: datetime
    unit: str = Field(min_length=1, description="code of the unit whose subtree was exported")
    since: date | None = Field(
        default=None, description="history recorded on or after this day only"
    )
    directives: list[DirectiveRow] = []
    tasks: list[TaskRow] = []
    updates: UpdateColumns = UpdateColumns()
    extensions: ExtensionColumns = ExtensionColumns()
    decisions: DecisionColumns = DecisionColumns()

    def of_tasks(self, tasks: Container[uuid.UUID]) -> ExchangeDocument:
        """The document less the tasks not among `tasks` (global ids) and their history."""
        return self.model_copy(
            update={
                "tasks": [t for t in self.tasks if t.global_id in tasks],
                "updates": self.updates.of_tasks(tasks),
                "extensions": self.extensions.of_tasks(tasks),
                "decisions": self.decisions.of_tasks(tasks),
            }
        )


def json_schema() -> dict[str, object]:
    """The document's JSON Schema (draft 2020-12), as docs/exchange.schema.json holds it."""
    schema = ExchangeDocument.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
