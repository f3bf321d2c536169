"""A unit's indicator values for one period as a locked .xlsx sheet, out and back in.

Out: the indicators the unit enters for the period (`figures.entry_indicators`), their
identity columns locked (code, name, measure unit, period), the value and comment columns
editable, and a hidden sheet naming the format, the unit and the period. Text written
never starts a formula.

In: the unit and the period are the ones the uploader chose (checked against their right
to report before anything else is read); the hidden sheet's cells are user input like any
other, so they must name that unit and period. The values go through the entry grid's
write (`indicators.entry.grid_record`): every one is recorded or none, and each refused
value is a (sheet, row, column, value, message) problem.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from steerco.directives.permissions import Action, may
from steerco.indicators.entry import GridError, grid_record
from steerco.indicators.figures import entry_indicators, latest_own_values
from steerco.indicators.models import Indicator, ValueSource
from steerco.lib.calendar_periods import CalendarPeriod, parse_calendar_period
from steerco.lib.problems import Problem
from steerco.lib.spreadsheets import FORMULA_STARTS, formula_safe
from steerco.lib.vietnamese import format_short_date
from steerco.units.models import Unit

from .locked_sheets import read_locked_sheet
from .readers import clean

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SHEET = "Chỉ tiêu"
META = "steerco"
FORMAT = "steerco-value-sheet/1"
HEADER_ROW = 4
COMMENT_LIMIT = 1000


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    editable: bool = False


COLUMNS = [
    Column("code", "Mã chỉ tiêu", 16),
    Column("name", "Tên chỉ tiêu", 50),
    Column("measure_unit", "Đơn vị tính", 14),
    Column("period", "Kỳ", 10),
    Column("value", "Giá trị", 16, editable=True),
    Column("comment", "Ghi chú", 40, editable=True),
]
LETTER = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


class ValueSheetError(ValueError):
    """The upload is not this unit's value sheet for this period (or cannot be read)."""


@dataclass
class ValueSheetImport:
    file_name: str
    unit: Unit
    period: CalendarPeriod
    recorded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit.code,
            "period": str(self.period),
            "recorded": self.recorded,
            "unchanged": self.unchanged,
            "warnings": [p.as_dict() for p in self.warnings],
            "rejected": [p.as_dict() for p in self.rejected],
            "committed": self.committed,
        }


# --- out -----------------------------------------------------------------------------


def value_sheet_export(*, unit: Unit, period: CalendarPeriod, exported_on: date) -> bytes:
    """The unit's value sheet for `period` as .xlsx bytes, its current values filled in."""
    indicators = entry_indicators(unit, period)
    latest = latest_own_values(unit, indicators, [period])
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = "BÁO CÁO SỐ LIỆU CHỈ TIÊU"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = formula_safe(
        f"Đơn vị: {unit.name} ({unit.code}) — kỳ {period} — xuất ngày "
        f"{format_short_date(exported_on)}"
    )
    ws["A3"] = (
        "Chỉ điền các cột màu vàng. Để trống ô giá trị để giữ nguyên; "
        "không thêm, xóa hay đổi thứ tự dòng."
    )
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, index, column.title)
        cell.font = Font(bold=True)
        cell.fill = EDITABLE_FILL if column.editable else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for row, indicator in enumerate(indicators, start=HEADER_ROW + 1):
        current = latest.get((indicator.pk, str(period)))
        values: dict[str, Any] = {
            "code": formula_safe(indicator.code),
            "name": formula_safe(indicator.name_vi),
            "measure_unit": formula_safe(indicator.measure_unit),
            "period": str(period),
            "value": current.value if current is not None else None,
        }
        for index, column in enumerate(COLUMNS, start=1):
            cell = ws.cell(row, index, values.get(column.key))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    meta = wb.create_sheet(META)
    for entry in (
        ("format", FORMAT),
        ("unit", unit.code),
        ("period", str(period)),
        ("exported_on", exported_on.isoformat()),
    ):
        meta.append(entry)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- in ------------------------------------------------------------------------------


def value_sheet_import(
    *,
    name: str,
    data: bytes,
    unit: Unit,
    period: CalendarPeriod | None = None,
    user: User | None = None,
    commit: bool = False,
) -> ValueSheetImport:
    """Check an uploaded value sheet of `unit` and, with `commit`, record its values — all
    or none — as imported versions.

    `unit` (and `period`, when given) are the uploader's choice, never the file's: the
    hidden sheet must name them. Without `period` (the command line, run by an operator)
    the sheet's period is read, still of `unit`. A `user` must report for `unit`; that is
    asked before the file is opened."""
    if user is not None and not may(user, Action.REPORT, unit):
        raise ValueSheetError(
            _("%(name)s: you do not report for %(unit)s") % {"name": name, "unit": unit.name}
        )
    meta, meta_rows, rows = _read(name, data)
    period = _checked_meta(name, meta, meta_rows, unit, period)
    result = ValueSheetImport(file_name=name, unit=unit, period=period)
    indicators = {i.code: i for i in entry_indicators(unit, period)}
    values, comments, where = _check_rows(result, rows, indicators, period)
    if result.rejected:
        return result
    with transaction.atomic():
        try:
            recorded = grid_record(
                unit=unit,
                period=period,
                indicators=indicators,
                values=values,
                comments=comments,
                author=user,
                source=ValueSource.IMPORTED,
            )
        except GridError as exc:
            for code, message in exc.errors.items():
                result.rejected.append(
                    Problem(SHEET, where[code], LETTER["value"], values[code], message)
                )
            return result
        result.recorded, result.unchanged = recorded.recorded, recorded.unchanged
        result.warnings = [
            Problem(SHEET, where[code], LETTER["value"], values[code], message)
            for code, message in recorded.warnings.items()
        ]
        if not commit:
            transaction.set_rollback(True)
            return result
    result.committed = True
    return result


