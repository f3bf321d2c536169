"""The report as a Word document laid out as Vietnamese administrative documents are.

State layout (Decree 30/2020/NĐ-CP, Appendix I): A4, margins top 2 cm, bottom 2 cm,
left 3 cm, right 1.5 cm; Times New Roman; a borderless two-column header with the
issuing body (superior body, then the issuing body in bold with a short rule under
it, then "Số: .../BC-...") on the left and the national motto (the second line in
bold with a rule under it, then the italic place and date) on the right; the title
"BÁO CÁO" bold and centred with its subject; body 14 pt justified; the recipients
block ("Nơi nhận:") on the left and the signature block on the right.

Party layout (Guidance 36-HD/VPTW): the same page, with the Party committee and "*"
on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" underlined on the right, the number written
"Số ...-BC/...".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import CharacterStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .content import Heading, ReportContent
from .docx_xml import BodyWriter
from .labels import Words
from .tables import outline

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 11
HEADER_PT = 9.5
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGINS_CM = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 1.5}
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGINS_CM["left"] - MARGINS_CM["right"]
HEADER_COLUMNS_CM = (6.5, TEXT_WIDTH_CM - 6.5)


@dataclass(frozen=True)
class LetterParagraph:
    """A body paragraph of a document other than a report (a concluding notice)."""

    text: str
    bold: bool = False
    italic: bool = False


def render_docx(content: ReportContent, opening: Sequence[LetterParagraph] = ()) -> bytes:
    """The report; `opening`: paragraphs before its body (a meeting pack's status of the
    earlier notices)."""
    w = Words(content.lang)
    doc = Document()
    _page(doc)
    _styles(doc)
    _page_number(doc)
    _header_blocks(doc, content.heading)
    _title(doc, content.heading)
    _paragraphs(doc, opening)
    _body(doc, content, w)
    last = doc.element.body.findall(qn("w:p"))[-1]
    Paragraph(last, doc).paragraph_format.keep_with_next = True  # the signature page carries text
    _closing(doc, content.heading, w)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def render_letter(heading: Heading, lang: str, body: list[LetterParagraph]) -> bytes:
    """Another administrative document (a concluding notice) in the report's layout:
    the same page, header blocks, title, recipients and signature blocks, with `body`'s
    paragraphs in between (a heading whose `cutoff` is empty has no cut-off line)."""
    doc = Document()
    _page(doc)
    _styles(doc)
    _page_number(doc)
    _header_blocks(doc, heading)
    _title(doc, heading)
    _paragraphs(doc, body)
    last = doc.element.body.findall(qn("w:p"))[-1]
    Paragraph(last, doc).paragraph_format.keep_with_next = True  # as the report's closing
    _closing(doc, heading, Words(lang))
    data = BytesIO()
    doc.save(data)
    return data.getvalue()


def _paragraphs(doc: DocxDocument, paragraphs: Sequence[LetterParagraph]) -> None:
    out = BodyWriter(doc, font=FONT, size=BODY_PT, table_size=TABLE_PT, header_size=HEADER_PT)
    for p in paragraphs:
        out.para(p.text, bold=p.bold, italic=p.italic, keep_next=p.bold)
    out.flush()


# --- page and styles ------------------------------------------------------------


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin = Cm(MARGINS_CM["top"])
    section.bottom_margin = Cm(MARGINS_CM["bottom"])
    section.left_margin = Cm(MARGINS_CM["left"])
    section.right_margin = Cm(MARGINS_CM["right"])
    section.header_distance = Cm(1.0)


def _set_font(style_or_run: CharacterStyle | Run, size: float | None = None) -> None:
    font = style_or_run.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _set_font(normal, BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    for name in ("Table Grid",):
        _set_font(doc.styles[name], TABLE_PT)


def _page_number(doc: DocxDocument) -> None:
    """Page numbers centred in the top margin, from the second page (Decree 30)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _set_font(run, 13)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


# --- building blocks ------------------------------------------------------------


