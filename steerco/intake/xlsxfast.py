"""A fast, read-only .xlsx reader for plan tables: cell text by row, merged ranges, and
date cells as dates. It streams each sheet's XML with lxml (entities off, no network)
instead of building openpyxl cell objects, which makes a 10,000-row plan several times
quicker to read. Anything it does not understand raises `ValueError`; the caller then
falls back to openpyxl.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = f"{{{MAIN}}}"
_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _xml(archive: zipfile.ZipFile, path: str) -> etree._Element:
    return etree.fromstring(archive.read(path), _parser())


def _text(si: etree._Element) -> str:
    """The text of a shared or inline string: plain <t>, or rich-text runs (phonetic runs left out)."""
    return "".join(t.text or "" for t in si.iter(f"{_M}t") if t.getparent().tag != f"{_M}rPh")


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    if not path or path not in archive.namelist():
        return []
    strings = []
    with archive.open(path) as source:
        for _event, si in etree.iterparse(
            source, events=("end",), tag=f"{_M}si", resolve_entities=False, no_network=True
        ):
            strings.append(_text(si))
            si.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, path: str | None) -> set[int]:
    """Indexes of cell formats (the `s` attribute) that show a number as a date."""
    if not path or path not in archive.namelist():
        return set()
    root = _xml(archive, path)
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in root.iter(f"{_M}numFmt")}
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


def _parts(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str, str]], str | None, str | None]:
    """[(sheet name, state, sheet path)], shared strings path, styles path."""
    workbook = "xl/workbook.xml"
    rels_path = "xl/_rels/workbook.xml.rels"
    rels = {
        r.get("Id"): (r.get("Type", ""), _resolve(workbook, r.get("Target", "")))
        for r in _xml(archive, rels_path).iter(f"{{{PKG_REL}}}Relationship")
    }
    sheets = []
    for sheet in _xml(archive, workbook).iter(f"{_M}sheet"):
        _type, path = rels[sheet.get(f"{{{REL}}}id")]
        sheets.append((sheet.get("name", ""), sheet.get("state", "visible"), path))
    shared = next((p for t, p in rels.values() if t.endswith("/sharedStrings")), None)
    styles = next((p for t, p in rels.values() if t.endswith("/styles")), None)
    return sheets, shared, styles


def _cells(source: Any, strings: list[str], dates: set[int]) -> Iterator[tuple[int, int, object]]:
    """(row, column, value) of every cell with a value, in document order."""
    for _event, c in etree.iterparse(
        source, events=("end",), tag=f"{_M}c", resolve_entities=False, no_network=True
    ):
        m = _REF.match(c.get("r", ""))
        if m is None:
            raise ValueError("a cell without a reference")
        kind = c.get("t", "n")
        v = c.find(f"{_M}v")
        value: object = None
        if kind == "inlineStr":
            inline = c.find(f"{_M}is")
            value = _text(inline) if inline is not None else None
        elif v is not None and v.text is not None:
            raw = v.text
            if kind == "s":
                value = strings[int(raw)]
            elif kind in ("str", "e"):
                value = raw
            elif kind == "b":
                value = raw == "1"
            elif kind == "d":
                value = datetime.fromisoformat(raw)
            else:
                number = float(raw)
                value = from_excel(number) if int(c.get("s", "0")) in dates else number
        if value is not None:
            yield int(m[2]), column_index_from_string(m[1]), value
        c.clear()
        parent = c.getparent()
        while parent is not None and c.getprevious() is not None:
            del parent[0]


def _merges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    xml = archive.read(path)
    out = []
    for ref in re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', xml):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        out.append((min_row, min_col, max_row, max_col))
    return out


def read_xlsx_fast(data: bytes, clean) -> list[tuple[str, list[list[str]]]]:  # type: ignore[no-untyped-def]
    """[(sheet name, rows of cleaned text)] for the visible sheets, merged cells filled."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets, shared, styles = _parts(archive)
        strings = _shared_strings(archive, shared)
        dates = _date_styles(archive, styles)
        for name, state, path in sheets:
            if state != "visible":
                continue
            grid: dict[int, dict[int, str]] = {}
            with archive.open(path) as source:
                for row, column, value in _cells(source, strings, dates):
                    grid.setdefault(row, {})[column] = clean(value)
            height = max(grid, default=0)
            width = max((max(cols) for cols in grid.values() if cols), default=0)
            rows = [
                [grid.get(r, {}).get(c, "") for c in range(1, width + 1)]
                for r in range(1, height + 1)
            ]
            for min_row, min_col, max_row, max_col in _merges(archive, path):
                if min_row > height or min_col > width:
                    continue
                value = rows[min_row - 1][min_col - 1]
                for r in range(min_row, min(max_row, height) + 1):
                    for c in range(min_col, min(max_col, width) + 1):
                        rows[r - 1][c - 1] = value
            out.append((name, rows))
    return out
