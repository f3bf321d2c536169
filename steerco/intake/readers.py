"""Uploaded tables as plain rows of text: .xlsx (openpyxl), .csv, .docx (python-docx).

`read_table(name, data)` checks the file against the limits and against what its
extension claims (an .xlsx or .docx is a zip with the right members; a .csv is text),
then returns its sheets (for a .docx, its tables) as rows of stripped strings, with
merged cells filled (a merged cell's text stands in every cell it covers). Problems
with the file as a whole raise `IntakeFileError` with a message a user can act on.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, Word 97-2003 .doc
MAX_UNZIPPED_RATIO = 100  # a zip that inflates more than this is refused (zip bomb)
KINDS = ("xlsx", "csv", "docx")


class IntakeFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Sheet:
    name: str
    rows: list[list[str]] = field(default_factory=list)
    first_row: int = 1  # the file's number for rows[0]


def clean(value: object) -> str:
    """A cell's value as text: dates as d/m/yyyy, whole numbers without ".0", no NUL bytes."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date() if value.time() == time(0) else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.day}/{value.month}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def file_kind(name: str, data: bytes, allowed: tuple[str, ...] = KINDS) -> str:
    """The file's kind from its extension, after checking its size and content agree."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise IntakeFileError(
            _("%(name)s: files of type .%(ext)s cannot be imported; use %(kinds)s")
            % {"name": name, "ext": extension or "?", "kinds": ", ".join("." + k for k in allowed)}
        )
    limit = settings.STEERCO_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise IntakeFileError(
            _("%(name)s: the file is %(size)s; the limit is %(limit)s")
            % {"name": name, "size": _mb(len(data)), "limit": _mb(limit)}
        )
    if not data:
        raise IntakeFileError(_("%(name)s: the file is empty") % {"name": name})
    if data.startswith(OLE_MAGIC):
        raise IntakeFileError(
            _(
                "%(name)s: this is an old Excel/Word 97-2003 file, not .%(ext)s; save it as .xlsx or .docx"
            )
            % {"name": name, "ext": extension}
        )
    if extension == "csv":
        head = data[:4096]
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        if data.startswith((ZIP_MAGIC, b"%PDF", b"\x89PNG")) or (
            not utf16 and head.count(0) > len(head) // 10
        ):
            raise IntakeFileError(_("%(name)s: this is not a text (.csv) file") % {"name": name})
        return extension
    member = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}[extension]
    if not data.startswith(ZIP_MAGIC):
        raise IntakeFileError(
            _("%(name)s: this is not an .%(ext)s file (its content is not what .%(ext)s holds)")
            % {"name": name, "ext": extension}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise IntakeFileError(
            _("%(name)s: the .%(ext)s file is damaged") % {"name": name, "ext": extension}
        ) from None
    if member not in names or "[Content_Types].xml" not in names:
        other = (
            "xlsx"
            if "xl/workbook.xml" in names
            else "docx"
            if "word/document.xml" in names
            else None
        )
        if other:
            message = _("%(name)s: this is not an .%(ext)s file; it is an .%(other)s file")
        else:
            message = _("%(name)s: this is not an .%(ext)s file")
        raise IntakeFileError(message % {"name": name, "ext": extension, "other": other})
    if unzipped > MAX_UNZIPPED_RATIO * max(len(data), 1024 * 1024):
        raise IntakeFileError(
            _("%(name)s: the file inflates to %(size)s; refused")
            % {"name": name, "size": _mb(unzipped)}
        )
    return extension


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def read_table(name: str, data: bytes, allowed: tuple[str, ...] = KINDS) -> list[Sheet]:
    kind = file_kind(name, data, allowed)
    try:
        sheets = {"xlsx": read_xlsx, "csv": read_csv, "docx": read_docx}[kind](data)
    except IntakeFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise IntakeFileError(
            _("%(name)s: the file cannot be read (%(error)s)")
            % {"name": name, "error": f"{exc.__class__.__name__}: {exc}"}
        ) from None
    limit = settings.STEERCO_IMPORT_MAX_ROWS
    rows = sum(len(s.rows) for s in sheets)
    if rows > limit + 50:  # room for titles and headers above the table
        raise IntakeFileError(
            _("%(name)s: %(rows)s rows; the limit is %(limit)s")
            % {"name": name, "rows": f"{rows:,}", "limit": f"{limit:,}"}
        )
    return sheets


def read_xlsx(data: bytes) -> list[Sheet]:
    from lxml.etree import LxmlError

    from .xlsxfast import read_xlsx_fast

    try:
        return [Sheet(name, rows) for name, rows in read_xlsx_fast(data, clean)]
    except (ValueError, KeyError, IndexError, LxmlError):
        return read_xlsx_openpyxl(data)  # the reference reader, slower


def read_xlsx_openpyxl(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    merges = _xlsx_merges(data, workbook)
    sheets = []
    try:
        for ws in workbook.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            rows = [[clean(v) for v in row] for row in ws.iter_rows(values_only=True)]
            width = max((len(r) for r in rows), default=0)
            rows = [r + [""] * (width - len(r)) for r in rows]
            for min_row, min_col, max_row, max_col in merges.get(ws.title, []):
                if min_row > len(rows):
                    continue
                value = rows[min_row - 1][min_col - 1] if min_col <= width else ""
                for r in range(min_row, min(max_row, len(rows)) + 1):
                    for c in range(min_col, min(max_col, width) + 1):
                        rows[r - 1][c - 1] = value
            sheets.append(Sheet(ws.title, rows))
    finally:
        workbook.close()
    return sheets


def _xlsx_merges(data: bytes, workbook) -> dict[str, list[tuple[int, int, int, int]]]:  # type: ignore[no-untyped-def]
    """Merged ranges per sheet title, read from the sheets' XML (read-only openpyxl omits them)."""
    import re

    from openpyxl.utils.cell import range_boundaries

    out: dict[str, list[tuple[int, int, int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for ws in workbook.worksheets:
            path = getattr(ws, "_worksheet_path", None)
            if not path:
                continue
            path = path.lstrip("/")
            if path not in archive.namelist():
                continue
            xml = archive.read(path)
            ranges = re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', xml)
            bounds = []
            for ref in ranges:
                min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
                bounds.append((min_row, min_col, max_row, max_col))
            out[ws.title] = bounds
    return out


def read_csv(data: bytes) -> list[Sheet]:
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = data.decode(encoding)
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            break
        except UnicodeDecodeError:
            continue
    else:
        raise IntakeFileError(_("the .csv file is not UTF-8 text; save it as CSV UTF-8"))
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[clean(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]
    width = max((len(r) for r in rows), default=0)
    return [Sheet("CSV", [r + [""] * (width - len(r)) for r in rows])]


def read_docx(data: bytes) -> list[Sheet]:
    import docx

    document = docx.Document(io.BytesIO(data))
    sheets = []
    for number, table in enumerate(document.tables, start=1):
        rows: list[list[str]] = []
        for row in table.rows:
            # python-docx repeats a merged cell (horizontal or vertical) in every grid
            # position it covers, which is what we want.
            before = [""] * (getattr(row, "grid_cols_before", 0) or 0)
            rows.append(before + [clean(cell.text) for cell in row.cells])
        width = max((len(r) for r in rows), default=0)
        sheets.append(Sheet(f"Bảng {number}", [r + [""] * (width - len(r)) for r in rows]))
    return sheets