def _para(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_PARAGRAPH_ALIGNMENT = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent_cm: float | None = None,
    after: float = 6,
    before: float = 0,
    first: bool = False,
    set_font: bool = True,
) -> Paragraph:
    p = container.paragraphs[0] if first else container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(before)
    if indent_cm is not None:
        p.paragraph_format.first_line_indent = Cm(indent_cm)
    if text:
        run = p.add_run(text)
        if set_font:
            _set_font(run, size)
        else:  # the Normal style carries the font; only the size differs
            run.font.size = Pt(size)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if underline:
            run.underline = True
    return p


def _rule(container: DocxDocument | _Cell, width_cm: float, cell_width_cm: float) -> None:
    """A short horizontal line, centred: a paragraph's bottom border between indents."""
    p = container.add_paragraph()
    side = max((cell_width_cm - width_cm) / 2, 0)
    p.paragraph_format.left_indent = Cm(side)
    p.paragraph_format.right_indent = Cm(side)
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)


def _borderless(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table: Table, widths_cm: tuple[float, ...] | list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)


def _row_flag(row: _Row, tag: str) -> None:
    """`w:tblHeader` (repeat the row on every page) or `w:cantSplit` (keep a row on one page)."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement(f"w:{tag}")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


# --- the document ---------------------------------------------------------------


def _header_blocks(doc: DocxDocument, h: Heading) -> None:
    left_w, right_w = HEADER_COLUMNS_CM
    table = doc.add_table(rows=2, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(left, h.issuer_parent, size=13, align=center, after=0, first=True)
    if h.issuer:
        _para(left, h.issuer, size=13, bold=True, align=center, after=0)
    if h.layout == "party":
        _para(left, "*", size=13, align=center, after=0)
    else:
        _rule(left, 2.5, left_w)
    party = h.layout == "party"
    if party:
        _para(
            right, h.motto[0], size=15, bold=True, underline=True, align=center, after=0, first=True
        )
    else:
        _para(right, h.motto[0], size=13, bold=True, align=center, after=0, first=True)
        _para(right, h.motto[1], size=14, bold=True, align=center, after=0)
        _rule(right, 6.3, right_w)
    number_cell, date_cell = table.rows[1].cells
    _para(number_cell, h.number, size=13 if not party else 14, align=center, after=0, first=True)
    _para(date_cell, h.place_date, size=14, italic=True, align=center, after=0, first=True)
    _widths(table, HEADER_COLUMNS_CM)


def _title(doc: DocxDocument, h: Heading) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(
        doc,
        h.title,
        size=15 if h.layout == "party" else 14,
        bold=True,
        align=center,
        before=18,
        after=0,
    )
    _para(doc, h.subject, size=14, bold=True, align=center, after=0)
    if h.layout == "state":
        _rule(doc, 3.5, TEXT_WIDTH_CM)
    if h.cutoff:
        _para(doc, h.cutoff, size=13, italic=True, align=center, after=12)
    else:
        _para(doc, "", after=6)


def _body(doc: DocxDocument, c: ReportContent, w: Words) -> None:
    out = BodyWriter(doc, font=FONT, size=BODY_PT, table_size=TABLE_PT, header_size=HEADER_PT)
    for section in outline(c, w):
        out.para(section.title, bold=True, before=6, after=6, keep_next=True)
        for block in section.blocks:
            if block.kind == "h3":
                out.para(block.text, bold=True, after=6, keep_next=True)
            elif block.kind == "table" and block.table is not None:
                out.table(block.table)
            elif block.kind == "unit":
                out.para(block.text, bold=True, after=3, keep_next=True)
            else:
                out.para(block.text, italic=block.kind == "note")
    out.flush()


def _closing(doc: DocxDocument, h: Heading, w: Words) -> None:
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    _row_flag(table.rows[0], "cantSplit")  # recipients and signature stay together
    left, right = table.rows[0].cells
    _para(
        left,
        w["recipients"],
        size=12,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        after=0,
        before=12,
        first=True,
    )
    for line in h.recipients:
        _para(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(
        right,
        h.signature_authority,
        size=14,
        bold=True,
        align=center,
        after=0,
        before=12,
        first=True,
    )
    if h.signature_position:
        _para(right, h.signature_position, size=14, bold=True, align=center, after=0)
    for _ in range(4):  # room for the signature
        _para(right, "", align=center, after=0)
    _widths(table, (TEXT_WIDTH_CM / 2, TEXT_WIDTH_CM / 2))
