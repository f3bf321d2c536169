"""The content of a meeting report: one plain data structure that every format renders.

`build.py` fills it from the scoring selectors; the DOCX, XLSX, PDF, HTML and JSON
renderers read only this structure, so a figure cannot differ between formats.
Numbers are stored as numbers and dates as dates; renderers format them for the
report's language (`steerco.lib.vietnamese`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

LAYOUTS = ("state", "party")
LANGS = ("vi", "en")


@dataclass
class Counts:
    """Counts by class of one scope, as of one date (from `ClassCounts.as_dict`)."""

    total: int = 0
    completed: int = 0
    done_on_time: int = 0
    done_late: int = 0
    on_track: int = 0
    overdue: int = 0
    regular: int = 0
    cancelled: int = 0
    completion_rate: float | None = None
    due_completion_rate: float | None = None
    green_rate: float | None = None


@dataclass
class Heading:
    """The document's header blocks, as Decree 30/2020 (state) or Guidance 36 (Party) lay them out."""

    layout: str
    issuer_parent: str  # e.g. "UBND TỈNH TUYÊN QUANG" / "TỈNH ỦY TUYÊN QUANG"
    issuer: str  # e.g. "BAN CHỈ ĐẠO"
    motto: list[str]  # the national motto (state) or "ĐẢNG CỘNG SẢN VIỆT NAM" (Party)
    number: str  # "Số:      /BC-BCĐ" or "Số      -BC/BCĐ"
    place: str  # "Tuyên Quang"
    place_date: str  # "Tuyên Quang, ngày 20 tháng 10 năm 2025"
    title: str  # "BÁO CÁO"
    subject: str  # the subject line (trích yếu)
    cutoff: str  # "Số liệu tính đến ngày 20 tháng 10 năm 2025"
    signature_authority: str  # "TM. BAN CHỈ ĐẠO"
    signature_position: str  # "TRƯỞNG BAN"
    recipients: list[str] = field(default_factory=list)


@dataclass
class DirectiveSection:
    symbol: str
    kind: str
    name: str  # "Kế hoạch số 02-KH/BCĐTW" / "Plan 02-KH/BCĐTW"
    title: str
    counts: Counts
    previous: Counts | None
    total_change: int | None
    completed_change: int | None
    sentence: str


@dataclass
class UnitRow:
    """One lead unit under the report's unit (or the unit itself, for tasks it leads)."""

    code: str
    name: str
    kind: str
    counts: Counts
    is_self: bool = False


@dataclass
class TaskRow:
    id: int
    directive: str
    reference: str
    content: str
    lead_unit: str
    lead_unit_code: str
    responsible_person: str
    deadline_text: str
    due_on: date | None
    task_class: str
    colour: str  # green / yellow / red / "" (from STEERCO_COLOURS)
    completed_on: date | None
    days_late: int | None  # overdue tasks: days past the deadline in force as of the report date
    latest_obstacles: str
    missing_clears: list[str]


@dataclass
class FeedbackItem:
    reported_on: date
    directive: str
    reference: str
    task: str
    obstacles: str
    proposals: str


@dataclass
class UnitFeedback:
    unit: str
    unit_code: str
    items: list[FeedbackItem]


@dataclass
class RankRow:
    rank: int
    code: str
    name: str
    value: float | None
    previous_rank: int | None
    change: int | None
    total: int
    is_self: bool


@dataclass
class Ranking:
    metric: str
    peers: int
    rank: int | None
    previous_rank: int | None
    change: int | None  # positive: up that many places
    value: float | None
    sentence: str
    rows: list[RankRow]


@dataclass
class IndicatorRow:
    """One indicator of the unit against its target (numbers as numbers; achievement and
    change in percent: 145.0 for 145%)."""

    code: str
    name: str
    measure_unit: str
    period: str  # "2025-09"
    period_label: str  # "9 tháng năm 2025"
    value: float
    target: float | None
    target_period: str | None
    expected_value: float | None
    achievement: float | None
    same_period_last_year: float | None
    change: float | None
    status: str | None  # GREEN / YELLOW / RED
    sentence: str


