"""An official's scorecard as the annex of an annual evaluation (phụ lục kèm bản kiểm điểm,
đánh giá cán bộ): DOCX and XLSX, in Vietnamese or English. The figures are the scorecard's
(`steerco.scoring.people`), as the page and `steerco people scorecard --json` state them;
the document's layout is the report's (render_docx's page and styles, render_xlsx's cells,
every text cell formula-safe)."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from steerco.lib.spreadsheets import formula_safe
from steerco.lib.vietnamese import fold
from steerco.scoring.people import PersonScorecard, TransferredTask

from .labels import Words
from .render_docx import TABLE_PT, _page, _para, _row_flag, _set_font, _styles, _widths
from .render_xlsx import BORDER, FONT, HEADER_FILL, HEADER_ROW, _row

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

ANNEX: dict[str, dict[str, str]] = {
    "vi": {
        "title": "PHỤ LỤC: KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO",
        "subtitle": "(Kèm theo bản đánh giá cán bộ năm {period})",
        "official": "Họ và tên",
        "position": "Chức vụ",
        "unit": "Cơ quan, đơn vị",
        "as_of": "Số liệu tính đến ngày {day}.",
        "rule": (
            "Nhiệm vụ được tính cho người phụ trách vào ngày đến hạn (hoặc ngày hoàn thành, nếu"
            " sớm hơn); nhiệm vụ có thời hạn sau ngày cuối kỳ được tính cho người phụ trách vào"
            " ngày cuối kỳ."
        ),
        "figures": "Tổng hợp",
        "figure": "Chỉ tiêu",
        "value": "Số lượng",
        "responsible_for": "Nhiệm vụ phụ trách",
        "completion_rate": "Tỷ lệ hoàn thành",
        "reporting": "Báo cáo đúng hạn ({month})",
        "transferred_in": "Nhiệm vụ được chuyển đến",
        "transferred_out": "Nhiệm vụ chuyển đi",
        "tasks": "Danh sách nhiệm vụ",
        "sheet_figures": "Tổng hợp",
        "sheet_tasks": "Nhiệm vụ",
        "sheet_transfers": "Chuyển giao",
        "direction": "Chiều",
        "on": "Ngày",
        "other": "Từ / đến",
        "no_tasks": "Không có nhiệm vụ được tính trong kỳ.",
    },
    "en": {
        "title": "ANNEX: RESULTS OF THE TASKS ASSIGNED",
        "subtitle": "(Annex to the evaluation of the official for {period})",
        "official": "Full name",
        "position": "Position",
        "unit": "Unit",
        "as_of": "Figures as of {day}.",
        "rule": (
            "A task counts for the person responsible on its deadline (or on its completion,"
            " if earlier); a task due after the period's end counts for the person responsible"
            " at the period's end."
        ),
        "figures": "Summary",
        "figure": "Figure",
        "value": "Number",
        "responsible_for": "Tasks responsible for",
        "completion_rate": "Completion rate",
        "reporting": "Reports on time ({month})",
        "transferred_in": "Tasks transferred in",
        "transferred_out": "Tasks transferred out",
        "tasks": "Tasks",
        "sheet_figures": "Summary",
        "sheet_tasks": "Tasks",
        "sheet_transfers": "Transfers",
        "direction": "Direction",
        "on": "On",
        "other": "From / to",
        "no_tasks": "No task counts in the period.",
    },
}


def figure_values(card: PersonScorecard, w: Words) -> list[tuple[str, int | float | str | None]]:
    """(label, value) of each figure, in the order every rendering lists them: counts as
    ints, the completion rate as a fraction, reports on time as "on time/expected"."""
    a, f = ANNEX[w.lang], card.figures()
    reporting = f"{w.num(f['reports_on_time'])}/{w.num(f['reports_expected'])}"
    return [
        (a["responsible_for"], f["responsible_for"]),
        (w.task_class("done_on_time"), f["done_on_time"]),
        (w.task_class("done_late"), f["done_late"]),
        (w.task_class("on_track"), f["on_track"]),
        (w.task_class("overdue"), f["overdue"]),
        (w.task_class("regular"), f["regular"]),
        (w.task_class("cancelled"), f["cancelled"]),
        (a["completion_rate"], f["completion_rate"]),
        (a["reporting"].format(month=card.reporting_month(w.lang)), reporting),
        (a["transferred_in"], f["transferred_in"]),
        (a["transferred_out"], f["transferred_out"]),
    ]


def figure_rows(card: PersonScorecard, w: Words) -> list[tuple[str, str]]:
    """The figures as text, as the document and the command print them."""
    return [
        (label, w.pct(value) if isinstance(value, float) else _text(value, w))
        for label, value in figure_values(card, w)
    ]


def _text(value: int | float | str | None, w: Words) -> str:
    return value if isinstance(value, str) else w.num(value)


def _heading_lines(card: PersonScorecard, w: Words) -> list[str]:
    a = ANNEX[w.lang]
    return [
        f"{a['official']}: {card.full_name}",
        f"{a['position']}: {card.position or '—'}",
        f"{a['unit']}: {card.unit}",
        a["as_of"].format(day=w.day(card.as_of)),
    ]


def _task_cells(card: PersonScorecard, w: Words) -> list[list[str]]:
    return [
        [
            w.num(i),
            t.directive,
            t.reference,
            t.content,
            w.day(t.deadline),
            w.day(t.completed_on),
            w.task_class(t.task_class),
        ]
        for i, t in enumerate(card.tasks, 1)
    ]


def _task_headers(w: Words) -> list[str]:
    return [
        w["no"],
        w["directive"],
        w["reference"],
        w["task"],
        w["deadline"],
        w["completed_on"],
        w["class"],
    ]


def _transfers(card: PersonScorecard, w: Words) -> list[tuple[str, TransferredTask]]:
    a = ANNEX[w.lang]
    return [(a["transferred_in"], t) for t in card.transferred_in] + [
        (a["transferred_out"], t) for t in card.transferred_out
    ]


def render_annex_docx(card: PersonScorecard, lang: str) -> bytes:
    w, a = Words(lang), ANNEX[lang]
    doc = Document()
    _page(doc)
    _styles(doc)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, a["title"], bold=True, align=centre, after=0)
    _para(doc, a["subtitle"].format(period=card.period.label), italic=True, align=centre)
    for line in _heading_lines(card, w):
        _para(doc, line, after=2)
    _para(doc, a["rule"], italic=True, size=12)
    _table(doc, [a["figure"], a["value"]], [list(r) for r in figure_rows(card, w)], [12.0, 4.5])
    _para(doc, a["tasks"], bold=True, before=6)
    if card.tasks:
        widths = [1.0, 2.6, 1.3, 6.0, 2.1, 2.1, 1.4]
        _table(doc, _task_headers(w), _task_cells(card, w), widths)
    else:
        _para(doc, a["no_tasks"])
    moves = _transfers(card, w)
    if moves:
        _para(doc, a["sheet_transfers"], bold=True, before=6)
        rows = [
            [d, t.directive, t.reference, t.content, w.day(t.on), t.other or "—"] for d, t in moves
        ]
        heads = [a["direction"], w["directive"], w["reference"], w["task"], a["on"], a["other"]]
        _table(doc, heads, rows, [2.6, 2.4, 1.3, 5.6, 2.1, 2.5])
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(
    doc: DocxDocument, headers: list[str], rows: list[list[str]], widths: list[float]
) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _para(cell, text, size=TABLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, first=True)
    _row_flag(table.rows[0], "tblHeader")
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _para(cell, text, size=TABLE_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first=True, after=0)
    _widths(table, widths)
    _set_font(doc.styles["Table Grid"], TABLE_PT)


def _sheet_header(
    ws: Worksheet, title: str, subtitle: str, headers: list[str], widths: list[int]
) -> None:
    """Title, subtitle and the frozen header row, as the report's sheets have them."""
    ws["A1"] = formula_safe(title)
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    ws["A2"] = formula_safe(subtitle)
    ws["A2"].font = Font(name=FONT, italic=True, size=11)
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=formula_safe(text))
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"


