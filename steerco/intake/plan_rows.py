"""A plan table's rows below its header: section headings and task rows.

Section rows ("I. NHIỆM VỤ CHUNG", "1. Về hạ tầng số") give the tasks below them their
reference prefix ("II.3"). Each task row is checked — content, lead unit, deadline, cell
length — and every problem is located by sheet, row and column. A lead cell naming
several units or a collective ("UBND các xã, phường") makes the row a cascade: a parent
task led by the scope unit and one sub-task per unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils.cell import get_column_letter

from steerco.directives.models import Task
from steerco.lib.problems import Problem
from steerco.people.models import Person
from steerco.units.models import Unit

from .deadlines import Deadline, DeadlineError, parse_deadline
from .messages import deadline_message
from .plan_headers import LABELS
from .plan_money import parse_cost, parse_source
from .readers import Sheet
from .unitnames import UnitDirectory, UnitNameError

if TYPE_CHECKING:
    from .plans import PlanImport

_ROMAN = re.compile(r"^[IVXLC]+$")
_MARKER = re.compile(
    r"^\s*(?:phan\s+|muc\s+)?([IVXLC]+|[A-Z]|\d+(?:\.\d+)*)\s*[.)/:-]\s*(.*)$", re.S
)
_BULLET = {"-", "+", "*", "•", "–", "—"}


@lru_cache(maxsize=4096)
def _parse_deadline(text: str, year: int) -> Deadline:
    return parse_deadline(text, year=year)


@dataclass
class PlanRow:
    sheet: str
    row: int
    reference: str
    group: str
    content: str
    leads: list[Unit]
    cascade: bool
    coordinating: list[Unit]
    external: list[str]
    deadline: Deadline | None
    texts: dict[str, str]
    columns: dict[str, str] = field(default_factory=dict)  # key -> column letter
    existing: Task | None = None
    action: str = "create"  # create | update | unchanged
    changes: dict[str, str] = field(default_factory=dict)
    new_subtasks: list[Unit] = field(default_factory=list)
    cost: int | None = None  # the "Kinh phí" cell in đồng (steerco.intake.plan_money)
    source: str | None = None  # its "Nguồn vốn"; None: the lead unit's level's budget
    person: Person | None = None  # the official the person cell names (plan_people)


# --- sections ------------------------------------------------------------------


class Sections:
    """The section a row is in, and the references it gives the tasks under it."""

    def __init__(self) -> None:
        self.top = ""
        self.sub = ""
        self.title = ""
        self.counter: dict[str, int] = {}

    @property
    def prefix(self) -> str:
        return ".".join(p for p in (self.top, self.sub) if p)

    def enter(self, marker: str, title: str) -> None:
        if _ROMAN.match(marker) or re.fullmatch(r"[A-Z]", marker):
            self.top, self.sub = marker, ""
        elif marker:
            self.sub = marker
        self.title = title

    def reference(self, number: str) -> str:
        number = number.strip().rstrip(".)")
        if number in _BULLET:
            number = ""
        if not number:
            self.counter[self.prefix] = self.counter.get(self.prefix, 0) + 1
            number = str(self.counter[self.prefix])
        if re.match(r"^[IVXLC]+\.", number) or not self.prefix:
            return number
        if self.sub and number.startswith(self.sub + "."):
            return ".".join(p for p in (self.top, number) if p)
        return f"{self.prefix}.{number}"


def _section(cells: dict[str, str]) -> tuple[str, str] | None:
    """(marker, title) when the row is a section heading rather than a task."""
    number, content = cells.get("number", ""), cells.get("content", "")
    own = {
        k: v
        for k, v in cells.items()
        if v and v not in (number, content) and k not in ("number", "content")
    }
    if own:
        return None
    text = content or number
    if number and number != content:
        marker = number.strip().rstrip(".)")
        if not (_ROMAN.match(marker) or re.fullmatch(r"[A-Z]|\d+(?:\.\d+)*", marker)):
            return None
        return marker, content
    m = _MARKER.match(text)
    if m:
        return m[1], m[2].strip()
    return "", text


# --- task rows -----------------------------------------------------------------


def located(
    sheet: Sheet, row: int, key: str | None, index: int | None, value: str, message: str
) -> Problem:
    """A problem at a cell: the column's letter, and its label before the message."""
    column = get_column_letter(index + 1) if index is not None else None
    label = f"{LABELS.get(key, key)}: " if key else ""
    return Problem(sheet.name, row, column, value[:200], label + message)


@dataclass
class _RowCheck:
    """One task row's cells and the problems found in them so far."""

    sheet: Sheet
    number: int
    cells: dict[str, str]
    mapping: dict[str, int]
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def _at(self, key: str, message: str) -> Problem:
        return located(
            self.sheet, self.number, key, self.mapping.get(key), self.cells.get(key, ""), message
        )

    def fail(self, key: str, message: str) -> None:
        self.errors.append(self._at(key, message))

    def warn(self, key: str, message: str) -> None:
        self.warnings.append(self._at(key, message))


