"""XLSX export of a task list. Cells that a spreadsheet would read as a formula are
neutralised with a leading apostrophe-quote."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from steerco.lib.spreadsheets import formula_safe
from steerco.lib.vietnamese import format_short_date

DATE_FORMAT = "dd/mm/yyyy"  # format_short_date's, in Excel's terms


def tasks_workbook(tasks: Iterable[Any], *, as_of: date, class_labels: dict[str, str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Tasks")[:31]
    header = [
        _("Directive"),
        _("Reference"),
        _("Task"),
        _("Lead unit"),
        _("Responsible person"),
        _("Deadline as written"),
        _("Deadline in force"),
        _("Expected product"),
        _("Field"),
        _("State"),
        _("Percent"),
        _("Class as of %(day)s") % {"day": format_short_date(as_of)},
        _("Last reported on"),
        _("Five clear"),
    ]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for t in tasks:
        row = [
            t.directive.symbol,
            t.reference,
            t.content,
            t.lead_unit.name,
            t.responsible_person,
            t.deadline_text,
            t.c_due,
            t.expected_product,
            t.field,
            t.get_state_display(),
            t.percent,
            class_labels.get(t.task_class, t.task_class),
            t.last_reported_on,
            _("yes") if t.five_clear else _("no"),
        ]
        ws.append([formula_safe(v) for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT  # as the pages write dates, not ISO
    for column, width in zip(
        "ABCDEFGHIJKLMN", (16, 10, 60, 30, 24, 16, 14, 40, 18, 14, 8, 18, 14, 8), strict=True
    ):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
