"""Uploaded tables as plain rows of text: .xlsx (openpyxl), .csv, .docx (python-docx).

`read_table(name, data)` checks the file against the limits and against what its
extension claims (an .xlsx or .docx is a zip with the right members; a .csv is text),
then returns its sheets (for a .docx, its tables) as rows of stripped strings, with
merged cells filled (a merged cell's text stands in every cell it covers). Problems
with the file as a whole raise `IntakeFileError` with a message a user can act on.

Hostile files are refused before anything large is built: no part of an .xlsx or .docx
may inflate past STEERCO_IMPORT_MAX_MEMBER_BYTES, no part's XML may have a DTD (entity
expansion), and no sheet, table or .csv may reach past STEERCO_IMPORT_MAX_ROWS (+50 for
titles and headers) or STEERCO_IMPORT_MAX_COLUMNS. The readers here check the rows and
columns as they read; `file_kind` checks an .xlsx's sheets for readers that do not (the
progress sheets' reader uses openpyxl after it).
"""

from __future__ import annotations

import csv
import io
import logging
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import CellCoordinatesException

from . import safezip
from .xlsxfast import (
    Limits,
    Overlap,
    TooFar,
    check_extent,
    fill_merges,
    merges,
    read_xlsx_fast,
    streamed_parts,
)

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, Word 97-2003 .doc
MAX_UNZIPPED_RATIO = 100  # a zip that inflates more than this is refused (zip bomb)
KINDS = ("xlsx", "csv", "docx")


class IntakeFileError(ValueError):
    """The file as a whole cannot be read; the message says why."""


class Refused(Exception):  # noqa: N818 - reads as the condition
    """A limit met inside a reader, which does not know the file's name: the message is
    `template % {"name": <file name>, **params}`."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template)
        self.template, self.params = template, params


# What the readers raise when a file goes past a limit or is hostile (none is a ValueError,
# so the fast .xlsx reader does not fall back to openpyxl on them).
LIMITS = (
    Refused,
    safezip.PartTooLarge,
    safezip.TooManyElements,
    safezip.HostileXML,
    safezip.BadXML,
    TooFar,
    Overlap,
)
# What reading a damaged zip raises, besides ValueError.
DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,  # an encrypted member
    NotImplementedError,  # an unknown compression method
    KeyError,
    IndexError,
    CellCoordinatesException,
)


def refusal(name: str, exc: Exception) -> IntakeFileError:
    """The message for one of LIMITS, naming the file."""
    params: dict[str, object] = {"name": name}
    if isinstance(exc, Refused):
        return IntakeFileError(exc.template % {**params, **exc.params})
    if isinstance(exc, safezip.PartTooLarge):
        message = _(
            "%(name)s: %(part)s inflates to %(size)s; at most %(limit)s is read from one part"
        )
        params |= {"part": exc.part, "size": _mb(exc.size), "limit": _mb(exc.limit)}
    elif isinstance(exc, safezip.TooManyElements):
        message = _("%(name)s: %(part)s holds more than %(limit)s XML elements; refused")
        params |= {"part": exc.part, "limit": f"{exc.limit:,}"}
    elif isinstance(exc, safezip.HostileXML):
        message = _(
            "%(name)s: %(part)s holds a DTD or entity declarations, which Office files never have; refused"
        )
        params |= {"part": exc.part}
    elif isinstance(exc, safezip.BadXML):
        message = _("%(name)s: %(part)s is not well-formed XML (%(detail)s); the file is damaged")
        params |= {"part": exc.part, "detail": exc.detail}
    elif isinstance(exc, Overlap):
        message = _(
            "%(name)s: sheet '%(sheet)s' has merged ranges that overlap; the file is damaged"
        )
        params |= {"sheet": exc.sheet}
    elif isinstance(exc, TooFar) and exc.recorded:
        message = _(
            "%(name)s: sheet '%(sheet)s' records its used range as %(cell)s, reaching column %(reach)s; at most %(limit)s columns are read"
        )
        params |= {"sheet": exc.sheet, "cell": exc.cell, "reach": f"{exc.reach:,}"}
        params |= {"limit": f"{exc.limit:,}"}
    elif isinstance(exc, TooFar):
        if exc.axis == "column":
            message = _(
                "%(name)s: sheet '%(sheet)s' reaches column %(reach)s (cell %(cell)s); at most %(limit)s columns are read"
            )
        else:
            message = _(
                "%(name)s: sheet '%(sheet)s' reaches row %(reach)s (cell %(cell)s); at most %(limit)s rows are read"
            )
        params |= {"sheet": exc.sheet, "cell": exc.cell, "reach": f"{exc.reach:,}"}
        params |= {"limit": f"{exc.limit:,}"}
    else:
        raise TypeError(exc)
    return IntakeFileError(message % params)


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


def file_kind(
    name: str, data: bytes, allowed: tuple[str, ...] = KINDS, *, sheets: bool = True
) -> str:
    """The file's kind from its extension, after checking its size and content agree, and
    that no part of a zip inflates past the limit or has a DTD. With `sheets`, an .xlsx's
    sheets are checked against the row and column limits too, cell by cell, for a reader
    that does not check them itself (openpyxl); `read_table`'s readers do."""
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
    if not data.startswith(ZIP_MAGIC):
        raise IntakeFileError(
            _("%(name)s: this is not an .%(ext)s file (its content is not what .%(ext)s holds)")
            % {"name": name, "ext": extension}
        )
    _check_archive(name, extension, data, sheets=sheets)
    return extension


