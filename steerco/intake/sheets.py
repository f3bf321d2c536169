"""Progress sheets: a unit's open tasks out to .xlsx, the unit's answers back in as progress updates.

The exported workbook has one sheet, "Tiến độ": identity columns (task id — hidden —,
directive, reference, content, deadline, expected product) locked by sheet protection,
and progress columns the unit fills in (state from a drop-down list, percent, what was
done, obstacles, proposals, the product's document symbol and date). A hidden column
holds a stamp of each task's state at export, so an upload can tell which tasks changed
since (someone else reported, the deadline moved) and refuse the sheet naming them.

Uploading creates one progress update per changed row through
`steerco.progress.services.progress_report` — validated exactly like the form — all or
nothing, in the name of the unit the uploader reports for (chosen on the page and checked
against their roles; the workbook's hidden cells are user input, so the hidden unit cell
must name that unit and every row must be one of its tasks). Text written into the sheet
never starts a formula.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from steerco.directives.models import Task, TaskState
from steerco.lib.spreadsheets import FORMULA_STARTS, formula_safe
from steerco.lib.vietnamese import fold, format_short_date
from steerco.progress.models import ProgressUpdate
from steerco.progress.services import ProgressError, progress_report
from steerco.units.models import Unit
from steerco.units.permissions import may

from .deadlines import DeadlineError, parse_deadline
from .plans import Problem
from .readers import IntakeFileError, clean, file_kind

SHEET = "Tiến độ"
META = "steerco"
FORMAT = "steerco-progress-sheet/1"
HEADER_ROW = 4

STATE_LABELS = {
    TaskState.NOT_STARTED: "Chưa thực hiện",
    TaskState.IN_PROGRESS: "Đang thực hiện",
    TaskState.COMPLETED: "Đã hoàn thành",
}
_STATE_WORDS = {
    **{fold(label): state for state, label in STATE_LABELS.items()},
    **{state.value: state for state in TaskState},
    **{fold(str(state.label)): state for state in TaskState},
    "chua bat dau": TaskState.NOT_STARTED,
    "dang trien khai": TaskState.IN_PROGRESS,
    "hoan thanh": TaskState.COMPLETED,
    "da xong": TaskState.COMPLETED,
    "done": TaskState.COMPLETED,
    "completed": TaskState.COMPLETED,
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    editable: bool = False
    hidden: bool = False


COLUMNS = [
    Column("id", "ID", 8, hidden=True),
    Column("stamp", "Dấu phiên bản", 14, hidden=True),
    Column("directive", "Văn bản", 16),
    Column("reference", "Số hiệu", 9),
    Column("content", "Nội dung nhiệm vụ", 60),
    Column("deadline", "Thời hạn", 16),
    Column("product", "Sản phẩm dự kiến", 30),
    Column("state", "Trạng thái", 18, editable=True),
    Column("percent", "Tỷ lệ hoàn thành (%)", 12, editable=True),
    Column("done", "Kết quả thực hiện", 40, editable=True),
    Column("obstacles", "Khó khăn, vướng mắc", 30, editable=True),
    Column("proposals", "Kiến nghị, đề xuất", 30, editable=True),
    Column("product_symbol", "Số, ký hiệu văn bản sản phẩm", 20, editable=True),
    Column("product_date", "Ngày ban hành sản phẩm", 14, editable=True),
]
LETTER = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
CONFLICT_FILL = PatternFill("solid", fgColor="F4CCCC")


def _unquote(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def open_tasks(unit: Unit):  # type: ignore[no-untyped-def]
    """The tasks a unit reports on in its sheet: those it leads, neither cancelled nor completed."""
    return (
        Task.objects.filter(lead_unit=unit, cancelled_on__isnull=True)
        .exclude(state=TaskState.COMPLETED)
        .select_related("directive")
        .annotate(latest_update=Max("updates__id"))
        .order_by("directive__symbol", "reference", "id")
    )


def _stamp(task: Task, latest_update: int | None) -> str:
    facts = f"{task.pk}|{latest_update or 0}|{task.due_on}|{task.cancelled_on}|{task.state}|{task.percent}|{task.content}"
    return hashlib.sha256(facts.encode()).hexdigest()[:16]


def _deadline_shown(task: Task) -> str:
    if task.recurring:
        return task.deadline_text or "Thường xuyên"
    if task.due_on and task.due_on != task.original_due_on:
        return format_short_date(task.due_on) + " (gia hạn)"
    return task.deadline_text or (format_short_date(task.due_on) if task.due_on else "")


def sheet_export(
    *,
    unit: Unit,
    exported_on: date,
    carried: dict[int, dict[str, Any]] | None = None,
    flagged: dict[int, str] | None = None,
) -> bytes:
    """The unit's progress sheet as .xlsx bytes. `carried` (task id -> progress column
    values) pre-fills rows with what a unit already typed; `flagged` (task id -> note)
    marks rows to check again."""
    carried, flagged = carried or {}, flagged or {}
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = formula_safe(
        f"Đơn vị: {unit.name} ({unit.code}) — xuất ngày {format_short_date(exported_on)}"
    )
    ws["A3"] = (
        "Chỉ điền các cột màu vàng. Không thêm, xóa hay đổi thứ tự dòng; "
        "tải lên tệp này để ghi nhận tiến độ."
    )
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, index, column.title)
        cell.font = Font(bold=True)
        cell.fill = EDITABLE_FILL if column.editable else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden

    tasks = list(open_tasks(unit))
    for offset, task in enumerate(tasks):
        row = HEADER_ROW + 1 + offset
        values: dict[str, Any] = {
            "id": task.pk,
            "stamp": _stamp(task, task.latest_update),  # type: ignore[attr-defined]
            "directive": formula_safe(task.directive.symbol),
            "reference": formula_safe(task.reference),
            "content": formula_safe(task.content),
            "deadline": formula_safe(_deadline_shown(task)),
            "product": formula_safe(task.expected_product),
            "state": STATE_LABELS[TaskState(task.state)],
            "percent": task.percent,
        }
        for key, value in carried.get(task.pk, {}).items():
            values[key] = formula_safe(value) if isinstance(value, str) else value
        for index, column in enumerate(COLUMNS, start=1):
            cell = ws.cell(row, index, values.get(column.key))
            if task.pk in flagged and column.key == "reference":
                cell.fill = CONFLICT_FILL
                cell.comment = Comment(flagged[task.pk], "steerco")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
            if column.key == "product_date":
                cell.number_format = "DD/MM/YYYY"

    last = HEADER_ROW + max(len(tasks), 1)
    states = DataValidation(
        type="list",
        formula1='"' + ",".join(STATE_LABELS.values()) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Trạng thái",
        error="Chọn một trạng thái trong danh sách.",
    )
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tỷ lệ",
        error="Nhập số nguyên từ 0 đến 100.",
    )
    day = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="1",
        allow_blank=True,
        showErrorMessage=True,
        error="Nhập ngày (dd/mm/yyyy).",
    )
    for validation, key in ((states, "state"), (percent, "percent"), (day, "product_date")):
        validation.add(f"{LETTER[key]}{HEADER_ROW + 1}:{LETTER[key]}{last}")
        ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 5)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False

    meta = wb.create_sheet(META)
    for entry in (
        ("format", FORMAT),
        ("unit", unit.code),
        ("exported_on", exported_on.isoformat()),
        ("tasks", str(len(tasks))),
    ):
        meta.append(entry)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- upload ---------------------------------------------------------------------


@dataclass
class SheetRow:
    row: int
    task: Task
    values: dict[str, Any]

    @property
    def state_label(self) -> str:
        return STATE_LABELS[TaskState(self.values["state"])]


@dataclass
class SheetImport:
    file_name: str
    unit: Unit | None = None
    reported_on: date | None = None
    updates: list[SheetRow] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "updates": len(self.updates),
            "unchanged": self.unchanged,
            "conflicts": [c.as_dict() for c in self.conflicts],
            "rejected": [p.as_dict() for p in self.rejected],
        }


class SheetError(ValueError):
    """The upload is not a steerco progress sheet (or cannot be read)."""


@dataclass
class _Upload:
    meta: dict[str, str]  # the hidden sheet's keys and values (user input like any cell)
    meta_rows: dict[str, int]  # key -> its row in the hidden sheet
    rows: list[tuple[int, list[Any]]]


def _read(name: str, data: bytes) -> _Upload:
    file_kind(name, data, ("xlsx",))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise IntakeFileError(
            _("%(name)s: the workbook cannot be read (%(error)s)")
            % {"name": name, "error": exc.__class__.__name__}
        ) from None
    try:
        if SHEET not in wb.sheetnames or META not in wb.sheetnames:
            raise SheetError(
                _(
                    "%(name)s: this is not a steerco progress sheet; download one from the progress sheets page"
                )
                % {"name": name}
            )
        meta: dict[str, str] = {}
        meta_rows: dict[str, int] = {}
        for number, (k, v, *_rest) in enumerate(
            wb[META].iter_rows(min_col=1, max_col=2, values_only=True), start=1
        ):
            if k and str(k) not in meta:
                meta[str(k)], meta_rows[str(k)] = clean(v), number
        if meta.get("format") != FORMAT:
            raise SheetError(
                _("%(name)s: unknown progress sheet format %(format)r")
                % {"name": name, "format": meta.get("format")}
            )
        rows = []
        limit = settings.STEERCO_IMPORT_MAX_ROWS
        for number, values in enumerate(wb[SHEET].iter_rows(values_only=True), start=1):
            if number == HEADER_ROW:
                titles = [clean(v) for v in values[: len(COLUMNS)]]
                if titles != [c.title for c in COLUMNS]:
                    raise SheetError(
                        _("%(name)s: the columns of row %(row)s were changed; download a new sheet")
                        % {"name": name, "row": HEADER_ROW}
                    )
            if number > HEADER_ROW:
                rows.append((number, list(values) + [None] * (len(COLUMNS) - len(values))))
            if len(rows) > limit:
                raise IntakeFileError(
                    _("%(name)s: more than %(limit)s rows") % {"name": name, "limit": f"{limit:,}"}
                )
    finally:
        wb.close()
    return _Upload(meta, meta_rows, rows)


def _sheet_unit(name: str, upload: _Upload, unit: Unit | None, user) -> Unit:  # type: ignore[no-untyped-def]
    """The unit an upload reports for, checked before anything about a task is read.

    `unit` is the one the uploader chose on the page; the sheet's hidden unit cell (user
    input like any other cell) must name it. Without `unit` (the command line, run by an
    operator) the sheet's own unit is trusted. A `user` must report for the unit."""
    code = upload.meta.get("unit", "")
    if unit is None:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise SheetError(
                _("%(name)s: the sheet's unit %(unit)r no longer exists")
                % {"name": name, "unit": code}
            )
    elif code != unit.code:
        raise SheetError(
            _(
                "%(name)s: this sheet names the unit %(code)r (hidden sheet “%(meta)s”, cell "
                "%(cell)s), but you are reporting for %(unit)s (%(unit_code)s); download the "
                "sheet of %(unit)s and fill that one in"
            )
            % {
                "name": name,
                "code": code[:40],
                "meta": META,
                "cell": f"B{upload.meta_rows.get('unit', 2)}",
                "unit": unit.name,
                "unit_code": unit.code,
            }
        )
    if user is not None and not may(user, "report", unit):
        raise SheetError(
            _("%(name)s: you do not report for %(unit)s") % {"name": name, "unit": unit.name}
        )
    return unit


