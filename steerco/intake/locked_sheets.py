"""Reading back a workbook steerco exported with a locked sheet and a hidden key/value sheet
(progress sheets, indicator value sheets): the readers' size, zip and dimension checks, the
hidden sheet's entries with their rows, and the rows below an unchanged header."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .readers import IntakeFileError, clean, file_kind


@dataclass
class LockedUpload:
    meta: dict[str, str]  # the hidden sheet's keys and values (user input like any cell)
    meta_rows: dict[str, int]  # key -> its row in the hidden sheet
    rows: list[tuple[int, list[Any]]]  # (row number, cells padded to the columns)


def read_locked_sheet(
    name: str,
    data: bytes,
    *,
    sheet: str,
    meta_sheet: str,
    header_row: int,
    titles: Sequence[str],
    not_ours: Exception,
    changed: type[Exception],
) -> LockedUpload:
    """The upload's hidden entries and rows. `not_ours` is raised when the workbook lacks
    the two sheets; `changed(message)` when the header row's titles were edited."""
    file_kind(name, data, ("xlsx",))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise IntakeFileError(
            _("%(name)s: the workbook cannot be read (%(error)s)")
            % {"name": name, "error": exc.__class__.__name__}
        ) from None
    try:
        if sheet not in wb.sheetnames or meta_sheet not in wb.sheetnames:
            raise not_ours
        meta, meta_rows = _entries(wb[meta_sheet])
        rows = _rows(name, wb[sheet], header_row, list(titles), changed)
    finally:
        wb.close()
    return LockedUpload(meta, meta_rows, rows)


def _entries(sheet: Any) -> tuple[dict[str, str], dict[str, int]]:
    meta: dict[str, str] = {}
    meta_rows: dict[str, int] = {}
    for number, (key, value, *_rest) in enumerate(
        sheet.iter_rows(min_col=1, max_col=2, values_only=True), start=1
    ):
        if key and str(key) not in meta:
            meta[str(key)], meta_rows[str(key)] = clean(value), number
    return meta, meta_rows


def _rows(
    name: str, sheet: Any, header_row: int, titles: list[str], changed: type[Exception]
) -> list[tuple[int, list[Any]]]:
    rows: list[tuple[int, list[Any]]] = []
    limit = settings.STEERCO_IMPORT_MAX_ROWS
    width = len(titles)
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number == header_row:
            if [clean(v) for v in cells[:width]] != titles:
                raise changed(
                    _("%(name)s: the columns of row %(row)s were changed; download a new sheet")
                    % {"name": name, "row": header_row}
                )
        elif number > header_row:
            rows.append((number, list(cells) + [None] * (width - len(cells))))
        if len(rows) > limit:
            raise IntakeFileError(
                _("%(name)s: more than %(limit)s rows") % {"name": name, "limit": f"{limit:,}"}
            )
    return rows