def _check_archive(name: str, extension: str, data: bytes, *, sheets: bool) -> None:
    """Check an .xlsx or .docx zip: the parts its type holds, no part inflating past the
    limit or with a DTD and, with `sheets`, an .xlsx's sheets within the row and column
    limits; a zip that cannot be read is damaged."""
    damaged = _("%(name)s: the .%(ext)s file is damaged") % {"name": name, "ext": extension}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
            _check_type(name, extension, names, unzipped, len(data))
            limits = Limits.from_settings()
            safezip.check_sizes(archive, limits.part_bytes)
            streamed = streamed_parts(archive, limits.part_bytes) if extension == "xlsx" else None
            safezip.check_xml(archive, limits.part_bytes, streamed or frozenset())
            if extension == "xlsx" and sheets:
                check_extent(archive, limits)
    except IntakeFileError:
        raise
    except LIMITS as exc:
        raise refusal(name, exc) from None
    except (*DAMAGED, ValueError) as exc:
        logger.info("intake: %s is damaged: %r", name, exc)
        raise IntakeFileError(damaged) from None


def _check_type(name: str, extension: str, names: set[str], unzipped: int, size: int) -> None:
    member = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}[extension]
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
    if unzipped > MAX_UNZIPPED_RATIO * max(size, 1024 * 1024):
        raise IntakeFileError(
            _("%(name)s: the file inflates to %(size)s; refused")
            % {"name": name, "size": _mb(unzipped)}
        )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def read_table(name: str, data: bytes, allowed: tuple[str, ...] = KINDS) -> list[Sheet]:
    kind = file_kind(name, data, allowed, sheets=False)  # the readers below check them
    limits = Limits.from_settings()
    try:
        sheets = {"xlsx": read_xlsx, "csv": read_csv, "docx": read_docx}[kind](data, limits)
    except IntakeFileError:
        raise
    except LIMITS as exc:
        raise refusal(name, exc) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl and python-docx raise many kinds on a damaged file
        logger.info("intake: %s cannot be read", name, exc_info=True)
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


def read_xlsx(data: bytes, limits: Limits | None = None) -> list[Sheet]:
    limits = limits or Limits.from_settings()
    try:
        return [Sheet(name, rows) for name, rows in read_xlsx_fast(data, clean, limits)]
    except (ValueError, KeyError, IndexError, safezip.BadXML):
        return read_xlsx_openpyxl(data, limits)  # the reference reader, slower


def read_xlsx_openpyxl(data: bytes, limits: Limits | None = None) -> list[Sheet]:
    from openpyxl import load_workbook
    from openpyxl.utils.cell import get_column_letter

    limits = limits or Limits.from_settings()
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for ws in workbook.worksheets:
                if getattr(ws, "sheet_state", "visible") != "visible":
                    continue
                ws.reset_dimensions()  # rows as their cells are, not padded to a recorded range
                rows: list[list[str]] = []
                for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                    values = list(row)
                    while values and values[-1] is None:
                        values.pop()
                    if not values:
                        continue  # empty rows are added when a row after them has values
                    cell = f"{get_column_letter(min(len(values), 18278))}{number}"
                    if len(values) > limits.columns:
                        raise TooFar(ws.title, "column", len(values), cell, limits.columns)
                    if number > limits.rows:
                        raise TooFar(ws.title, "row", number, cell, limits.rows)
                    rows.extend([] for _ in range(number - 1 - len(rows)))
                    rows.append([clean(v) for v in values])
                width = max((len(r) for r in rows), default=0)
                rows = [r + [""] * (width - len(r)) for r in rows]
                path = getattr(ws, "_worksheet_path", "").lstrip("/")
                if path in archive.namelist():
                    fill_merges(ws.title, rows, width, merges(archive, path, limits.part_bytes))
                sheets.append(Sheet(ws.title, rows))
    finally:
        workbook.close()
    return sheets