def _text(value: Any, limit: int) -> str:
    text = _unquote(clean(value))
    if len(text) > limit:
        raise ValueError(
            _("the cell holds %(n)s characters; the limit is %(limit)s")
            % {"n": f"{len(text):,}", "limit": f"{limit:,}"}
        )
    return text


def _percent(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("expected a whole number from 0 to 100"))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = clean(value).rstrip("% ").replace(",", ".")
        if not re.fullmatch(r"\d{1,3}(?:\.\d+)?", text):
            raise ValueError(_("expected a whole number from 0 to 100"))
        number = float(text)
    if not number.is_integer() or not 0 <= number <= 100:
        raise ValueError(_("expected a whole number from 0 to 100"))
    return int(number)


def _state(value: Any) -> str:
    state = _STATE_WORDS.get(fold(clean(value)))
    if state is None:
        raise ValueError(
            _("expected one of: %(states)s") % {"states": ", ".join(STATE_LABELS.values())}
        )
    return state


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(value)
    try:
        deadline = parse_deadline(text)
    except DeadlineError:
        deadline = None
    if (
        deadline is None
        or deadline.due_on is None
        or not re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2}", text)
    ):
        raise ValueError(_("expected a date (dd/mm/yyyy)"))
    return deadline.due_on


def sheet_rebase(
    *,
    name: str,
    data: bytes,
    exported_on: date,
    unit: Unit | None = None,
    user=None,  # type: ignore[no-untyped-def]
) -> bytes:
    """A fresh sheet for the unit the upload reports for that keeps everything the unit
    typed: its progress entries are carried over by task id, and the rows whose task
    changed since the first export are flagged for a second look. `unit` and `user` are
    checked as in `sheet_import`; only that unit's open tasks are ever written."""
    upload = _read(name, data)
    unit = _sheet_unit(name, upload, unit, user)
    rows = upload.rows
    current = {t.pk: t for t in open_tasks(unit)}
    carried: dict[int, dict[str, Any]] = {}
    flagged: dict[int, str] = {}
    editable = [c.key for c in COLUMNS if c.editable]
    for _number, values in rows:
        cells = dict(zip((c.key for c in COLUMNS), values, strict=False))
        raw_id = cells.get("id")
        if (
            not isinstance(raw_id, int | float)
            or isinstance(raw_id, bool)
            or int(raw_id) not in current
        ):
            continue
        task = current[int(raw_id)]
        carried[task.pk] = {k: cells[k] for k in editable if cells.get(k) not in (None, "")}
        if _stamp(task, task.latest_update) != clean(cells.get("stamp")):  # type: ignore[attr-defined]
            flagged[task.pk] = (
                f"Nhiệm vụ đã thay đổi sau khi xuất bảng (báo cáo gần nhất {task.last_reported_on or '—'}); "
                "kiểm tra lại nội dung đã điền."
            )
    return sheet_export(unit=unit, exported_on=exported_on, carried=carried, flagged=flagged)


