"""Import an action plan's table of tasks into a directive: preview, then commit all or nothing.

The table is found by its header row (synonyms in Vietnamese with or without diacritics,
and English; a header may span two rows, e.g. "Cơ quan thực hiện" over "Chủ trì" and
"Phối hợp"). Section rows ("I. NHIỆM VỤ CHUNG", "1. Về hạ tầng số") give the tasks
below them their reference prefix ("II.3"). Each task row is checked — content, lead
unit, deadline, cell length — and every problem is located by sheet, row and column.
A lead cell naming several units or a collective ("UBND các xã, phường") makes a parent
task led by the scope unit and one sub-task per unit. Re-importing updates the tasks
matched by reference instead of duplicating them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils.cell import get_column_letter

from steerco.directives.models import Directive, Task
from steerco.directives.services import DirectiveError, task_create_many, task_update
from steerco.lib.vietnamese import fold
from steerco.units.models import Unit

from .deadlines import Deadline, DeadlineError, parse_deadline
from .messages import deadline_message
from .readers import Sheet, read_table
from .unitnames import UnitDirectory, UnitNameError

DEFAULT_CADENCE = "quarter"  # a recurring task whose text names no cadence ("Thường xuyên")
HEADER_SCAN_ROWS = 30

# (key, pattern on the folded header text); the first rule that matches a cell wins.
COLUMN_RULES: list[tuple[str, str]] = [
    (
        "person",
        r"nguoi|can bo|lanh dao phu trach|dau moi|responsible person|person in charge|focal point|official",
    ),
    ("coordinating", r"phoi hop|coordinat|support|in cooperation"),
    (
        "lead",
        r"chu tri|lead|responsible|in charge|agency|owner|implement"
        r"|^(?:co quan|don vi|co quan, don vi|co quan/don vi) (?:thuc hien|trien khai|duoc giao)$",
    ),
    (
        "deadline",
        r"thoi gian|thoi han|tien do|han hoan thanh|deadline|due|timeline|time|completion|when",
    ),
    ("product", r"san pham|ket qua|product|output|deliverable|result"),
    ("field", r"linh vuc|^field$|^area$|sector"),
    ("authority", r"tham quyen|authority"),
    ("note", r"ghi chu|note|remark"),
    ("number", r"^(?:stt|tt|so tt|so thu tu|no|number|#|ref|reference|ma|ma so)$"),
    (
        "content",
        r"noi dung|nhiem vu|giai phap|cong viec|hoat dong|task|content|description|activit|action",
    ),
]
REQUIRED = ("content", "lead")
LABELS = {
    "number": "STT",
    "content": "Nội dung nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "coordinating": "Cơ quan phối hợp",
    "deadline": "Thời hạn hoàn thành",
    "product": "Sản phẩm",
    "person": "Người phụ trách",
    "field": "Lĩnh vực",
    "authority": "Thẩm quyền",
}
_ROMAN = re.compile(r"^[IVXLC]+$")
_MARKER = re.compile(
    r"^\s*(?:phan\s+|muc\s+)?([IVXLC]+|[A-Z]|\d+(?:\.\d+)*)\s*[.)/:-]\s*(.*)$", re.S
)
_BULLET = {"-", "+", "*", "•", "–", "—"}


@lru_cache(maxsize=4096)
def _parse_deadline(text: str, year: int) -> Deadline:
    return parse_deadline(text, year=year)


class PlanError(ValueError):
    """The file as a whole cannot be imported (no header row, wrong type, too large)."""


@dataclass
class Problem:
    sheet: str | None
    row: int | None
    column: str | None
    value: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.column or ''}{self.row or ''}" if self.sheet else "file"
        value = f" {self.value[:60]!r}" if self.value else ""
        return f"{where}{value}: {self.message}"


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


@dataclass
class PlanImport:
    directive: Directive
    scope: Unit
    file_name: str
    rows: list[PlanRow] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    committed: bool = False
    assigned_by: Unit | None = None  # the unit the new tasks are assigned by (the issuer)

    @property
    def created(self) -> int:
        return sum(r.action == "create" for r in self.rows)

    @property
    def updated(self) -> int:
        return sum(r.action == "update" for r in self.rows)

    @property
    def unchanged(self) -> int:
        return sum(r.action == "unchanged" for r in self.rows)

    @property
    def cascaded(self) -> int:
        return sum(len(r.new_subtasks) for r in self.rows)

    def as_dict(self) -> dict[str, object]:
        return {
            "created": self.created,
            "updated": self.updated,
            "cascaded": self.cascaded,
            "warnings": [w.as_dict() for w in self.warnings],
            "rejected": [p.as_dict() for p in self.rejected],
        }


# --- the header ----------------------------------------------------------------


def column_key(text: str) -> str | None:
    folded = fold(re.sub(r"\(\d+\)|\[\d+\]", " ", text)).strip(" .:*")
    if not folded or len(folded) > 80:
        return None
    for key, pattern in COLUMN_RULES:
        if re.search(pattern, folded):
            return key
    return None


def _mapping(cells: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for index, text in enumerate(cells):
        key = column_key(text)
        if key and key not in mapping:
            mapping[key] = index
    return mapping


def find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """(index of the first data row, column mapping), or None if the sheet has no header row."""
    for r in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        single = _mapping(sheet.rows[r])
        best, end = single, r
        if len(single) >= 2 and r + 1 < len(sheet.rows):  # a header spanning two rows
            combined = [
                " ".join(dict.fromkeys(t for t in (a, b) if t))
                for a, b in zip(sheet.rows[r], sheet.rows[r + 1], strict=True)
            ]
            double = _mapping(combined)
            if len(double) > len(single) and all(k in double for k in REQUIRED):
                best, end = double, r + 1
        if all(k in best for k in REQUIRED) and len(best) >= 3:
            start = end + 1
            if start < len(sheet.rows) and _is_numbering_row(sheet.rows[start]):
                start += 1
            return start, best
    return None


def _is_numbering_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(re.fullmatch(r"\(?\d{1,2}\)?|\(?[IVX]+\)?", c) for c in filled)


# --- rows ----------------------------------------------------------------------


class _Sections:
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


class _Planner:
    def __init__(self, result: PlanImport):
        self.result = result
        self.directory = UnitDirectory(result.scope)
        self.year = result.directive.issued_on.year
        self.max_cell = settings.STEERCO_IMPORT_MAX_CELL
        self.seen: dict[str, tuple[str, int]] = {}

    def problem(
        self, sheet: Sheet, row: int, key: str | None, index: int | None, value: str, message: str
    ) -> Problem:
        column = get_column_letter(index + 1) if index is not None else None
        label = f"{LABELS.get(key, key)}: " if key else ""
        return Problem(sheet.name, row, column, value[:200], label + message)

    def sheet(
        self, sheet: Sheet, start: int, mapping: dict[str, int], sections: _Sections | None = None
    ) -> _Sections:
        sections = sections or _Sections()
        for index in range(start, len(sheet.rows)):
            raw = sheet.rows[index]
            number = sheet.first_row + index
            cells = {k: raw[i] if i < len(raw) else "" for k, i in mapping.items() if k != "note"}
            if not any(cells.values()):
                continue
            section = _section(cells)
            if section is not None:
                marker, title = section
                if (
                    marker
                    and not _ROMAN.match(marker)
                    and cells.get("number") != cells.get("content")
                ):
                    self.result.warnings.append(
                        self.problem(
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
                continue
            self.task_row(sheet, number, cells, mapping, sections)
        return sections

    def task_row(
        self,
        sheet: Sheet,
        number: int,
        cells: dict[str, str],
        mapping: dict[str, int],
        sections: _Sections,
    ) -> None:
        errors: list[Problem] = []
        warnings: list[Problem] = []

        def fail(key: str, message: str) -> None:
            errors.append(
                self.problem(sheet, number, key, mapping.get(key), cells.get(key, ""), message)
            )

        for key, value in cells.items():
            if len(value) > self.max_cell:
                fail(
                    key,
                    _("the cell holds %(n)s characters; the limit is %(limit)s")
                    % {"n": f"{len(value):,}", "limit": f"{self.max_cell:,}"},
                )
        if errors:
            self.result.rejected += errors
            return
        content = cells.get("content", "")
        if not content:
            fail("content", _("the row has no task content"))
        reference = sections.reference(cells.get("number", ""))
        if len(reference) > 64:
            fail(
                "number",
                _("the reference %(ref)r is longer than 64 characters") % {"ref": reference[:70]},
            )
        elif reference in self.seen:
            other_sheet, other_row = self.seen[reference]
            fail(
                "number",
                _("reference %(ref)s is already used by row %(row)s of %(sheet)s")
                % {"ref": reference, "row": other_row, "sheet": other_sheet},
            )
        else:
            self.seen[reference] = (sheet.name, number)
        leads: list[Unit] = []
        cascade = False
        try:
            found = self.directory.match(cells.get("lead", ""), role="lead")
            leads, cascade = found.units, found.collective or len(found.units) > 1
            if len(found.units) > 1 and not found.collective:
                warnings.append(
                    self.problem(
                        sheet,
                        number,
                        "lead",
                        mapping["lead"],
                        cells["lead"],
                        _("%(n)s lead units: one sub-task each under a task led by %(unit)s")
                        % {"n": len(found.units), "unit": self.result.scope.name},
                    )
                )
        except UnitNameError as exc:
            fail("lead", str(exc))
        coordinating: list[Unit] = []
        external: list[str] = []
        if cells.get("coordinating"):
            found = self.directory.match(cells["coordinating"], role="coordinating")
            coordinating, external = found.units, found.external
            warnings += [
                self.problem(
                    sheet, number, "coordinating", mapping["coordinating"], cells["coordinating"], w
                )
                for w in found.warnings
            ]
        deadline = None
        if cells.get("deadline"):
            try:
                deadline = _parse_deadline(cells["deadline"], self.year)
            except DeadlineError as exc:
                fail("deadline", deadline_message(exc))
        if errors:
            self.result.rejected += errors
            return
        self.result.warnings += warnings
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
            )
        )


def _compare(
    plan: PlanRow, task: Task, scope: Unit, existing_subs: set[tuple[int, int]]
) -> Problem | None:
    """Fill `plan.action`, `plan.changes` and `plan.new_subtasks` against the existing task."""
    lead = scope if plan.cascade else plan.leads[0]
    if task.lead_unit_id != lead.pk:
        return Problem(
            plan.sheet,
            plan.row,
            plan.columns.get("lead"),
            plan.texts.get("lead", ""),
            _(
                "task %(ref)s exists with lead unit %(unit)s; a lead unit cannot be changed by re-importing"
            )
            % {"ref": plan.reference, "unit": task.lead_unit.name},
        )
    texts = plan.texts
    wanted = {
        "content": plan.content,
        "responsible_person": texts.get("person"),
        "expected_product": texts.get("product"),
        "field": texts.get("field"),
        "authority": texts.get("authority"),
        "external_partners": "\n".join(plan.external) if "coordinating" in texts else None,
    }
    if plan.deadline is not None and (
        plan.deadline.due_on != task.original_due_on or plan.deadline.recurring != task.recurring
    ):
        raise _DeadlineMoved(task)
    if plan.deadline is not None:
        wanted["deadline_text"] = plan.deadline.text
    plan.changes = {
        k: v.strip() for k, v in wanted.items() if v is not None and v.strip() != getattr(task, k)
    }
    if "coordinating" in texts:
        current = {u.pk for u in task.coordinating_units.all()}
        if current != {u.pk for u in plan.coordinating}:
            plan.changes["coordinating_units"] = ""
    if plan.cascade:
        plan.new_subtasks = [u for u in plan.leads if (task.pk, u.pk) not in existing_subs]
    plan.action = "update" if plan.changes or plan.new_subtasks else "unchanged"
    return None


class _DeadlineMoved(Exception):  # noqa: N818 - a signal inside this module
    def __init__(self, task: Task):
        self.task = task


def plan_preview(*, directive: Directive, within: Unit, name: str, data: bytes) -> PlanImport:
    """What importing the file would create, update and reject. Writes nothing."""
    result = PlanImport(directive=directive, scope=within, file_name=name)
    sheets = read_table(name, data)
    planner = _Planner(result)
    headed = 0
    previous: tuple[Sheet, dict[str, int], _Sections] | None = None
    for sheet in sheets:
        found = find_header(sheet)
        filled = sum(1 for row in sheet.rows if any(row))
        if found is not None:
            headed += 1
            start, mapping = found
            previous = (sheet, mapping, planner.sheet(sheet, start, mapping))
        elif previous and sheet.rows and len(sheet.rows[0]) == len(previous[0].rows[0]):
            # A Word table broken across pages into several tables: same columns, no header.
            result.warnings.append(
                Problem(
                    sheet.name,
                    None,
                    None,
                    "",
                    _("no header row; read with the columns of %(sheet)s")
                    % {"sheet": previous[0].name},
                )
            )
            previous = (previous[0], previous[1], planner.sheet(sheet, 0, previous[1], previous[2]))
        elif filled > 1:
            result.warnings.append(
                Problem(sheet.name, None, None, "", _("no header row found; skipped"))
            )
    if not headed:
        raise PlanError(
            _(
                "%(name)s: no table with a header row was found; the header needs at least the "
                "columns “Nội dung nhiệm vụ” (task) and “Cơ quan chủ trì” (lead unit)"
            )
            % {"name": name}
        )
    limit = settings.STEERCO_IMPORT_MAX_ROWS
    if len(result.rows) + len(result.rejected) > limit:
        raise PlanError(
            _("%(name)s: more than %(limit)s task rows; split the file")
            % {"name": name, "limit": f"{limit:,}"}
        )
    _match_existing(result)
    return result


def _match_existing(result: PlanImport) -> None:
    tasks = (
        Task.objects.filter(directive=result.directive)
        .exclude(parent__directive=result.directive)
        .select_related("lead_unit")
        .prefetch_related("coordinating_units")
    )
    by_reference = {t.reference: t for t in tasks}
    subs: set[tuple[int, int]] = set(
        Task.objects.filter(
            directive=result.directive, parent__directive=result.directive
        ).values_list("parent_id", "lead_unit_id")
    )
    for plan in result.rows:
        task = by_reference.get(plan.reference)
        if task is None:
            plan.new_subtasks = list(plan.leads) if plan.cascade else []
            continue
        plan.existing = task
        try:
            problem = _compare(plan, task, result.scope, subs)
        except _DeadlineMoved:
            result.warnings.append(
                Problem(
                    plan.sheet,
                    plan.row,
                    plan.columns.get("deadline"),
                    plan.deadline.text if plan.deadline else "",
                    _(
                        "task %(ref)s has the deadline %(deadline)s; "
                        "a deadline moves only by an approved extension, so it is kept"
                    )
                    % {
                        "ref": plan.reference,
                        "deadline": task.deadline_text or task.original_due_on,
                    },
                )
            )
            plan.deadline = None
            problem = _compare(plan, task, result.scope, subs)
        if problem is not None:
            result.rejected.append(problem)
    listed = {plan.reference for plan in result.rows}
    missing = sorted(ref for ref in by_reference if ref not in listed)
    if missing and any(plan.existing for plan in result.rows):  # a re-import
        shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
        result.warnings.append(
            Problem(
                None,
                None,
                None,
                "",
                _("%(n)s task(s) of the directive are not in this file: %(refs)s")
                % {"n": len(missing), "refs": shown},
            )
        )
    subs_by_parent: dict[int, set[int]] = {}
    for parent_id, lead_id in subs:
        subs_by_parent.setdefault(parent_id, set()).add(lead_id)
    for plan in result.rows:
        if plan.existing is not None and plan.cascade:
            dropped = subs_by_parent.get(plan.existing.pk, set()) - {u.pk for u in plan.leads}
            if dropped:
                result.warnings.append(
                    Problem(
                        plan.sheet,
                        plan.row,
                        plan.columns.get("lead"),
                        plan.texts.get("lead", ""),
                        _(
                            "%(n)s unit(s) with a sub-task of %(ref)s are no longer listed; their sub-tasks are kept"
                        )
                        % {"n": len(dropped), "ref": plan.reference},
                    )
                )
    rejected_rows = {(p.sheet, p.row) for p in result.rejected}
    result.rows = [r for r in result.rows if (r.sheet, r.row) not in rejected_rows]


def plan_import(
    *,
    directive: Directive,
    within: Unit,
    name: str,
    data: bytes,
    commit: bool = False,
    assigned_by: Unit | None = None,
) -> PlanImport:
    """Preview the import and, with `commit`, write every row or none (none if any row is rejected).

    New tasks are assigned by `assigned_by` — the caller's checked unit (the web passes the
    directive's issuer after checking the uploader manages it); the directive's issuer when
    omitted (the command line, run by an operator). Cascaded sub-tasks are assigned by
    their parent's lead unit, `within`."""
    result = plan_preview(directive=directive, within=within, name=name, data=data)
    result.assigned_by = assigned_by or directive.issuer
    if not commit or result.rejected:
        return result
    try:
        with transaction.atomic():
            _write(result)
    except DirectiveError as exc:
        result.rejected.append(Problem(None, None, exc.field, "", str(exc)))
        return result
    result.committed = True
    return result


