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
from datetime import date, datetime
from hashlib import sha1
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT: Literal["steerco-exchange"] = "steerco-exchange"
VERSION: Literal[1] = 1

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


class UpdateRow(_Row):
    """A progress history row: a report, an acceptance, a return, a cancellation."""

    global_id: uuid.UUID
    task: uuid.UUID
    position: int = Field(ge=0, description="the row's place in the task's updates, from 0")
    kind: Literal["report", "accepted", "returned", "cancelled"]
    reported_on: date
    state: Literal["not_started", "in_progress", "completed"]
    percent: int = Field(ge=0, le=100)
    done: str = ""
    obstacles: str = ""
    proposals: str = ""
    product_symbol: str = Field(default="", max_length=128)
    product_date: date | None = None
    links: str = ""
    note: str = ""
    unit: str | None = Field(default=None, description="the reporting unit's code")
    recorded_at: datetime
    backdated_by_manager: bool = False


class ExtensionRow(_Row):
    """A request to move a task's deadline."""

    global_id: uuid.UUID
    task: uuid.UUID
    position: int = Field(ge=0, description="the request's place in the task's, from 0")
    requested_on: date
    previous_due_on: date | None = None
    new_due_on: date
    reason: str = Field(min_length=1)


class DecisionRow(_Row):
    """The assigning unit's decision on a request."""

    global_id: uuid.UUID
    task: uuid.UUID
    extension: uuid.UUID = Field(description="global id of the request decided")
    status: Literal["approved", "rejected"]
    decided_on: date
    note: str = ""
    recorded_at: datetime


class ExchangeDocument(_Row):
    """Directives, the task definitions the sender owns under a unit, and their history."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="steerco exchange document",
    )

    format: Literal["steerco-exchange"]
    version: Literal[1]
    exported_at: datetime
    unit: str = Field(min_length=1, description="code of the unit whose subtree was exported")
    since: date | None = Field(
        default=None, description="history recorded on or after this day only"
    )
    directives: list[DirectiveRow] = []
    tasks: list[TaskRow] = []
    updates: list[UpdateRow] = []
    extensions: list[ExtensionRow] = []
    decisions: list[DecisionRow] = []


def json_schema() -> dict[str, object]:
    """The document's JSON Schema (draft 2020-12), as docs/exchange.schema.json holds it."""
    schema = ExchangeDocument.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
