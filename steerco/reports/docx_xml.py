"""The report body in the Word document, written as XML in one go.

A province's report holds thousands of table rows and about a thousand paragraphs;
python-docx's `add_row()`, `row.cells` and its per-paragraph and per-run formatting
setters walk the element tree on every call and took most of the rendering time. Here
the body's paragraphs and table rows are written as XML strings and parsed once per
stretch, with the markup python-docx writes for the same formatting (the output is
byte for byte what `Paragraph`/`Run`/`Table` calls produced), and python-docx still
creates each table's shell (style, grid, widths, fixed layout).

Tabs and line breaks in a text become `w:tab` and `w:br`, as `Run.text` makes them.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.table import Table

from steerco.lib.xmltext import xml_safe

from .tables import TextTable

# Characters XML 1.0 cannot carry (lxml refuses them in element text, too).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile("[\t\r\n]")
_SPLIT = re.compile("([\t\r\n])")


class BodyWriter:
    """Appends body paragraphs and bordered tables to `doc`, before its section
    properties. Paragraphs are buffered and parsed together; call `flush()` at the end."""

    def __init__(
        self, doc: DocxDocument, *, font: str, size: float, table_size: float, header_size: float
    ) -> None:
        self.doc = doc
        self.fonts = (
            f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        )
        self.size = size
        self.table_size = table_size
        self.header_size = header_size
        self._xml: list[str] = []

    def para(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        indent_cm: float = 1.0,
        after: float = 6,
        before: float = 0,
        keep_next: bool = False,
    ) -> None:
        """A justified paragraph in the body font, its first line indented."""
        ppr = (
            f"<w:pPr>{'<w:keepNext/>' if keep_next else ''}"
            f'<w:spacing w:after="{Pt(after).twips}" w:before="{Pt(before).twips}"/>'
            f'<w:ind w:firstLine="{Cm(indent_cm).twips}"/><w:jc w:val="both"/></w:pPr>'
        )
        rpr = (
            f"<w:rPr>{self.fonts}{'<w:b/>' if bold else ''}{'<w:i/>' if italic else ''}"
            f'<w:sz w:val="{round(self.size * 2)}"/></w:rPr>'
        )
        self._xml.append(f"<w:p>{ppr}{_run(text, rpr)}</w:p>")

    def table(self, t: TextTable) -> Table:
        """`t` as a bordered table: the header row bold, centred and repeated on every page;
        no body row split across pages; the last row bold when it holds totals; an empty
        paragraph after it."""
        self.flush()
        doc = self.doc
        table = doc.add_table(rows=0, cols=len(t.headers))
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, t.widths_cm, strict=False):
            column.width = Cm(width)
        tbl = table._tbl
        widths = [int(col.get(qn("w:w"), "0")) for col in tbl.find(qn("w:tblGrid"))]
        header = ["center"] * len(widths)
        body = ["center" if t.centred(i) else "left" for i in range(len(widths))]
        rows = [_row(t.headers, widths, "tblHeader", header, self.header_size, bold=True)]
        last = len(t.rows)
        for r, values in enumerate(t.rows, 1):
            if len(values) != len(widths):
                raise ValueError(f"table row {r} has {len(values)} cells for {len(widths)} columns")
            bold = t.total_last and r == last
            rows.append(_row(values, widths, "cantSplit", body, self.table_size, bold=bold))
        tbl.extend(_parse(rows))
        self._xml.append('<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')
        return table

    def flush(self) -> None:
        if not self._xml:
            return
        body = self.doc.element.body
        anchor = body.find(qn("w:sectPr"))
        for el in _parse(self._xml):
            if anchor is None:
                body.append(el)
            else:
                anchor.addprevious(el)
        self._xml = []


def _parse(fragments: list[str]) -> list:
    text = "".join(fragments)
    bad = _NOT_XML.search(text)
    if bad:
        raise ValueError(
            f"the report text holds the control character {bad.group()!r}, "
            "which a Word document cannot carry"
        )
    return list(parse_xml(f"<w:body {nsdecls('w')}>{text}</w:body>"))


def _row(
    values: list[str], widths: list[int], flag: str, align: list[str], size: float, *, bold: bool
) -> str:
    rpr = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{round(size * 2)}"/></w:rPr>'
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p><w:pPr>'
        f'<w:spacing w:after="0" w:before="0"/><w:jc w:val="{jc}"/></w:pPr>'
        f"{_run(text, rpr)}</w:p></w:tc>"
        for text, w, jc in zip(values, widths, align, strict=True)
    )
    return f'<w:tr><w:trPr><w:{flag} w:val="true"/></w:trPr>{cells}</w:tr>'


def _run(text: str, rpr: str) -> str:
    """A run as `Paragraph.add_run(text)` writes it; nothing for an empty text. A
    pasted manual line break or page break becomes a line break (`xml_safe`)."""
    text = xml_safe(text)
    if not text:
        return ""
    if not _SPECIAL.search(text):
        return f"<w:r>{rpr}{_t(text)}</w:r>"
    parts = []
    for piece in _SPLIT.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(_t(piece))
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{escape(text)}</w:t>"
