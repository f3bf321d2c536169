"""The shapes of the API's writes: progress updates (one, or up to 500 at once),
acceptance, extensions, and the report request. Inputs refuse fields they do not know
(a misspelt field is named, never silently dropped); outputs are explicit fields."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema, field_validator

from steerco.directives.models import TaskState
from steerco.lib.links import is_web_address
from steerco.progress.models import Extension, ProgressUpdate
from steerco.reports.content import LANGS, LAYOUTS

from .schemas import UpdateFieldsOut

#: The most updates one bulk request may carry.
BULK_MAX = 500

State = Literal["not_started", "in_progress", "completed"]
assert set(State.__args__) == set(TaskState.values)  # type: ignore[attr-defined]

Text = Annotated[str, Field(max_length=10_000)]
#: A row's id, as the databases store it (64-bit): a bigger number is refused, naming it.
ID_MAX = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=ID_MAX)]


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class UpdateFields(StrictIn):
    """What a unit reports on a task, as the report form asks it. `state` and `percent` are
    the lead unit's to report; omitted, they stay as they are (an update for a coordinating
    unit carries the task's own and may not change them)."""

    reported_on: date = Field(description="The date the update speaks for (as of).")
    state: State | None = None
    percent: int | None = Field(None, ge=0, le=100)
    done: Text = ""
    obstacles: Text = ""
    proposals: Text = ""
    product_symbol: str = Field("", max_length=128)
    product_date: date | None = None
    links: list[Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=list, max_length=50, description="Addresses starting http:// or https://."
    )

    @field_validator("links")
    @classmethod
    def _web_addresses(cls, links: list[str]) -> list[str]:
        # The report form's rule (steerco/lib/links.py).
        cleaned = [link.strip() for link in links if link.strip()]
        for link in cleaned:
            if not is_web_address(link):
                raise ValueError(f"each link must start with http:// or https://: {link}")
        return cleaned


class UpdateIn(UpdateFields):
    task: Id = Field(description="The task's id.")


class BulkItemIn(UpdateIn):
    idempotency_key: str | None = Field(
        None,
        min_length=1,
        max_length=40,
        description=(
            "Optional, per item: an item sent again with the key it was recorded with "
            "answers its first update instead of recording another (kept with the update)."
        ),
    )


# Each item is read on its own (an invalid item is refused alone, with its index, and
# never refuses the batch): the schema documents BulkItemIn, the route validates it.
BulkItem = Annotated[dict[str, Any], WithJsonSchema(BulkItemIn.model_json_schema())]


class BulkIn(StrictIn):
    items: list[BulkItem] = Field(
        min_length=1,
        max_length=BULK_MAX,
        description=f"1 to {BULK_MAX} updates, each as POST /progress-updates takes it.",
    )


class UpdateOut(UpdateFieldsOut):
    task: int


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = None


class BulkItemOut(Schema):
    index: int = Field(description="The item's place in `items`, from 0.")
    task: int | None
    status: int = Field(description="201 recorded, 200 answered again (its key), else refused.")
    update: UpdateOut | None = None
    problem: ProblemOut | None = None


class BulkOut(Schema):
    recorded: int
    refused: int
    results: list[BulkItemOut]


class AcceptIn(StrictIn):
    note: Text = ""


class ReturnIn(StrictIn):
    reason: Text = Field(min_length=1, description="Why the completion is returned.")


class ExtensionIn(StrictIn):
    task: Id
    new_due_on: date
    reason: Text = Field(min_length=1)
    late_reason: Text = Field(
        "",
        description=(
            "After the deadline in force only a manager of the assigning unit records a "
            "request, saying here why it comes late."
        ),
    )


class DecisionIn(StrictIn):
    decision: Literal["approve", "reject"]
    note: str = Field("", max_length=1000)


class ExtensionOut(Schema):
    id: int
    task: int
    requested_on: date
    requested_by: str | None
    previous_due_on: date | None
    new_due_on: date
    reason: str
    status: str
    decided_on: date | None
    decided_by: str | None
    note: str


class ReportQuery(Schema):
    """The Reports page's choices (web.report_forms.MeetingReportForm)."""

    unit: str | None = Field(None, max_length=32, description="A unit's code; default yours.")
    directive: str | None = Field(None, max_length=64, description="A directive's symbol.")
    with_implementing: bool = False
    as_of: date
    previous: date | None = None
    lang: Literal["vi", "en"] = "vi"
    layout: Literal["state", "party"] = "state"
    format: Literal["docx", "xlsx", "pdf", "json"] = "docx"


assert set(ReportQuery.model_fields["lang"].annotation.__args__) == set(LANGS)  # type: ignore[union-attr]
assert set(ReportQuery.model_fields["layout"].annotation.__args__) == set(LAYOUTS)  # type: ignore[union-attr]


def _name(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def update_out(update: ProgressUpdate) -> dict[str, Any]:
    """An update as the API answers it (JSON-ready: it is also what an idempotency key
    keeps). Reads `unit` and `author`: select them with the update."""
    return UpdateOut(
        id=update.pk,
        task=update.task_id,
        kind=update.kind,
        reported_on=update.reported_on,
        recorded_at=update.recorded_at,
        state=update.state,
        percent=update.percent,
        unit=update.unit.code if update.unit is not None else None,
        author=_name(update.author),
        done=update.done,
        obstacles=update.obstacles,
        proposals=update.proposals,
        product_symbol=update.product_symbol,
        product_date=update.product_date,
        links=[line for line in update.links.splitlines() if line],
        note=update.note,
    ).model_dump(mode="json")


def extension_out(extension: Extension) -> dict[str, Any]:
    return ExtensionOut(
        id=extension.pk,
        task=extension.task_id,
        requested_on=extension.requested_on,
        requested_by=_name(extension.requested_by),
        previous_due_on=extension.previous_due_on,
        new_due_on=extension.new_due_on,
        reason=extension.reason,
        status=extension.status,
        decided_on=extension.decided_on,
        decided_by=_name(extension.decided_by),
        note=extension.decision_note,
    ).model_dump(mode="json")
