"""The demo's Tuyên Quang as of 2025-10-20 (previous report 2025-09-30): every format
states the figures the province's steering committee published — Plan 02: 24 of 25
completed; Resolution 71: 12 of 20 completed, 8 on track; the concluding notice: 102
tasks, 24 more than the previous period, 41 completed, 61 on track.

The full unit tree and the demo are loaded once for the module, inside a transaction
rolled back afterwards; the report is built once per language and rendered once per
format."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest

from steerco.reports.build import build_report
from steerco.reports.render import render
from steerco.reports.render_html import pdf_available
from steerco.units.models import Unit

from .conftest import requires_pdf

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

AS_OF = date(2025, 10, 20)
PREVIOUS = date(2025, 9, 30)

PLAN_02_VI = "Đối với 25 nhiệm vụ theo Kế hoạch số 02-KH/BCĐTW"
PLAN_02_DONE_VI = "đã hoàn thành 24 nhiệm vụ"
RES_71_VI = "Đối với 20 nhiệm vụ theo Nghị quyết số 71/NQ-CP"
NOTICE_VI = (
    "Đối với 102 nhiệm vụ theo Thông báo kết luận số 45-TB/BCĐTW "
    "(tăng 24 nhiệm vụ so với kỳ báo cáo trước): đã hoàn thành 41 nhiệm vụ"
)


@pytest.fixture(scope="module")
def demo(demo_dataset):
    tuyen_quang = Unit.objects.get(code="08")
    return {
        "vi": build_report(unit=tuyen_quang, as_of=AS_OF, previous_on=PREVIOUS),
        "en": build_report(unit=tuyen_quang, as_of=AS_OF, previous_on=PREVIOUS, lang="en"),
    }


@pytest.fixture(scope="module")
def rendered(demo):
    formats = ("json", "html", "docx", "xlsx") + (("pdf",) if pdf_available() else ())
    return {fmt: render(demo["vi"], fmt) for fmt in formats}


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _section(content, symbol):
    return next(d for d in content.directives if d.symbol == symbol)


def test_content_has_the_published_figures(demo):
    c = demo["vi"]
    plan, res, notice = (_section(c, s) for s in ("02-KH/BCĐTW", "71/NQ-CP", "45-TB/BCĐTW"))
    assert (plan.counts.total, plan.counts.completed) == (25, 24)
    assert (res.counts.total, res.counts.completed, res.counts.on_track) == (20, 12, 8)
    assert (notice.counts.total, notice.total_change) == (102, 24)
    assert (notice.counts.completed, notice.counts.on_track) == (41, 61)


def test_sentences_state_them_in_vietnamese(demo):
    c = demo["vi"]
    plan, res, notice = (
        _section(c, s).sentence for s in ("02-KH/BCĐTW", "71/NQ-CP", "45-TB/BCĐTW")
    )
    assert plan.startswith(PLAN_02_VI) and PLAN_02_DONE_VI in plan
    assert res.startswith(RES_71_VI) and "đã hoàn thành 12 nhiệm vụ" in res
    assert "đang thực hiện trong hạn 8 nhiệm vụ" in res
    assert notice.startswith(NOTICE_VI) and notice.endswith("đang thực hiện trong hạn 61 nhiệm vụ.")


def test_sentences_in_english(demo):
    notice = _section(demo["en"], "45-TB/BCĐTW").sentence
    assert notice.startswith(
        "Of the 102 tasks under Concluding notice 45-TB/BCĐTW (24 more tasks than the previous reporting "
        "period), 41 are completed"
    )
    assert notice.endswith("61 are in progress within the deadline.")


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_text_formats_state_the_figures(demo, rendered, fmt):
    text = _flat(rendered[fmt].decode("utf-8"))
    for sentence in demo["vi"].summary:
        assert _flat(sentence) in text


def test_docx_states_the_figures(demo, rendered):
    from docx import Document

    doc = Document(io.BytesIO(rendered["docx"]))
    text = "\n".join(p.text for p in doc.paragraphs)
    for sentence in demo["vi"].summary:
        assert sentence in text
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in doc.tables[1].rows}
    assert rows["Kế hoạch số 02-KH/BCĐTW"][2:4] == ["25", "24"]
    assert rows["Thông báo kết luận số 45-TB/BCĐTW"][2:4] == ["102 (+24)", "41"]


def test_xlsx_states_the_figures(rendered):
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(rendered["xlsx"]))["Theo văn bản"]
    rows = {r[1].value: [c.value for c in r] for r in ws.iter_rows(min_row=4)}
    assert rows["Kế hoạch số 02-KH/BCĐTW"][2:4] == [25, 24]
    assert (
        rows["Nghị quyết số 71/NQ-CP"][2:4] == [20, 12] and rows["Nghị quyết số 71/NQ-CP"][6] == 8
    )
    notice = rows["Thông báo kết luận số 45-TB/BCĐTW"]
    assert notice[2:4] == [102, 41] and notice[6] == 61 and notice[12] == 24


@requires_pdf
def test_pdf_states_the_figures_with_diacritics(demo, rendered):
    from pypdf import PdfReader

    text = _flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(rendered["pdf"])).pages))
    for sentence in demo["vi"].summary:
        assert _flat(sentence) in text
    assert _flat(NOTICE_VI) in text