@dataclass
class IndicatorSection:
    rows: list[IndicatorRow]
    # Read as recorded when the reporting period ending on the report date was closed.
    as_recorded_at: datetime | None = None


@dataclass
class PillarStanding:
    """One pillar of a composite index for the unit: its points and rank among peers."""

    code: str
    name: str
    weight: float
    score: float | None
    rank: int | None


@dataclass
class IndexStanding:
    """The unit's standing on a composite index for its latest period not after the report
    date: published where published (the computed score beside it), with the change since
    the previous period (places gained; None without one)."""

    code: str
    name: str
    period: str  # "2025-10"
    period_label: str  # "tháng 10 năm 2025"
    rank: int | None
    peers: int
    change: int | None
    score: float | None
    scale: float
    source: str  # "published" / "computed"
    computed_score: float | None
    computed_rank: int | None
    pillars: list[PillarStanding]


@dataclass
class BudgetLine:
    """A line of the budget section (amounts: integers in đồng; the rate in percent,
    rounded from the exact fraction)."""

    key: str
    label: str
    estimated: int
    allocated: int
    disbursed: int
    planned: int
    rate_percent: float | None
    own: bool = False


@dataclass
class BudgetSection:
    """The money of the report's scope in the report date's budget year: the figures of
    `steerco budget summary` and the budget page (steerco.reports.money)."""

    year: int
    sentence: str  # "Tổng kinh phí dự toán … tỷ đồng, đã phân bổ …, giải ngân …, đạt …%."
    slowest_sentence: str  # the slowest-disbursing units named ("" without any)
    totals: BudgetLine
    by_source: list[BudgetLine]
    by_unit: list[BudgetLine]
    slowest: list[BudgetLine]


@dataclass
class ReportContent:
    lang: str
    unit_code: str
    unit_name: str
    as_of: date
    previous_on: date | None
    scope: str  # "all", or the directive's symbol
    with_implementing: bool
    feedback_from: date  # first day of the window the obstacles and proposals come from
    heading: Heading
    totals: Counts
    previous_totals: Counts | None
    summary: list[str]  # the opening sentences (overall, then one per directive)
    directives: list[DirectiveSection]
    units: list[UnitRow]
    tasks: list[TaskRow]  # every task in scope assigned by the report date, not cancelled
    feedback: list[UnitFeedback]
    ranking: Ranking | None
    five_clear_rate: float | None
    # The counts come from the snapshot frozen when the period ending on `as_of` was closed
    # (what that meeting was told); the task lists always come from the live history.
    frozen_counts: bool = False
    # The unit's indicators against target; None (and no section) without indicator data.
    indicators: IndicatorSection | None = None
    # The unit's ranks on every composite index and by GREEN rate, in one opening
    # sentence, and each index's pillars; None and [] when no index has results for it.
    ranks_line: str | None = None
    indices: list[IndexStanding] = field(default_factory=list)
    # The budget section; None (and no section) when no money is recorded in scope.
    budget: BudgetSection | None = None

    @property
    def overdue(self) -> list[TaskRow]:
        rows = [t for t in self.tasks if t.task_class == "overdue"]
        return sorted(rows, key=lambda t: (-(t.days_late or 0), t.lead_unit_code, t.id))

    @property
    def not_five_clear(self) -> list[TaskRow]:
        return [t for t in self.tasks if t.missing_clears]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["overdue"] = [asdict(t) for t in self.overdue]
        data["not_five_clear"] = [asdict(t) for t in self.not_five_clear]
        if self.indicators is None:
            del data["indicators"]  # reports without indicator data stay as they were
        if self.budget is None:
            del data["budget"]  # nor those without money recorded
        if not self.indices:
            del data["ranks_line"], data["indices"]  # nor those without index results
        return _jsonable(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value