def read_csv(data: bytes, limits: Limits | None = None) -> list[Sheet]:
    limits = limits or Limits.from_settings()
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
    rows: list[list[str]] = []
    records = csv.reader(_lines(text, limits), dialect)
    while True:
        number = len(rows) + 1
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise Refused(
                    _(
                        "%(name)s: row %(row)s holds a cell longer than %(size)s characters; a cell holds at most %(limit)s"
                    ),
                    row=f"{number:,}",
                    size=f"{csv.field_size_limit():,}",
                    limit=f"{settings.STEERCO_IMPORT_MAX_CELL:,}",
                ) from None
            raise Refused(
                _("%(name)s: row %(row)s cannot be read (%(error)s)"), row=f"{number:,}", error=exc
            ) from None
        if number > limits.rows:
            raise Refused(
                _("%(name)s: more than %(rows)s rows; the limit is %(limit)s"),
                rows=f"{limits.rows:,}",
                limit=f"{settings.STEERCO_IMPORT_MAX_ROWS:,}",
            )
        if len(record) > limits.columns:
            last = max((i for i, v in enumerate(record) if v.strip()), default=-1) + 1
            if last > limits.columns:
                raise Refused(
                    _(
                        "%(name)s: row %(row)s reaches column %(column)s; at most %(limit)s columns are read"
                    ),
                    row=f"{number:,}",
                    column=f"{last:,}",
                    limit=f"{limits.columns:,}",
                )
            del record[limits.columns :]  # empty fields past the limit
        rows.append([clean(v) for v in record])
    width = max((len(r) for r in rows), default=0)
    return [Sheet("CSV", [r + [""] * (width - len(r)) for r in rows])]


def _lines(text: str, limits: Limits) -> Iterator[str]:
    """The text's lines, refusing one longer than any acceptable row can be (the csv module
    builds a whole row before it can be checked: a line of 20 million commas took 400 MB)."""
    cell = settings.STEERCO_IMPORT_MAX_CELL
    longest = limits.columns * (2 * cell + 3)  # every cell quoted, every character a quote
    start = 0
    number = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        number += 1
        if end - start > longest:
            raise Refused(
                _(
                    "%(name)s: line %(line)s is %(length)s characters long; a row of at most %(columns)s cells of at most %(cell)s characters is shorter"
                ),
                line=f"{number:,}",
                length=f"{end - start:,}",
                columns=f"{limits.columns:,}",
                cell=f"{cell:,}",
            )
        yield text[start:end]
        start = end


def read_docx(data: bytes, limits: Limits | None = None) -> list[Sheet]:
    """Each table's rows on its layout grid: a cell spanning several grid columns
    (gridSpan) stands in each of them, a vertically merged cell (vMerge) in each row it
    covers, and the grid columns a row skips (gridBefore) are empty. The table's size is
    checked from its XML before any row is built."""
    import docx
    from docx.table import _Cell

    limits = limits or Limits.from_settings()
    document = docx.Document(io.BytesIO(data))
    sheets = []
    for number, table in enumerate(document.tables, start=1):
        trs = table._tbl.tr_lst
        if len(trs) > limits.rows:
            raise Refused(
                _("%(name)s: table %(table)s has %(rows)s rows; at most %(limit)s rows are read"),
                table=number,
                rows=f"{len(trs):,}",
                limit=f"{limits.rows:,}",
            )
        for row_number, tr in enumerate(trs, start=1):
            reach = max(tr.grid_before, 0) + sum(max(tc.grid_span, 0) for tc in tr.tc_lst)
            if reach > limits.columns:
                raise Refused(
                    _(
                        "%(name)s: table %(table)s reaches column %(column)s in row %(row)s; at most %(limit)s columns are read"
                    ),
                    table=number,
                    column=f"{reach:,}",
                    row=f"{row_number:,}",
                    limit=f"{limits.columns:,}",
                )
        rows: list[list[str]] = []
        for tr in trs:
            row = [""] * max(tr.grid_before, 0)
            for tc in tr.tc_lst:
                span = max(tc.grid_span, 0)
                if tc.vMerge == "continue":  # the cell above, in this row too
                    above = rows[-1] if rows else []
                    start = len(row)
                    row.extend(
                        above[start + i] if start + i < len(above) else "" for i in range(span)
                    )
                else:
                    row.extend([clean(_Cell(tc, table).text)] * span)
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        sheets.append(Sheet(f"Bảng {number}", [r + [""] * (width - len(r)) for r in rows]))
    return sheets
