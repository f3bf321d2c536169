"""Small tables read from CSV or XLSX as rows of named columns.

For files whose first row names the columns (an indicator catalogue, values, targets).
`read_rows(name, data)` checks the extension against the content, the size and the number
of rows, then returns one `Table` per sheet (a CSV file is one sheet called "CSV"): the
header row's names, lower-cased with spaces as underscores, and each following non-blank
row as a dict of stripped text keyed by them. Problems with the file as a whole raise
`TableFileError` with a message a user can act on.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings

ZIP_MAGIC = b"PK\x03\x04"
MAX_COLUMNS = 200  # a table of named columns is narrow; cells past this are not read
MAX_INFLATION = 100  # a workbook inflating more than this (at least 1 MB) is refused


class TableFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Row:
    number: int  # the file's row number (1 = the header)
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Table:
    sheet: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


def column_name(text: str) -> str:
    return "_".join(text.strip().lower().split())


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ".0", dates as ISO, NFC, stripped."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date().isoformat() if value.time() == datetime.min.time() else value
    elif isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\x00", "")
    return unicodedata.normalize("NFC", text).strip()


def read_rows(
    name: str, data: bytes, *, max_bytes: int | None = None, max_rows: int | None = None
) -> list[Table]:
    """The tables of a .csv or .xlsx file; limits default to STEERCO_IMPORT_MAX_BYTES/_ROWS."""
    max_bytes = settings.STEERCO_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    max_rows = settings.STEERCO_IMPORT_MAX_ROWS if max_rows is None else max_rows
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ("csv", "xlsx"):
        raise TableFileError(f"{name}: expected a .csv or .xlsx file")
    if not data:
        raise TableFileError(f"{name}: the file is empty")
    if len(data) > max_bytes:
        raise TableFileError(
            f"{name}: the file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.1f} MB"
        )
    if extension == "xlsx" and not data.startswith(ZIP_MAGIC):
        raise TableFileError(f"{name}: this is not an .xlsx file (its content is not a workbook)")
    if extension == "csv" and data.startswith(ZIP_MAGIC):
        raise TableFileError(f"{name}: this is not a text (.csv) file; it looks like a workbook")
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        if extension == "xlsx":
            _check_inflation(name, data)
        grids = _csv_grid(name, data) if extension == "csv" else _xlsx_grids(data, max_rows)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, csv.Error) as exc:
        raise TableFileError(f"{name}: the file cannot be read ({exc})") from None
    cell_limit = getattr(settings, "STEERCO_IMPORT_MAX_CELL", 4000)
    for sheet, grid in grids:
        for number, row in enumerate(grid, start=1):
            if any(len(cell) > cell_limit for cell in row):
                raise TableFileError(
                    f"{name}: {sheet} row {number} has a cell over {cell_limit:,} characters"
                )
    tables = [_table(sheet, grid) for sheet, grid in grids]
    rows = sum(len(t.rows) for t in tables)
    if rows > max_rows:
        raise TableFileError(f"{name}: {rows:,} rows; the limit is {max_rows:,}")
    return [t for t in tables if t.columns]


def _table(sheet: str, grid: list[list[str]]) -> Table:
    header_at = next((i for i, row in enumerate(grid) if any(row)), None)
    if header_at is None:
        return Table(sheet, [])
    columns = [column_name(c) for c in grid[header_at]]
    table = Table(sheet, [c for c in columns if c])
    for offset, row in enumerate(grid[header_at + 1 :], start=header_at + 2):
        if any(row):
            cells = {c: v for c, v in zip(columns, row, strict=False) if c}
            table.rows.append(Row(offset, cells))
    return table


def _check_inflation(name: str, data: bytes) -> None:
    """Refuse a zip bomb before openpyxl inflates it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise TableFileError(f"{name}: this is not an .xlsx file (no workbook inside)")
        inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_INFLATION * max(len(data), 2**20):
        raise TableFileError(f"{name}: the file inflates to {inflated / 2**20:.0f} MB; refused")


def _csv_grid(name: str, data: bytes) -> list[tuple[str, list[list[str]]]]:
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableFileError(f"{name}: the .csv file is not UTF-8 text; save it as CSV UTF-8")
    # The header row names the columns and holds no separators of its own: the separator
    # it uses most is the file's (csv.Sniffer is misled by quoted names full of commas).
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [("CSV", [[cell_text(v) for v in row[:MAX_COLUMNS]] for row in rows])]


def _xlsx_grids(data: bytes, max_rows: int) -> list[tuple[str, list[list[str]]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    grids = []
    try:
        for ws in workbook.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            grid = []
            for row in ws.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                grid.append([cell_text(v) for v in row])
                if len(grid) > max_rows + 1:  # stop reading; the caller reports the limit
                    break
            grids.append((ws.title, grid))
    finally:
        workbook.close()
    return grids