class RowPlanner:
    """Reads the rows of a plan's sheets into `result`: planned rows, warnings, rejections."""

    def __init__(self, result: PlanImport):
        self.result = result
        self.directory = UnitDirectory(result.scope)
        self.year = result.directive.issued_on.year
        self.max_cell = settings.STEERCO_IMPORT_MAX_CELL
        self.seen: dict[str, tuple[str, int]] = {}

    def sheet(
        self, sheet: Sheet, start: int, mapping: dict[str, int], sections: Sections | None = None
    ) -> Sections:
        sections = sections or Sections()
        for index in range(start, len(sheet.rows)):
            raw = sheet.rows[index]
            number = sheet.first_row + index
            cells = {k: raw[i] if i < len(raw) else "" for k, i in mapping.items() if k != "note"}
            if not any(cells.values()):
                continue
            section = _section(cells)
            if section is None:
                self.task_row(sheet, number, cells, mapping, sections)
                continue
            marker, title = section
            if marker and not _ROMAN.match(marker) and cells.get("number") != cells.get("content"):
                self.result.warnings.append(
                    located(
                        sheet,
                        number,
                        "number",
                        mapping.get("number"),
                        f"{marker}. {title}",
                        _(
                            "read as a section heading (no lead unit, deadline or product); "
                            "if it is a task, fill in its lead unit"
                        ),
                    )
                )
            sections.enter(marker, title)
        return sections

    def task_row(
        self,
        sheet: Sheet,
        number: int,
        cells: dict[str, str],
        mapping: dict[str, int],
        sections: Sections,
    ) -> None:
        row = _RowCheck(sheet, number, cells, mapping)
        self._check_lengths(row)
        if row.errors:
            self.result.rejected += row.errors
            return
        content = cells.get("content", "")
        if not content:
            row.fail("content", _("the row has no task content"))
        reference = self._reference(row, sections)
        leads, cascade = self._leads(row)
        coordinating, external = self._coordinating(row)
        deadline = self._deadline(row)
        cost, source = self._cost(row)
        if row.errors:
            self.result.rejected += row.errors
            return
        self.result.warnings += row.warnings
        self.result.rows.append(
            PlanRow(
                sheet=sheet.name,
                row=number,
                reference=reference,
                group=sections.title,
                content=content,
                leads=leads,
                cascade=cascade,
                coordinating=[u for u in coordinating if u not in leads],
                external=external,
                deadline=deadline,
                texts=cells,
                columns={k: get_column_letter(i + 1) for k, i in mapping.items()},
                cost=cost,
                source=source,
            )
        )

    def _check_lengths(self, row: _RowCheck) -> None:
        for key, value in row.cells.items():
            if len(value) > self.max_cell:
                row.fail(
                    key,
                    _("the cell holds %(n)s characters; the limit is %(limit)s")
                    % {"n": f"{len(value):,}", "limit": f"{self.max_cell:,}"},
                )

    def _reference(self, row: _RowCheck, sections: Sections) -> str:
        reference = sections.reference(row.cells.get("number", ""))
        if len(reference) > 64:
            row.fail(
                "number",
                _("the reference %(ref)r is longer than 64 characters") % {"ref": reference[:70]},
            )
        elif reference in self.seen:
            other_sheet, other_row = self.seen[reference]
            row.fail(
                "number",
                _("reference %(ref)s is already used by row %(row)s of %(sheet)s")
                % {"ref": reference, "row": other_row, "sheet": other_sheet},
            )
        else:
            self.seen[reference] = (row.sheet.name, row.number)
        return reference

    def _leads(self, row: _RowCheck) -> tuple[list[Unit], bool]:
        """The lead units, and whether the row cascades (several units or a collective)."""
        try:
            found = self.directory.match(row.cells.get("lead", ""), role="lead")
        except UnitNameError as exc:
            row.fail("lead", str(exc))
            return [], False
        if len(found.units) > 1 and not found.collective:
            row.warn(
                "lead",
                _("%(n)s lead units: one sub-task each under a task led by %(unit)s")
                % {"n": len(found.units), "unit": self.result.scope.name},
            )
        return found.units, found.collective or len(found.units) > 1

    def _coordinating(self, row: _RowCheck) -> tuple[list[Unit], list[str]]:
        """The coordinating units, and the external partners named beside them."""
        if not row.cells.get("coordinating"):
            return [], []
        found = self.directory.match(row.cells["coordinating"], role="coordinating")
        for warning in found.warnings:
            row.warn("coordinating", warning)
        return found.units, found.external

    def _deadline(self, row: _RowCheck) -> Deadline | None:
        if not row.cells.get("deadline"):
            return None
        try:
            return _parse_deadline(row.cells["deadline"], self.year)
        except DeadlineError as exc:
            row.fail("deadline", deadline_message(exc))
            return None

    def _cost(self, row: _RowCheck) -> tuple[int | None, str | None]:
        """The cost in đồng and its funding source, when the plan has those columns."""
        cost = source = None
        if row.cells.get("cost"):
            try:
                cost = parse_cost(row.cells["cost"])
            except ValueError as exc:
                row.fail("cost", str(exc))
        if row.cells.get("source"):
            try:
                source = parse_source(row.cells["source"])
            except ValueError as exc:
                row.fail("source", str(exc))
        return cost, source
