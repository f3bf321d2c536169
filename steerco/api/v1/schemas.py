"""The API's read shapes (pydantic models, in the OpenAPI schema): explicit fields, never a whole
model. Units are named by their public code, directives and tasks by their id; every
object carries the address of its web page (`web_url`) where it has one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Field
from pydantic import BaseModel

from steerco.lib import days

# A date a request may ask figures for: the days steerco accepts (steerco/lib/days.py).
FIRST_DAY, LAST_DAY = days.FIRST_DAY, days.LAST_DAY
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]


class Schema(BaseModel):
    """A response shape. Plain pydantic rather than ninja's Schema: the routes build plain
    dicts, and ninja's Schema reads each field through a Django-aware getter, which cost a
    third of a 100-task list's time."""


class Me(Schema):
    username: str
    full_name: str
    scopes: list[str] = Field(description="The token's scopes; a signed-in session has all.")
    token: str | None = Field(description="The token's name; null for a session.")


# --- units -------------------------------------------------------------------------------


class UnitRef(Schema):
    code: str
    name: str


class UnitOut(Schema):
    code: str
    name: str
    name_en: str
    short_name: str
    kind: str = Field(description="central, ministry, province, department, commune, ward…")
    parent: str | None = Field(description="The parent unit's code; null for a root.")
    depth: int = Field(description="1 for a root of the tree.")
    ended_on: date | None


class UnitNode(UnitOut):
    children: list[UnitNode] = Field(
        description="The units right below, to the depth asked; [] at the last level asked."
    )


class UnitTree(Schema):
    depth: int = Field(description="How many levels below the unit are listed.")
    unit: UnitNode


# --- directives --------------------------------------------------------------------------


class DirectiveOut(Schema):
    id: int
    symbol: str = Field(description="Number and symbol as written, e.g. 57-NQ/TW.")
    kind: str
    title: str
    issuer: UnitRef
    issued_on: date
    implements: int | None = Field(description="The id of the directive it implements.")
    requires_acceptance: bool
    web_url: str


class DirectiveList(Schema):
    items: list[DirectiveOut]


# --- tasks -------------------------------------------------------------------------------


class DirectiveRef(Schema):
    id: int
    symbol: str


class Relation(Schema):
    leads: bool = Field(description="The lead unit is under one of the caller's roles.")
    coordinates: bool = Field(description="A coordinating unit is.")
    assigns: bool = Field(description="The assigning unit is.")


class TaskOut(Schema):
    id: int
    reference: str
    content: str
    directive: DirectiveRef
    lead_unit: UnitRef
    recurring: bool
    cadence: str
    deadline_text: str = Field(description="The deadline as written in the directive.")
    original_due_on: date | None
    due_on: date | None = Field(description="The deadline in force as of `as_of`.")
    task_class: str | None = Field(
        description="done_on_time, done_late, on_track, overdue, regular or cancelled, as of "
        "`as_of`; null for a task assigned after it."
    )
    state: str = Field(description="not_started, in_progress or completed (now).")
    percent: int
    completed_on: date | None
    accepted_on: date | None
    cancelled_on: date | None
    last_reported_on: date | None
    five_clear: bool
    field: str
    assigned_on: date
    relation: Relation
    web_url: str


class TaskPage(Schema):
    as_of: date = Field(description="The date the classes are for (kept by `next`).")
    items: list[TaskOut]
    next: str | None = Field(description="The next page's address; null on the last page.")


class PersonRef(Schema):
    """An official (issue 21): only what the task's page shows of them."""

    id: int
    full_name: str
    position: str
    unit: str = Field(description="The code of the official's unit.")


class TaskDetail(TaskOut):
    assigned_by: UnitRef
    coordinating_units: list[UnitRef]
    external_partners: str
    responsible_person: str = Field(
        description="The responsible official's name, or the text the plan wrote (a role)."
    )
    responsible: PersonRef | None = Field(
        None, description="The responsible official, when the task names one (steerco.people)."
    )
    deputy: PersonRef | None = Field(None, description="The official's deputy, if any.")
    expected_product: str
    authority: str
    parent: int | None = Field(
        description="The task it was cascaded from, when the caller may see that task."
    )


