"""A unit's progress sheet out to .xlsx: its open tasks, the columns it fills in (yellow,
unlocked, with drop-down and range checks), everything else locked by sheet protection,
and a hidden sheet naming the format and the unit. Text written never starts a formula."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from steerco.directives.models import Task, TaskState
from steerco.lib.spreadsheets import formula_safe
from steerco.lib.vietnamese import format_short_date
from steerco.units.models import Unit

from .sheet_layout import (
    COLUMNS,
    FORMAT,
    HEADER_ROW,
    LETTER,
    META,
    SHEET,
    STATE_LABELS,
    StampedTask,
    open_tasks,
    stamp,
)

EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
CONFLICT_FILL = PatternFill("solid", fgColor="F4CCCC")


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
    _title(ws, unit, exported_on)
    _header(ws)
    tasks = list(open_tasks(unit))
    for offset, task in enumerate(tasks):
        _task_row(ws, HEADER_ROW + 1 + offset, task, carried.get(task.pk, {}), flagged.get(task.pk))
    _protect(ws, last=HEADER_ROW + max(len(tasks), 1))
    _meta(wb, unit, exported_on, len(tasks))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _deadline_shown(task: Task) -> str:
    if task.recurring:
        return task.deadline_text or "Thường xuyên"
    if task.due_on and task.due_on != task.original_due_on:
        return format_short_date(task.due_on) + " (gia hạn)"
    return task.deadline_text or (format_short_date(task.due_on) if task.due_on else "")


def _title(ws: Worksheet, unit: Unit, exported_on: date) -> None:
    ws["A1"] = "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = formula_safe(
        f"Đơn vị: {unit.name} ({unit.code}) — xuất ngày {format_short_date(exported_on)}"
    )
    ws["A3"] = (
        "Chỉ điền các cột màu vàng. Không thêm, xóa hay đổi thứ tự dòng; "
        "tải lên tệp này để ghi nhận tiến độ."
    )


def _header(ws: Worksheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, index, column.title)
        cell.font = Font(bold=True)
        cell.fill = EDITABLE_FILL if column.editable else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden


def _task_row(
    ws: Worksheet, row: int, task: StampedTask, carried: dict[str, Any], flag: str | None
) -> None:
    """One task's row: its identity, its current progress (or what the unit had typed)."""
    values: dict[str, Any] = {
        "id": task.pk,
        "stamp": stamp(task, task.latest_update),
        "directive": formula_safe(task.directive.symbol),
        "reference": formula_safe(task.reference),
        "content": formula_safe(task.content),
        "deadline": formula_safe(_deadline_shown(task)),
        "product": formula_safe(task.expected_product),
        "state": STATE_LABELS[TaskState(task.state)],
        "percent": task.percent,
    }
    for key, value in carried.items():
        values[key] = formula_safe(value) if isinstance(value, str) else value
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row, index, values.get(column.key))
        if flag is not None and column.key == "reference":
            cell.fill = CONFLICT_FILL
            cell.comment = Comment(flag, "steerco")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.editable:
            cell.protection = Protection(locked=False)
            cell.fill = EDITABLE_FILL
        if column.key == "product_date":
            cell.number_format = "DD/MM/YYYY"


def _protect(ws: Worksheet, last: int) -> None:
    """Drop-down and range checks on the columns the unit fills in; the rest locked."""
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


def _meta(wb: Workbook, unit: Unit, exported_on: date, count: int) -> None:
    """The hidden sheet: the format, the unit, the export day and the number of tasks."""
    meta = wb.create_sheet(META)
    for entry in (
        ("format", FORMAT),
        ("unit", unit.code),
        ("exported_on", exported_on.isoformat()),
        ("tasks", str(count)),
    ):
        meta.append(entry)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