_FIELD_COLUMN = {
    "state": "state",
    "percent": "percent",
    "reported_on": "state",
    "product_date": "product_date",
    "task": "id",
    "product_symbol": "product_symbol",
}


def sheet_import(
    *,
    name: str,
    data: bytes,
    reported_on: date,
    unit: Unit | None = None,
    user=None,
    commit: bool = False,  # type: ignore[no-untyped-def]
) -> SheetImport:
    """Check an uploaded progress sheet and, with `commit`, record one progress update per
    changed row — all of them or none — in the name of the unit it reports for.

    `unit` is the unit the uploader chose; the sheet's hidden unit cell must name it (None:
    the sheet's own unit, for the command line run by an operator). `user` (None for the
    operator) must report for the unit and on every task. Only tasks the unit leads are
    rows of its sheet: any other id is refused as not a task of the sheet, whether or not
    it exists, before anything about it (reference, stamp, last report) is looked at."""
    result = SheetImport(file_name=name, reported_on=reported_on)
    upload = _read(name, data)
    result.unit = unit = _sheet_unit(name, upload, unit, user)
    rows = upload.rows
    ids = [
        int(v[0]) for _, v in rows if isinstance(v[0], int | float) and not isinstance(v[0], bool)
    ]
    tasks = {
        t.pk: t
        for t in Task.objects.filter(pk__in=ids, lead_unit=unit)
        .select_related("directive", "lead_unit", "assigned_by")
        .prefetch_related("coordinating_units")
        .annotate(latest_update=Max("updates__id"))
    }
    max_cell = settings.STEERCO_IMPORT_MAX_CELL
    digest = hashlib.sha256(data).hexdigest()[:40]
    already = set(
        ProgressUpdate.objects.filter(
            task_id__in=list(tasks), idempotency_key__startswith=f"sheet-{digest}-"
        ).values_list("task_id", flat=True)
    )
    seen: set[int] = set()
    for number, values in rows:
        cells = dict(zip((c.key for c in COLUMNS), values, strict=False))

        def problem(key: str, message: str, number: int = number, cells: dict = cells) -> Problem:
            value = "" if cells.get(key) is None else str(cells.get(key))
            return Problem(SHEET, number, LETTER[key], value[:200], message)

        if all(v in (None, "") for v in values):
            continue
        raw_id = cells.get("id")
        task = (
            tasks.get(int(raw_id))
            if isinstance(raw_id, int | float) and not isinstance(raw_id, bool)
            else None
        )
        if task is None:
            result.rejected.append(
                problem("id", _("this row is not a task of the exported sheet; do not add rows"))
            )
            continue
        if user is not None and not may(user, "report", task):
            result.rejected.append(problem("id", _("you may not report on this task")))
            continue
        if task.pk in seen:
            result.rejected.append(problem("id", _("this task appears twice; do not copy rows")))
            continue
        seen.add(task.pk)
        if task.pk in already:  # this very file was recorded before
            result.unchanged += 1
            continue
        if _stamp(task, task.latest_update) != clean(cells.get("stamp")):  # type: ignore[attr-defined]
            result.conflicts.append(
                problem(
                    "reference",
                    _(
                        "task %(ref)s changed since the sheet was exported (last reported on %(day)s); "
                        "download a new sheet for it"
                    )
                    % {"ref": task.reference or task.pk, "day": task.last_reported_on or "—"},
                )
            )
            continue
        if task.cancelled_on is not None or task.state == TaskState.COMPLETED:
            result.rejected.append(
                problem(
                    "id",
                    _("task %(ref)s is completed or cancelled; it is not on the unit's sheet")
                    % {"ref": task.reference or task.pk},
                )
            )
            continue
        parsed: dict[str, Any] = {}
        errors = []
        for key, parse in (
            ("state", _state),
            ("percent", _percent),
            ("product_date", _day),
            ("done", lambda v: _text(v, max_cell)),
            ("obstacles", lambda v: _text(v, max_cell)),
            ("proposals", lambda v: _text(v, max_cell)),
            ("product_symbol", lambda v: _text(v, 128)),
        ):
            try:
                parsed[key] = parse(cells.get(key))
            except ValueError as exc:
                errors.append(problem(key, str(exc)))
        if errors:
            result.rejected += errors
            continue
        changed = (
            parsed["state"] != task.state
            or (parsed["percent"] is not None and parsed["percent"] != task.percent)
            or any(
                parsed[k]
                for k in ("done", "obstacles", "proposals", "product_symbol", "product_date")
            )
        )
        if changed:
            result.updates.append(SheetRow(number, task, parsed))
        else:
            result.unchanged += 1
    if result.rejected or result.conflicts:
        return result
    with transaction.atomic():
        for update in result.updates:
            try:
                progress_report(
                    task=update.task,
                    reported_on=reported_on,
                    unit=unit,
                    author=user,
                    idempotency_key=f"sheet-{digest}-{update.task.pk}"[:64],
                    **update.values,
                )
            except ProgressError as exc:
                key = _FIELD_COLUMN.get(exc.field or "", "state")
                value = update.values.get(key)
                result.rejected.append(
                    Problem(
                        SHEET,
                        update.row,
                        LETTER[key],
                        "" if value is None else str(value),
                        str(exc),
                    )
                )
        if result.rejected or not commit:
            transaction.set_rollback(True)
            return result
    result.committed = True
    return result