class EvidenceOut(Schema):
    name: str
    size: int
    content_type: str
    web_url: str


class UpdateFieldsOut(Schema):
    """A progress update as the API shows it: in a task's history and as a write's answer."""

    id: int
    kind: str = Field(description="report, accepted, returned or cancelled.")
    reported_on: date = Field(description="The date the update speaks for.")
    recorded_at: datetime
    state: str
    percent: int
    unit: str | None = Field(description="The code of the unit the update speaks for.")
    author: str | None
    done: str
    obstacles: str
    proposals: str
    product_symbol: str
    product_date: date | None
    links: list[str]
    note: str


class HistoryEntry(UpdateFieldsOut):
    files: list[EvidenceOut]


class TaskHistory(Schema):
    task: int
    items: list[HistoryEntry] = Field(description="Newest first, as on the task's page.")


# --- scorecards and rankings -------------------------------------------------------------


class Timeliness(Schema):
    expected: int
    on_time: int
    late: int
    missing: int
    period: str
    reporting_rate: float | None


class Counts(Schema):
    total: int
    done_on_time: int
    done_late: int
    on_track: int
    overdue: int
    regular: int
    cancelled: int
    completed: int
    completion_rate: float | None
    due_completion_rate: float | None
    on_time_rate: float | None
    overdue_rate: float | None
    green_rate: float | None
    completed_without_evidence: int | None
    timeliness: Timeliness
    reporting_rate: float | None


class ChildCounts(Schema):
    unit: UnitRef
    counts: Counts


class Scorecard(Schema):
    unit: UnitRef
    as_of: date
    scope: str = Field(description="'all', a directive's symbol (with those implementing it).")
    directive: int | None
    counts: Counts
    children: list[ChildCounts] = Field(
        description="Each unit right below, as the overview's table counts it."
    )
    sentence: str


class RankingRow(Schema):
    """One row of `steerco ranking --json`."""

    rank: int
    unit: str
    code: str
    value: float | int | None
    previous_rank: int | None
    change: int | None
    total: int
    total_change: int | None


class Ranking(Schema):
    peers: str = Field(description="provinces, departments or communes.")
    of: UnitRef | None = Field(description="The province whose departments or communes.")
    by: str
    as_of: date
    previous_on: date | None
    scope: str
    rows: list[RankingRow]


# --- indicators --------------------------------------------------------------------------


class IndicatorOut(Schema):
    code: str
    name_vi: str
    name_en: str
    measure_unit: str
    kind: str = Field(description="entered, ratio or formula.")
    value_type: str
    direction: str = Field(description="up: higher is better; down: lower is better.")
    period_type: str = Field(description="month, quarter, half or year.")
    field: str


class IndicatorList(Schema):
    items: list[IndicatorOut]


class IndicatorFigure(Schema):
    """One indicator at one unit for one period: the rows of `steerco indicator show --json`."""

    code: str = Field(description="The unit's code.")
    unit: str
    indicator: str
    period: str
    value: float | int | None
    own: float | int | None = Field(description="The unit's own entry.")
    aggregate: float | int | None = Field(description="The figure aggregated from below.")
    target: float | int | None
    expected_value: float | int | None
    achievement: float | int | None
    status: str | None
    reported: int
    expected: int
    reason: str | None


# --- composite indices -------------------------------------------------------------------


class IndexOut(Schema):
    code: str
    name_vi: str
    name_en: str


class IndexList(Schema):
    items: list[IndexOut]


class PillarOut(Schema):
    score: float | int | None
    rank: int | None


class IndexRowOut(Schema):
    """One row of `steerco index rank --json`."""

    rank: int | None
    code: str
    unit: str
    score: float | int | None
    change: int | None
    source: str = Field(description="computed or published.")
    pillars: dict[str, PillarOut]


class IndexRanking(Schema):
    index: str
    version: str
    period: str
    source: str
    peers: str
    of: UnitRef | None
    rows: list[IndexRowOut]
