"""Disbursement sheets (the layout and the export; the upload is `budget_sheet_import`): a unit's tasks with money for a year out to .xlsx, the payments the
unit's accounts made back in as disbursements — like the progress sheet.

Out: one row per task the unit leads × funding source with an allocation in the year —
directive, reference, content, source, allocated and disbursed to date, locked by sheet
protection — then the columns the unit fills in: amount paid, date paid, voucher, note.
A hidden column holds each row's key (unit, year, task, source) and a hidden sheet the
format, unit, year and export date, each signed (HMAC with the settings' secret key). Text written never starts a formula.

In: everything in the file is user input. The signature must match (else the hidden
cells were edited: refused); the unit must be the one the uploader chose and reports for;
every row's task is read again, must be led by that unit and be one the uploader may
record a disbursement for. Each filled row goes through
`steerco.budget.services.disbursement_record` — the ceilings, dates and reversals are
checked there — all rows or none, each refusal naming its row and column. A voucher is
required: a row whose (task, source, year, date, amount, voucher) is already recorded is
counted as already recorded, not paid again, so the same sheet uploaded twice pays once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.signing import Signer
from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from steerco.budget.models import Allocation, Disbursement, FundingSource
from steerco.directives.models import Task
from steerco.lib.spreadsheets import formula_safe
from steerco.lib.vietnamese import format_short_date
from steerco.units.models import Unit

SHEET = "Giải ngân"
META = "steerco"
FORMAT = "steerco-disbursement-sheet/1"
HEADER_ROW = 4
SIGNER = Signer(salt="steerco.intake.budget_sheets")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    editable: bool = False
    hidden: bool = False


COLUMNS = [
    Column("key", "Khóa", 14, hidden=True),
    Column("directive", "Văn bản", 16),
    Column("reference", "Số hiệu", 9),
    Column("content", "Nội dung nhiệm vụ", 50),
    Column("source", "Nguồn vốn", 16),
    Column("allocated", "Đã phân bổ (đồng)", 18),
    Column("disbursed", "Đã giải ngân (đồng)", 18),
    Column("amount", "Số tiền giải ngân (đồng)", 18, editable=True),
    Column("paid_on", "Ngày chi (dd/mm/yyyy)", 14, editable=True),
    Column("voucher", "Số chứng từ", 16, editable=True),
    Column("note", "Ghi chú", 30, editable=True),
]
LETTER = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


@dataclass(frozen=True)
class SheetLine:
    """One row of the sheet: a task the unit leads and a source with money in the year."""

    task: Task
    source: str
    allocated: int
    disbursed: int

    @property
    def key(self) -> str:
        return f"{self.task.pk}:{self.source}"


def sheet_lines(unit: Unit, year: int) -> list[SheetLine]:
    """The unit's tasks × sources with an allocation in `year`, with their totals."""
    allocated = (
        Allocation.objects.filter(task__lead_unit=unit, year=year)
        .values("task_id", "source")
        .annotate(total=Sum("amount"))
    )
    paid = {
        (d["task_id"], d["source"]): int(d["total"])
        for d in Disbursement.objects.filter(task__lead_unit=unit, year=year)
        .values("task_id", "source")
        .annotate(total=Sum("amount"))
    }
    tasks = Task.objects.select_related("directive").in_bulk({a["task_id"] for a in allocated})
    lines = [
        SheetLine(
            tasks[a["task_id"]],
            a["source"],
            int(a["total"]),
            paid.get((a["task_id"], a["source"]), 0),
        )
        for a in allocated
    ]
    return sorted(
        lines, key=lambda li: (li.task.directive.symbol, li.task.reference, li.task.pk, li.source)
    )


def signed_key(unit: Unit, year: int, line: SheetLine) -> str:
    """A row's hidden key: unit, year, task and source, signed so an edit is told."""
    return SIGNER.sign(f"{unit.code}:{year}:{line.key}")


def meta_signature(format_: str, unit: str, year: str, exported_on: str) -> str:
    return SIGNER.signature("|".join([format_, unit, year, exported_on]))


# --- out -----------------------------------------------------------------------------


def budget_sheet_export(*, unit: Unit, year: int, exported_on: date) -> bytes:
    """The unit's disbursement sheet for `year` as .xlsx bytes."""
    lines = sheet_lines(unit, year)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = "BÁO CÁO GIẢI NGÂN KINH PHÍ NHIỆM VỤ"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = formula_safe(
        f"Đơn vị: {unit.name} ({unit.code}) — năm ngân sách {year} — xuất ngày "
        f"{format_short_date(exported_on)}"
    )
    ws["A3"] = (
        "Mỗi dòng một khoản chi: điền số tiền, ngày chi và số chứng từ (bắt buộc); số âm là "
        "thu hồi. Không thêm, xóa hay đổi thứ tự dòng."
    )
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, index, column.title)
        cell.font = Font(bold=True)
        cell.fill = EDITABLE_FILL if column.editable else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        ws.column_dimensions[letter].hidden = column.hidden
    labels = dict(FundingSource.choices)
    for row, line in enumerate(lines, start=HEADER_ROW + 1):
        values: dict[str, Any] = {
            "key": signed_key(unit, year, line),
            "directive": formula_safe(line.task.directive.symbol),
            "reference": formula_safe(line.task.reference),
            "content": formula_safe(line.task.content),
            "source": str(labels[line.source]),
            "allocated": line.allocated,
            "disbursed": line.disbursed,
        }
        for index, column in enumerate(COLUMNS, start=1):
            cell = ws.cell(row, index, values.get(column.key))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.key in ("allocated", "disbursed", "amount"):
                cell.number_format = "#,##0"
            if column.editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
                if column.key != "amount":
                    cell.number_format = "@"  # dates and vouchers stay as typed
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 5)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    meta = wb.create_sheet(META)
    entries = [
        ("format", FORMAT),
        ("unit", unit.code),
        ("year", str(year)),
        ("exported_on", exported_on.isoformat()),
    ]
    signature = meta_signature(*(v for _k, v in entries))
    for entry in [*entries, ("signature", signature)]:
        meta.append(entry)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