def render_annex_xlsx(card: PersonScorecard, lang: str) -> bytes:
    w, a = Words(lang), ANNEX[lang]
    title = f"{a['title']} — {card.full_name} — {card.period.label}"
    subtitle = " · ".join(_heading_lines(card, w))
    wb = Workbook()
    ws = wb.active
    ws.title = a["sheet_figures"]
    _sheet_header(ws, title, subtitle, [a["figure"], a["value"]], [50, 16])
    for label, value in figure_values(card, w):
        _row(ws, [label, "—" if value is None else value])
    r = ws.max_row + 2
    ws.cell(row=r, column=1, value=formula_safe(a["rule"])).font = Font(name=FONT, italic=True)
    tasks = wb.create_sheet(a["sheet_tasks"])
    _sheet_header(tasks, title, subtitle, _task_headers(w), [6, 16, 8, 60, 12, 12, 24])
    for i, task in enumerate(card.tasks, 1):
        cells = [i, task.directive, task.reference, task.content, task.deadline, task.completed_on]
        _row(tasks, [*cells, w.task_class(task.task_class)])
    moves = wb.create_sheet(a["sheet_transfers"])
    heads = [a["direction"], w["directive"], w["reference"], w["task"], a["on"], a["other"]]
    _sheet_header(moves, title, subtitle, heads, [24, 16, 8, 60, 12, 30])
    for direction, t in _transfers(card, w):
        _row(moves, [direction, t.directive, t.reference, t.content, t.on, t.other])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def annex_file_name(card: PersonScorecard, fmt: str) -> str:
    """ "phu-luc-nguyen-van-lan-2026.docx": ASCII, safe in a Content-Disposition header."""
    name = "-".join(fold(card.full_name).split()) or f"person-{card.person_id}"
    safe = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch == "-"))
    return f"phu-luc-{safe}-{card.period.label.replace('/', '')}.{fmt}"
