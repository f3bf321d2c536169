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

The layout lives in `sheet_layout`, the export in `sheet_export`, the upload in
`sheet_import` (its cells read by `sheet_cells`); this module keeps every name importable
from one place and `sheet_rebase`, which reads an upload back into a fresh export.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from steerco.lib.problems import Problem
from steerco.units.models import Unit

from .readers import clean
from .sheet_export import CONFLICT_FILL, EDITABLE_FILL, HEADER_FILL, sheet_export
from .sheet_import import (
    SheetError,
    SheetImport,
    SheetRow,
    read_upload,
    reporting_unit,
    sheet_import,
    task_id,
)
from .sheet_layout import (
    COLUMNS,
    FORMAT,
    HEADER_ROW,
    LETTER,
    META,
    SHEET,
    STATE_LABELS,
    Column,
    open_tasks,
    stamp,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "COLUMNS",
    "CONFLICT_FILL",
    "EDITABLE_FILL",
    "FORMAT",
    "HEADER_FILL",
    "HEADER_ROW",
    "LETTER",
    "META",
    "SHEET",
    "STATE_LABELS",
    "Column",
    "Problem",
    "SheetError",
    "SheetImport",
    "SheetRow",
    "open_tasks",
    "sheet_export",
    "sheet_import",
    "sheet_rebase",
    "stamp",
]

_stamp = stamp  # the name tests import


def sheet_rebase(
    *,
    name: str,
    data: bytes,
    exported_on: date,
    unit: Unit | None = None,
    user: User | None = None,
) -> bytes:
    """A fresh sheet for the unit the upload reports for that keeps everything the unit
    typed: its progress entries are carried over by task id, and the rows whose task
    changed since the first export are flagged for a second look. `unit` and `user` are
    checked as in `sheet_import`; only that unit's open tasks are ever written."""
    upload = read_upload(name, data)
    unit = reporting_unit(name, upload, unit, user)
    current = {t.pk: t for t in open_tasks(unit)}
    carried: dict[int, dict[str, Any]] = {}
    flagged: dict[int, str] = {}
    editable = [c.key for c in COLUMNS if c.editable]
    for _number, values in upload.rows:
        cells = dict(zip((c.key for c in COLUMNS), values, strict=False))
        raw_id = task_id(cells.get("id"))
        if raw_id is None or raw_id not in current:
            continue
        task = current[raw_id]
        carried[task.pk] = {k: cells[k] for k in editable if cells.get(k) not in (None, "")}
        if stamp(task, task.latest_update) != clean(cells.get("stamp")):
            flagged[task.pk] = (
                f"Nhiệm vụ đã thay đổi sau khi xuất bảng (báo cáo gần nhất {task.last_reported_on or '—'}); "
                "kiểm tra lại nội dung đã điền."
            )
    return sheet_export(unit=unit, exported_on=exported_on, carried=carried, flagged=flagged)
