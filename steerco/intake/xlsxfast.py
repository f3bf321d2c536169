"""A fast, read-only .xlsx reader for plan tables: cell text by row, merged ranges, and
date cells as dates. It streams each sheet's XML (defusedxml: no DTD, no entities, no
network; every part read through `safezip` with a size limit) instead of building openpyxl
cell objects, which makes a 10,000-row plan several times quicker to read. Anything it does
not understand raises `ValueError`; the caller then falls back to openpyxl.

Limits are not ValueErrors, so they do not fall back: a part too large raises
`safezip.PartTooLarge`, a sheet reaching past the row or column limit raises `TooFar` (before
any grid is built) and overlapping merged ranges raise `Overlap`. `check_extent` applies the
sheet limits to every sheet of a workbook for the readers that are not this one: openpyxl
pads every row to the used range a sheet records in `<dimension>`, and places cells where
their references say, so a 5 KB file could make it build a grid of millions of cells.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import CellCoordinatesException

from . import safezip

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = f"{{{MAIN}}}"
_ROW, _C, _V, _IS, _T, _R = (f"{_M}{t}" for t in ("row", "c", "v", "is", "t", "r"))
_DIMENSION, _MERGE, _SI = f"{_M}dimension", f"{_M}mergeCell", f"{_M}si"

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column


@dataclass(frozen=True)
class Limits:
    rows: int  # a sheet's cells may reach this row
    columns: int  # ... and this column
    part_bytes: int  # a part of the zip may inflate to this many bytes

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            rows=settings.STEERCO_IMPORT_MAX_ROWS + 50,  # room for titles and headers
            columns=settings.STEERCO_IMPORT_MAX_COLUMNS,
            part_bytes=settings.STEERCO_IMPORT_MAX_MEMBER_BYTES,
        )


class TooFar(Exception):  # noqa: N818 - reads as the condition
    """A sheet reaches past the row or column limit: by a cell (`cell`, its reference) or by
    the used range it records (`recorded`: `cell` is that range)."""

    def __init__(
        self, sheet: str, axis: str, reach: int, cell: str, limit: int, recorded: bool = False
    ) -> None:
        super().__init__(f"{sheet}: {axis} {reach} ({cell}); the limit is {limit}")
        self.sheet, self.axis, self.reach, self.cell = sheet, axis, reach, cell
        self.limit, self.recorded = limit, recorded


class Overlap(Exception):  # noqa: N818
    """Merged ranges of a sheet overlap (Excel never writes that): filling them could cost
    far more than the grid has cells."""

    def __init__(self, sheet: str) -> None:
        super().__init__(sheet)
        self.sheet = sheet


def _text(item: Element) -> str:
    """The text of a shared or inline string: plain <t>, or rich-text runs (phonetic runs left out)."""
    parts = []
    for child in item:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.extend(t.text or "" for t in child.iter(_T))
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, path: str | None, limit: int) -> list[str]:
    if not path or path not in archive.namelist():
        return []
    strings = []
    with safezip.open_part(archive, path, limit) as source:
        root = None
        for event, element in safezip.iterparse(source, path, ("start", "end")):
            if root is None:
                root = element
            elif event == "end" and element.tag == _SI:
                strings.append(_text(element))
                root.clear()  # drop what has been read
    return strings


def _date_styles(archive: zipfile.ZipFile, path: str | None, limit: int) -> set[int]:
    """Indexes of cell formats (the `s` attribute) that show a number as a date."""
    if not path or path not in archive.namelist():
        return set()
    root = safezip.parse(archive, path, limit)
    custom = {int(f.get("numFmtId", "")): f.get("formatCode", "") for f in root.iter(f"{_M}numFmt")}
    dates = set()
    xfs = root.find(f"{_M}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        fmt_id = int(xf.get("numFmtId", "0"))
        code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "")
        if code and is_date_format(code):
            dates.add(index)
    return dates


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _parts(
    archive: zipfile.ZipFile, limit: int
) -> tuple[list[tuple[str, str, str]], str | None, str | None]:
    """[(sheet name, state, sheet path)], shared strings path, styles path."""
    workbook = "xl/workbook.xml"
    rels_path = "xl/_rels/workbook.xml.rels"
    rels = {
        r.get("Id"): (r.get("Type", ""), _resolve(workbook, r.get("Target", "")))
        for r in safezip.parse(archive, rels_path, limit).iter(f"{{{PKG_REL}}}Relationship")
    }
    sheets = []
    for sheet in safezip.parse(archive, workbook, limit).iter(f"{_M}sheet"):
        _type, path = rels[sheet.get(f"{{{REL}}}id")]
        sheets.append((sheet.get("name", ""), sheet.get("state", "visible"), path))
    shared = next((p for t, p in rels.values() if t.endswith("/sharedStrings")), None)
    styles = next((p for t, p in rels.values() if t.endswith("/styles")), None)
    return sheets, shared, styles


def _row_number(text: str) -> int:
    """A <row r=...> as openpyxl reads it."""
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(number)


def _walk(source: safezip.BoundedPart, part: str) -> Iterator[tuple[str, int, int, Element]]:
    """("cell", row, column, <c>) for every cell, ("dimension", 0, 0, <dimension>) and
    ("merge", 0, 0, <mergeCell>), in document order. A cell's place is where openpyxl puts it:
    its reference, or (without one) the next column of its row, in the row its <row> gives;
    `row` is the larger of the two rows when they disagree. Everything read is dropped from
    the tree as soon as it is complete, so memory stays flat whatever the sheet's size."""
    row_number = column_number = 0
    stack: list[Element] = []
    open_cells = 0
    for event, element in safezip.iterparse(source, part, ("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == _ROW:
                r = element.get("r")
                row_number = _row_number(r) if r else row_number + 1
                column_number = 0
            elif tag == _C:
                open_cells += 1
            stack.append(element)
            continue
        stack.pop()
        if tag == _C:
            open_cells -= 1
            ref = element.get("r")
            if ref:
                try:
                    row, column = coordinate_to_tuple(ref)
                except CellCoordinatesException as exc:
                    raise ValueError(str(exc)) from None
            else:
                row, column = row_number, column_number + 1
            column_number = column
            yield "cell", max(row, row_number), column, element
        elif tag == _DIMENSION:
            yield "dimension", 0, 0, element
        elif tag == _MERGE:
            yield "merge", 0, 0, element
        if open_cells == 0 and stack:
            stack[-1].remove(element)


def _check(sheet: str, row: int, column: int, cell: Element, limits: Limits) -> None:
    if column > limits.columns or row > limits.rows:
        ref = cell.get("r") or f"{get_column_letter(min(column, 18278))}{row}"
        if column > limits.columns:
            raise TooFar(sheet, "column", column, ref, limits.columns)
        raise TooFar(sheet, "row", row, ref, limits.rows)


def streamed_parts(archive: zipfile.ZipFile, limit: int) -> frozenset[str]:
    """The parts that every reader of a workbook streams instead of reading whole: its sheets
    and shared strings, unless a relationship also names them as something else."""
    streamed: set[str] = set()
    other: set[str] = set()
    for rels_path, base in (("_rels/.rels", ""), ("xl/_rels/workbook.xml.rels", "xl/workbook.xml")):
        if rels_path not in archive.namelist():
            continue
        try:
            root = safezip.parse(archive, rels_path, limit)
        except safezip.BadXML:
            return frozenset()
        for r in root.iter(f"{{{PKG_REL}}}Relationship"):
            kind = r.get("Type", "")
            path = _resolve(base, r.get("Target", ""))
            streamed_kind = kind.endswith(("/worksheet", "/sharedStrings")) and bool(base)
            (streamed if streamed_kind else other).add(path)
    return frozenset(streamed - other)


def check_extent(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Raise `TooFar` if a sheet (visible or not) reaches past the limits by any cell, with
    or without a value, or records a used range wider than the column limit. Every XML part
    is looked at, not only those the workbook lists as sheets, so that a reader finding its
    sheets differently cannot be led around the check."""
    try:
        names = {path: name for name, _state, path in _parts(archive, limits.part_bytes)[0]}
    except (ValueError, KeyError, TypeError, safezip.BadXML):
        names = {}
    for part in safezip.xml_parts(archive, limits.part_bytes):
        sheet = names.get(part, part)
        recorded = None  # a cell past the limits names the place better than <dimension>
        with safezip.open_part(archive, part, limits.part_bytes) as source:
            for kind, row, column, element in _walk(source, part):
                if kind == "cell":
                    _check(sheet, row, column, element, limits)
                elif kind == "dimension":
                    ref = element.get("ref", "")
                    max_column = range_boundaries(ref)[2] or 0
                    if max_column > limits.columns:
                        recorded = TooFar(sheet, "column", max_column, ref, limits.columns, True)
        if recorded is not None:
            raise recorded


def _value(c: Element, strings: list[str], dates: set[int]) -> object:
    kind = c.get("t", "n")
    if kind == "inlineStr":
        inline = c.find(_IS)
        return _text(inline) if inline is not None else None
    v = c.find(_V)
    if v is None or v.text is None:
        return None
    raw = v.text
    if kind == "s":
        return strings[int(raw)]
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "d":
        return datetime.fromisoformat(raw)
    number = float(raw)
    if int(c.get("s", "0")) not in dates:
        return number
    try:
        return from_excel(number)
    except OverflowError:
        raise ValueError(f"{raw} is not a date") from None


def _merge(element: Element) -> Merge | None:
    min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
    if None in (min_col, min_row, max_col, max_row):
        return None  # whole rows or columns: not a merged cell
    return min_row, min_col, max_row, max_col


def merges(archive: zipfile.ZipFile, path: str, limit: int) -> list[Merge]:
    """A sheet's merged ranges."""
    with safezip.open_part(archive, path, limit) as source:
        found = (_merge(e) for kind, _r, _c, e in _walk(source, path) if kind == "merge")
        return [m for m in found if m is not None]


def fill_merges(sheet: str, rows: list[list[str]], width: int, ranges: list[Merge]) -> None:
    """Write each merged range's first cell into every cell it covers (within the grid).
    Ranges that overlap could cost far more than the grid has cells: `Overlap`."""
    height = len(rows)
    spans = []
    area = 0
    for min_row, min_col, max_row, max_col in ranges:
        if min_row > height or min_col > width:
            continue
        last_row, last_col = min(max_row, height), min(max_col, width)
        area += max(last_row - min_row + 1, 0) * max(last_col - min_col + 1, 0)
        spans.append((min_row, min_col, last_row, last_col))
    if area > height * width:
        raise Overlap(sheet)
    for min_row, min_col, last_row, last_col in spans:
        value = rows[min_row - 1][min_col - 1]
        for r in range(min_row, last_row + 1):
            for c in range(min_col, last_col + 1):
                rows[r - 1][c - 1] = value


def read_xlsx_fast(
    data: bytes, clean: Callable[[object], str], limits: Limits | None = None
) -> list[tuple[str, list[list[str]]]]:
    """[(sheet name, rows of cleaned text)] for the visible sheets, merged cells filled."""
    limits = limits or Limits.from_settings()
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets, shared, styles = _parts(archive, limits.part_bytes)
        strings = _shared_strings(archive, shared, limits.part_bytes)
        dates = _date_styles(archive, styles, limits.part_bytes)
        for name, state, path in sheets:
            if state != "visible":
                continue
            grid: dict[int, dict[int, str]] = {}
            ranges = []
            with safezip.open_part(archive, path, limits.part_bytes) as source:
                for kind, row, column, element in _walk(source, path):
                    if kind == "cell":
                        _check(name, row, column, element, limits)
                        value = _value(element, strings, dates)
                        if value is not None:
                            grid.setdefault(row, {})[column] = clean(value)
                    elif kind == "merge" and (merge := _merge(element)) is not None:
                        ranges.append(merge)
            height = max(grid, default=0)
            width = max((max(cols) for cols in grid.values() if cols), default=0)
            rows = [
                [grid.get(r, {}).get(c, "") for c in range(1, width + 1)]
                for r in range(1, height + 1)
            ]
            fill_merges(name, rows, width, ranges)
            out.append((name, rows))
    return out