def _schedule(deadline: Deadline | None) -> dict[str, Any]:
    if deadline is None:
        return {"deadline_text": "", "due_on": None, "recurring": False, "cadence": ""}
    return {
        "deadline_text": deadline.text,
        "due_on": deadline.due_on,
        "recurring": deadline.recurring,
        "cadence": (deadline.cadence or DEFAULT_CADENCE) if deadline.recurring else "",
    }


def _spec(plan: PlanRow, result: PlanImport) -> dict[str, Any]:
    """task_create's keyword arguments for a plan row's (parent) task."""
    texts = plan.texts
    return {
        "directive": result.directive,
        "reference": plan.reference,
        "lead_unit": result.scope if plan.cascade else plan.leads[0],
        "coordinating_units": plan.coordinating,
        "assigned_on": result.directive.issued_on,
        "assigned_by": result.assigned_by,
        "content": plan.content,
        "responsible_person": texts.get("person", ""),
        "expected_product": texts.get("product", ""),
        "field": texts.get("field", "")[:64],
        "authority": texts.get("authority", "")[:255],
        "external_partners": "\n".join(plan.external),
        **_schedule(plan.deadline),
    }


def _subtask_spec(plan: PlanRow, result: PlanImport, parent: Task, unit: Unit) -> dict[str, Any]:
    spec = _spec(plan, result)
    spec.update(
        lead_unit=unit,
        parent=parent,
        assigned_by=parent.lead_unit,
        deadline_text=parent.deadline_text,
        due_on=parent.original_due_on,
        recurring=parent.recurring,
        cadence=parent.cadence,
    )
    return spec


def _write(result: PlanImport) -> None:
    new = [plan for plan in result.rows if plan.existing is None]
    parents = dict(
        zip(
            (id(p) for p in new),
            task_create_many(specs=[_spec(p, result) for p in new]),
            strict=True,
        )
    )
    subtasks = []
    for plan in result.rows:
        task = plan.existing or parents[id(plan)]
        if plan.existing is not None and plan.action == "update":
            changes = {k: v for k, v in plan.changes.items() if k != "coordinating_units"}
            if changes or "coordinating_units" in plan.changes:
                task_update(
                    task=task,
                    coordinating_units=plan.coordinating
                    if "coordinating_units" in plan.changes
                    else None,
                    **changes,
                )
        subtasks += [_subtask_spec(plan, result, task, unit) for unit in plan.new_subtasks]
    task_create_many(specs=subtasks)
