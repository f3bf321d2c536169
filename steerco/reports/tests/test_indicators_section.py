"""The report's indicators section: sentences and the table, in every format; omitted when
the unit has no indicator data; as recorded at the close for a closed period."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from steerco.indicators.imports import catalogue_load
from steerco.indicators.models import Indicator
from steerco.indicators.services import target_set, value_record
from steerco.indicators.tests.conftest import SEED
from steerco.lib.periods import PeriodKind, period_containing
from steerco.reports.build import build_report
from steerco.reports.labels import Words
from steerco.reports.render import render
from steerco.reports.tables import outline
from steerco.scoring.services import period_close

from .conftest import AS_OF

SENTENCE = (
    "Thu ngân sách nhà nước trên địa bàn 9 tháng năm 2025 đạt 3.312 tỷ đồng, "
    "đạt 165,6% kế hoạch năm, tăng 20% so với cùng kỳ."
)


@pytest.fixture
def revenue(meeting):
    catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)
    indicator = Indicator.objects.get(code="BUDGET_REVENUE")
    tq = meeting.tree.tuyen_quang
    target_set(unit=tq, indicator=indicator, period="2025", target=Decimal(2000))
    for period, value in (("2024-09", "2760"), ("2025-09", "3312")):
        value_record(
            unit=tq,
            indicator=indicator,
            period=period,
            value=value,
            recorded_at=datetime(2025, 10, 5, tzinfo=UTC),
        )
    return indicator


def test_a_report_without_indicator_data_has_no_indicators_section(meeting):
    catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)
    content = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF)
    assert content.indicators is None
    assert "indicators" not in content.as_dict()
    titles = [s.title for s in outline(content, Words("vi"))]
    assert not any("CHỈ TIÊU" in t for t in titles)
    assert "Chỉ tiêu" not in load_workbook(io.BytesIO(render(content, "xlsx"))).sheetnames


def test_the_section_says_the_figures_and_tabulates_them(meeting, revenue):
    content = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF)
    assert content.indicators is not None
    [row] = content.indicators.rows
    assert (row.value, row.target, row.achievement, row.change, row.status) == (
        3312,
        2000,
        165.6,
        20.0,
        "GREEN",
    )
    assert row.sentence == SENTENCE
    sections = outline(content, Words("vi"))
    assert sections[1].title == "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"
    table = next(b.table for b in sections[1].blocks if b.table is not None)
    assert table.rows[0][1:] == [
        "Thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng",
        "9 tháng năm 2025",
        "3.312",
        "2.000",
        "165,6%",
        "+20%",
        "Xanh",
    ]
    docx = "\n".join(p.text for p in Document(io.BytesIO(render(content, "docx"))).paragraphs)
    assert SENTENCE in docx
    assert SENTENCE in render(content, "html").decode()


def test_the_xlsx_appendix_has_the_same_table_with_numbers(meeting, revenue):
    content = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF)
    book = load_workbook(io.BytesIO(render(content, "xlsx")))
    sheet = book["Chỉ tiêu"]
    row = [c.value for c in sheet[4]]
    assert row[:6] == [
        1,
        "Thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng",
        "9 tháng năm 2025",
        3312,
        2000,
    ]
    assert row[6] == pytest.approx(1.656) and row[7] == pytest.approx(0.2)
    assert sheet.cell(4, 7).number_format == "0.0%"


def test_the_english_report_says_it_in_english(meeting, revenue):
    content = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, lang="en")
    assert content.indicators is not None
    assert content.indicators.rows[0].sentence == (
        "State budget revenue collected, the first 9 months of 2025: 3,312 tỷ đồng, "
        "165.6% of the year's plan, up 20% on the same period."
    )


def test_a_correction_after_the_close_leaves_the_closed_periods_report_as_it_was(meeting, revenue):
    october = period_containing(date(2025, 10, 10), PeriodKind.MONTH, 14)  # cut-off 14/10
    closed = period_close(period=october)
    value_record(unit=meeting.tree.tuyen_quang, indicator=revenue, period="2025-09", value="3500")
    frozen = build_report(unit=meeting.tree.tuyen_quang, as_of=october.ends_on)
    assert frozen.indicators is not None
    assert frozen.indicators.rows[0].value == 3312
    assert frozen.indicators.as_recorded_at == closed.closed_at
    assert any(
        b.kind == "note" and "khi chốt kỳ báo cáo" in b.text
        for b in outline(frozen, Words("vi"))[1].blocks
    )
    live = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF)
    assert live.indicators is not None and live.indicators.rows[0].value == 3500
