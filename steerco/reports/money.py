"""The report's budget section: the figures of `steerco budget summary` and the budget
page for the report's unit, scope and date (budget year: the report date's), and the
section's sentences and table as the DOCX, HTML/PDF and XLSX print them.

"Tổng kinh phí dự toán 3.312 tỷ đồng, đã phân bổ 2.100 tỷ đồng, giải ngân 840 tỷ đồng,
đạt 40,0%." with the slowest-disbursing units named, then the table by lead unit."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from steerco.budget.selectors import Line, TaskScope, budget_summary
from steerco.budget.sentences import rate_text
from steerco.lib.money import format_vnd_billions
from steerco.units.models import Unit

from .content import BudgetLine, BudgetSection, ReportContent

if TYPE_CHECKING:
    from .tables import Block, TextTable

WORDS = {
    "vi": {
        "budget": "KINH PHÍ THỰC HIỆN",
        "budget_year": "Năm ngân sách {year}, số liệu đến ngày {day}.",
        "unit": "Đơn vị chủ trì",
        "estimated": "Dự toán",
        "allocated": "Đã phân bổ",
        "disbursed": "Đã giải ngân",
        "rate": "Tỷ lệ giải ngân",
        "planned": "Kế hoạch giải ngân đến tháng",
        "own": "{unit} (trực tiếp chủ trì)",
        "total": "Tổng cộng",
        "sheet": "Kinh phí",
        "source": "Nguồn vốn",
    },
    "en": {
        "budget": "BUDGET",
        "budget_year": "Budget year {year}, figures as of {day}.",
        "unit": "Lead unit",
        "estimated": "Estimated",
        "allocated": "Allocated",
        "disbursed": "Disbursed",
        "rate": "Disbursement rate",
        "planned": "Planned to date",
        "own": "{unit} (led directly)",
        "total": "Total",
        "sheet": "Budget",
        "source": "Funding source",
    },
}


def _line(line: Line) -> BudgetLine:
    f = line.figures
    data = f.as_dict()
    return BudgetLine(
        key=line.key,
        label=line.label,
        estimated=f.estimated,
        allocated=f.allocated,
        disbursed=f.disbursed,
        planned=f.planned,
        rate_percent=data["rate_percent"],
        own=line.own,
    )


def budget_section(
    unit: Unit, as_of: date, scope: TaskScope | None, lang: str
) -> BudgetSection | None:
    """The section for `unit`'s subtree in the report date's budget year; None (and no
    section) when no money is recorded there."""
    from django.utils import translation

    with translation.override(lang):
        summary = budget_summary(unit, as_of.year, as_of, scope=scope, with_series=False)
        if not summary.has_money:
            return None
        data = summary.as_dict(lang)
        own = WORDS[lang]["own"].format(unit=unit.name)
        lines = [
            _line(Line(line.key, own, line.figures, True) if line.own else line)
            for line in summary.by_unit
        ]
        return BudgetSection(
            year=summary.year,
            sentence=data["sentence"],
            slowest_sentence=data["slowest_sentence"],
            totals=_line(Line(unit.code, WORDS[lang]["total"], summary.totals)),
            by_source=[_line(line) for line in summary.by_source],
            by_unit=lines,
            slowest=[_line(line) for line in summary.slowest],
        )


def _rate(line: BudgetLine, lang: str) -> str:
    from steerco.budget.figures import Figures

    return rate_text(Figures(line.estimated, line.allocated, line.disbursed, line.planned), lang)


def budget_rows(lines: list[BudgetLine], lang: str) -> list[list[str]]:
    b = format_vnd_billions
    return [
        [
            line.label,
            b(line.estimated, lang),
            b(line.allocated, lang),
            b(line.disbursed, lang),
            _rate(line, lang),
            b(line.planned, lang),
        ]
        for line in lines
    ]


def budget_headers(lang: str, first: str = "unit") -> list[str]:
    w = WORDS[lang]
    return [w[first], w["estimated"], w["allocated"], w["disbursed"], w["rate"], w["planned"]]


def budget_table(c: ReportContent) -> TextTable:
    from .tables import TextTable

    assert c.budget is not None
    rows = [[str(i), *row] for i, row in enumerate(budget_rows(c.budget.by_unit, c.lang), 1)]
    rows.append(["", *budget_rows([c.budget.totals], c.lang)[0]])
    return TextTable(
        ["TT" if c.lang == "vi" else "No.", *budget_headers(c.lang)],
        rows,
        [0.8, 4.5, 2.4, 2.4, 2.4, 1.6, 2.4],
        2,
        total_last=True,
    )


def budget_blocks(c: ReportContent) -> list[Block]:
    from .tables import Block

    assert c.budget is not None
    words = WORDS[c.lang]
    day = c.as_of.strftime("%d/%m/%Y")
    blocks = [
        Block("p", f"- {c.budget.sentence}"),
        *([Block("p", f"- {c.budget.slowest_sentence}")] if c.budget.slowest_sentence else []),
        Block("note", words["budget_year"].format(year=c.budget.year, day=day)),
    ]
    if c.budget.by_unit:
        blocks.append(Block("table", table=budget_table(c)))
    return blocks