def _read(
    name: str, data: bytes
) -> tuple[dict[str, str], dict[str, int], list[tuple[int, list[Any]]]]:
    """The hidden sheet's entries (and their rows) and the rows below the header, after the
    readers' size, zip and dimension checks."""
    upload = read_locked_sheet(
        name,
        data,
        sheet=SHEET,
        meta_sheet=META,
        header_row=HEADER_ROW,
        titles=[c.title for c in COLUMNS],
        not_ours=ValueSheetError(
            _(
                "%(name)s: this is not a steerco indicator value sheet; download one from the entry page"
            )
            % {"name": name}
        ),
        changed=ValueSheetError,
    )
    return upload.meta, upload.meta_rows, upload.rows


def _checked_meta(
    name: str,
    meta: dict[str, str],
    meta_rows: dict[str, int],
    unit: Unit,
    period: CalendarPeriod | None,
) -> CalendarPeriod:
    """The period of the upload, once the hidden sheet names the format, `unit` and `period`."""
    if meta.get("format") != FORMAT:
        raise ValueSheetError(
            _("%(name)s: unknown indicator value sheet format %(format)r")
            % {"name": name, "format": meta.get("format", "")[:40]}
        )
    if meta.get("unit", "") != unit.code:
        raise ValueSheetError(
            _(
                "%(name)s: this sheet names the unit %(code)r (hidden sheet “%(meta)s”, cell "
                "%(cell)s), but you are reporting for %(unit)s (%(unit_code)s); download the "
                "sheet of %(unit)s and fill that one in"
            )
            % {
                "name": name,
                "code": meta.get("unit", "")[:40],
                "meta": META,
                "cell": f"B{meta_rows.get('unit', 2)}",
                "unit": unit.name,
                "unit_code": unit.code,
            }
        )
    text = meta.get("period", "")
    if period is None:
        try:
            return parse_calendar_period(text)
        except ValueError:
            period = None
    if period is None or text != str(period):
        raise ValueSheetError(
            _(
                "%(name)s: this sheet is for the period %(found)r (hidden sheet “%(meta)s”, cell "
                "%(cell)s), not %(period)s; download the sheet of %(period)s and fill that one in"
            )
            % {
                "name": name,
                "found": text[:40],
                "meta": META,
                "cell": f"B{meta_rows.get('period', 3)}",
                "period": period if period is not None else "?",
            }
        )
    return period


def _text(value: Any) -> str:
    text = clean(value)
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _check_rows(
    result: ValueSheetImport,
    rows: list[tuple[int, list[Any]]],
    indicators: dict[str, Indicator],
    period: CalendarPeriod,
) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """(value by code, comment by code, row by code) of the non-empty rows; every row that
    is not one of the sheet's indicators, or repeats one, is a problem in `result`."""
    values: dict[str, str] = {}
    comments: dict[str, str] = {}
    where: dict[str, int] = {}
    for number, cells in rows:
        if all(v in (None, "") for v in cells):
            continue
        row = dict(zip((c.key for c in COLUMNS), cells, strict=False))
        code = _text(row.get("code"))

        def problem(
            key: str, message: str, row: dict[str, Any] = row, number: int = number
        ) -> None:
            value = _text(row.get(key))
            result.rejected.append(Problem(SHEET, number, LETTER[key], value[:200], message))

        if code not in indicators:
            problem(
                "code", _("this row is not an indicator of the exported sheet; do not add rows")
            )
            continue
        if code in where:
            problem("code", _("this indicator appears twice; do not copy rows"))
            continue
        if _text(row.get("period")) != str(period):
            problem("period", _("the period of the row was changed; download a new sheet"))
            continue
        comment = _text(row.get("comment"))
        if len(comment) > COMMENT_LIMIT:
            problem(
                "comment",
                _("the cell holds %(n)s characters; the limit is %(limit)s")
                % {"n": f"{len(comment):,}", "limit": f"{COMMENT_LIMIT:,}"},
            )
            continue
        where[code], values[code], comments[code] = number, _text(row.get("value")), comment
    return values, comments, where
