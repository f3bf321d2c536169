"""The report's appendices as a workbook: the task list with classes and colours, the
tables by directive and by unit, the ranking, the obstacles and proposals.

Every text cell that a spreadsheet could read as a formula (starting with = + - @,
a tab or a carriage return) is written with a leading apostrophe, so a task named
"=HYPERLINK(...)" stays text. Header rows are frozen.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from steerco.lib.spreadsheets import formula_safe

from .content import Counts, ReportContent
from .labels import Words
from .money import WORDS as MONEY_WORDS
from .money import budget_headers

FILLS = {
    "green": PatternFill("solid", start_color="C6EFCE", end_color="C6EFCE"),
    "yellow": PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C"),
    "red": PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
}
HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
FONT = "Times New Roman"
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_ROW = 3  # rows 1-2: title and cut-off; row 3: column headers (frozen)
BODY_FONT = Font(name=FONT, size=11)
BOLD_FONT = Font(name=FONT, size=11, bold=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")


def render_xlsx(content: ReportContent) -> bytes:
    w = Words(content.lang)
    wb = Workbook()
    tasks = wb.active
    tasks.title = w["sheet_tasks"]
    _tasks(tasks, content, w)
    _directives(wb.create_sheet(w["sheet_directives"]), content, w)
    _units(wb.create_sheet(w["sheet_units"]), content, w)
    _ranking(wb.create_sheet(w["sheet_ranking"]), content, w)
    _feedback(wb.create_sheet(w["sheet_feedback"]), content, w)
    if content.indicators is not None:
        _indicators(wb.create_sheet(w["sheet_indicators"]), content, w)
    if content.indices:
        _indices(wb.create_sheet(w["sheet_indices"]), content, w)
    if content.budget is not None:
        _budget(wb.create_sheet(MONEY_WORDS[content.lang]["sheet"]), content, w)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet(
    ws: Worksheet, c: ReportContent, w: Words, title: str, headers: list[str], widths: list[int]
) -> None:
    ws["A1"] = formula_safe(f"{w['appendix']}: {title} — {c.unit_name}")
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    ws["A2"] = formula_safe(c.heading.cutoff)
    ws["A2"].font = Font(name=FONT, italic=True, size=11)
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=formula_safe(text))
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _row(ws: Worksheet, values: list, *, bold: bool = False) -> int:
    r = ws.max_row + 1
    font = BOLD_FONT if bold else BODY_FONT
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=r, column=col, value=formula_safe(value))
        cell.font = font
        cell.border = BORDER
        cell.alignment = WRAP if isinstance(value, str) else TOP
        if isinstance(value, date):
            cell.number_format = "DD/MM/YYYY"
        elif isinstance(value, float):
            cell.number_format = "0.0%"
    return r


def _tasks(ws: Worksheet, c: ReportContent, w: Words) -> None:
    headers = [
        w["no"],
        w["directive"],
        w["reference"],
        w["task"],
        w["lead_unit"],
        w["responsible"],
        w["deadline_text"],
        w["deadline"],
        w["class"],
        w["colour"],
        w["completed_on"],
        w["days_late"],
        w["latest_obstacles"],
        w["missing"],
    ]
    _sheet(
        ws, c, w, w["sheet_tasks"], headers, [6, 16, 8, 50, 28, 22, 16, 12, 24, 8, 12, 10, 40, 22]
    )
    for i, t in enumerate(c.tasks, 1):
        r = _row(
            ws,
            [
                i,
                t.directive,
                t.reference,
                t.content,
                t.lead_unit,
                t.responsible_person,
                t.deadline_text,
                t.due_on,
                w.task_class(t.task_class),
                w.colour(t.colour),
                t.completed_on,
                t.days_late,
                t.latest_obstacles,
                w.clears(t.missing_clears),
            ],
        )
        fill = FILLS.get(t.colour)
        if fill is not None:
            ws.cell(row=r, column=9).fill = fill
            ws.cell(row=r, column=10).fill = fill


def _counts(k: Counts) -> list[int | float | None]:
    return [
        k.total,
        k.completed,
        k.done_on_time,
        k.done_late,
        k.on_track,
        k.overdue,
        k.regular,
        k.completion_rate,
        k.due_completion_rate,
        k.green_rate,
    ]


def _count_headers(w: Words) -> list[str]:
    return [
        w["total"],
        w["completed"],
        w["done_on_time"],
        w["done_late"],
        w["on_track"],
        w["overdue_col"],
        w["regular"],
        w["completion_rate"],
        "Tỷ lệ hoàn thành (đến hạn)" if w.lang == "vi" else "Completion rate (fallen due)",
        w["green_rate"],
    ]


def _directives(ws: Worksheet, c: ReportContent, w: Words) -> None:
    change = "so với kỳ trước" if w.lang == "vi" else "vs previous period"
    headers = [
        w["no"],
        w["directive"],
        *_count_headers(w),
        f"{w['total']} ({change})",
        f"{w['completed']} ({change})",
    ]
    _sheet(
        ws,
        c,
        w,
        w["sheet_directives"],
        headers,
        [6, 34, 10, 12, 12, 12, 12, 10, 12, 12, 14, 12, 16, 16],
    )
    for i, d in enumerate(c.directives, 1):
        _row(ws, [i, d.name, *_counts(d.counts), d.total_change, d.completed_change])
    previous = c.previous_totals
    _row(
        ws,
        [
            "",
            w.total_row(c.totals.cancelled),
            *_counts(c.totals),
            c.totals.total - previous.total if previous else None,
            c.totals.completed - previous.completed if previous else None,
        ],
        bold=True,
    )


def _units(ws: Worksheet, c: ReportContent, w: Words) -> None:
    headers = [w["no"], w["unit"], *_count_headers(w)]
    _sheet(ws, c, w, w["sheet_units"], headers, [6, 40, 10, 12, 12, 12, 12, 10, 12, 12, 14, 12])
    for i, u in enumerate(c.units, 1):
        name = f"{u.name} {w['itself']}" if u.is_self else u.name
        r = _row(ws, [i, name, *_counts(u.counts)])
        if u.counts.overdue:
            ws.cell(row=r, column=8).fill = FILLS["red"]


def _ranking(ws: Worksheet, c: ReportContent, w: Words) -> None:
    headers = [w["rank"], w["unit"], w["green_rate"], w["previous_rank"], w["change"], w["total"]]
    _sheet(ws, c, w, w["sheet_ranking"], headers, [8, 40, 12, 14, 10, 10])
    if c.ranking is None:
        return
    for row in c.ranking.rows:
        _row(
            ws,
            [row.rank, row.name, row.value, row.previous_rank, row.change, row.total],
            bold=row.is_self,
        )


def _feedback(ws: Worksheet, c: ReportContent, w: Words) -> None:
    headers = [
        w["no"],
        w["unit"],
        w["reported_on"],
        w["directive"],
        w["reference"],
        w["task"],
        w["obstacles"],
        w["proposals"],
    ]
    _sheet(ws, c, w, w["sheet_feedback"], headers, [6, 30, 12, 16, 8, 40, 40, 40])
    i = 0
    for group in c.feedback:
        for item in group.items:
            i += 1
            _row(
                ws,
                [
                    i,
                    group.unit,
                    item.reported_on,
                    item.directive,
                    item.reference,
                    item.task,
                    item.obstacles,
                    item.proposals,
                ],
            )


STATUS_FILLS = {"GREEN": FILLS["green"], "YELLOW": FILLS["yellow"], "RED": FILLS["red"]}


def _indicators(ws: Worksheet, c: ReportContent, w: Words) -> None:
    """The body's indicator table, with numbers as numbers: achievement and change as
    fractions formatted as percentages."""
    assert c.indicators is not None
    headers = [
        w["no"],
        w["indicator"],
        w["measure_unit"],
        w["period"],
        w["value"],
        w["target"],
        w["achieved"],
        w["same_period_change"],
        w["status"],
    ]
    _sheet(ws, c, w, w["sheet_indicators"], headers, [6, 50, 14, 20, 14, 14, 12, 14, 12])
    for i, ind in enumerate(c.indicators.rows, 1):
        values: list = [
            i,
            ind.name,
            ind.measure_unit,
            ind.period_label,
            ind.value,
            ind.target,
            None if ind.achievement is None else ind.achievement / 100,
            None if ind.change is None else ind.change / 100,
            w.colour((ind.status or "").lower()),
        ]
        r = ws.max_row + 1
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=col, value=formula_safe(value))
            cell.font = BODY_FONT
            cell.border = BORDER
            cell.alignment = WRAP if isinstance(value, str) else TOP
            if col in (5, 6):
                cell.number_format = "#,##0.##"
            elif col in (7, 8):
                cell.number_format = "0.0%"
        fill = STATUS_FILLS.get(ind.status or "")
        if fill is not None:
            ws.cell(row=r, column=9).fill = fill


def _indices(ws: Worksheet, c: ReportContent, w: Words) -> None:
    """Each composite index's pillars for the unit, then its total (bold): weights and
    points as numbers, ranks among the peers."""
    headers = [
        w["index"],
        w["period"],
        w["pillar"],
        w["weight"],
        w["points"],
        w["rank"],
        w["peers"],
    ]
    _sheet(ws, c, w, w["sheet_indices"], headers, [40, 18, 40, 12, 12, 10, 10])
    for s in c.indices:
        rows = [(p.name, p.weight, p.score, p.rank, False) for p in s.pillars]
        rows.append((w["total_row"], s.scale, s.score, s.rank, True))
        for name, weight, score, rank, total in rows:
            r = ws.max_row + 1
            values: list = [s.name, s.period_label, name, weight, score, rank, s.peers]
            for col, value in enumerate(values, 1):
                cell = ws.cell(row=r, column=col, value=formula_safe(value))
                cell.font = BOLD_FONT if total else BODY_FONT
                cell.border = BORDER
                cell.alignment = WRAP if isinstance(value, str) else TOP
                if col == 4:
                    cell.number_format = "#,##0.####"
                elif col == 5:
                    cell.number_format = "#,##0.00"


def _budget(ws: Worksheet, c: ReportContent, w: Words) -> None:
    """The budget section's table: amounts as whole đồng (numbers, exact below 2^53), the
    rate as a percentage; by lead unit, the total, then by funding source."""
    assert c.budget is not None
    words = MONEY_WORDS[c.lang]
    headers = [w["no"], *budget_headers(c.lang)]
    _sheet(ws, c, w, words["sheet"], headers, [6, 45, 22, 22, 22, 14, 22])
    groups = [(c.budget.by_unit, False), ([c.budget.totals], True), (c.budget.by_source, False)]
    for lines, bold in groups:
        for i, line in enumerate(lines, 1):
            rate = None if line.rate_percent is None else line.rate_percent / 100
            values = [line.estimated, line.allocated, line.disbursed, rate, line.planned]
            r = _row(ws, ["" if bold else i, line.label, *values], bold=bold)
            for col in (3, 4, 5, 7):
                ws.cell(row=r, column=col).number_format = "#,##0"
            ws.cell(row=r, column=6).number_format = "0.0%"
