"""Each format renders the same content: layout rules of Decree 30/2020 and Guidance
36 in the DOCX, frozen headers, colours and formula-safe cells in the XLSX, the
Vietnamese sentences with their diacritics in the PDF and the HTML page."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import load_workbook

from steerco.lib.spreadsheets import formula_safe as safe
from steerco.progress.services import progress_report
from steerco.reports.build import build_report
from steerco.reports.render import render
from tests.factories import make_task

from .conftest import AS_OF, PREVIOUS, _at, requires_pdf


@pytest.fixture
def content(meeting):
    return build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, previous_on=PREVIOUS)


def _docx(content):
    return Document(io.BytesIO(render(content, "docx")))


def _texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_docx_page_is_a4_with_the_decree_margins(content):
    section = _docx(content).sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    slack = Cm(0.01)  # Word stores margins in twips
    assert Cm(2) - slack <= section.top_margin <= Cm(2.5)
    assert Cm(2) - slack <= section.bottom_margin <= Cm(2.5)
    assert Cm(3) - slack <= section.left_margin <= Cm(3.5)
    assert Cm(1.5) - slack <= section.right_margin <= Cm(2)


def test_docx_header_is_a_borderless_two_column_table(content):
    doc = _docx(content)
    header = doc.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders"
    )
    assert borders is not None and all(
        el.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "nil"
        for el in borders
    )
    left, right = header.rows[0].cells
    assert _texts(left) == ["UBND TỈNH TUYÊN QUANG", "BAN CHỈ ĐẠO"]
    assert _texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert left.paragraphs[1].runs[0].bold and right.paragraphs[1].runs[0].bold
    number, place = header.rows[1].cells
    assert _texts(number)[0].startswith("Số:") and _texts(number)[0].endswith("/BC-BCĐ")
    assert _texts(place) == ["Tuyên Quang, ngày 20 tháng 10 năm 2025"]
    assert place.paragraphs[0].runs[0].italic


def test_docx_title_is_bold_and_centred_with_its_subject(content):
    doc = _docx(content)
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold and title.alignment == 1  # centre
    i = doc.paragraphs.index(title) if title in doc.paragraphs else None
    texts = [p.text for p in doc.paragraphs]
    at = texts.index("BÁO CÁO")
    assert texts[at + 1] == "Kết quả thực hiện các nhiệm vụ được giao đến ngày 20 tháng 10 năm 2025"
    assert i is None or i == at


def test_docx_body_is_times_new_roman_13_to_14_pt(content):
    doc = _docx(content)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert Pt(13) <= normal.font.size <= Pt(14)
    body = [p for p in doc.paragraphs if p.text.startswith("- Đối với")]
    assert body
    for p in body:
        for run in p.runs:
            assert run.font.name == "Times New Roman"
            assert Pt(13) <= run.font.size <= Pt(14)


def test_docx_states_the_sentences_and_the_figures(content):
    doc = _docx(content)
    text = "\n".join(p.text for p in doc.paragraphs)
    for sentence in content.summary:
        assert sentence in text
    by_directive = doc.tables[1]
    assert [c.text for c in by_directive.rows[1].cells][:4] == [
        "1",
        "Kế hoạch số 02-KH/BCĐTW",
        "4 (+1)",
        "2",
    ]
    assert [c.text for c in by_directive.rows[-1].cells][2:4] == ["6", "3"]
    overdue = doc.tables[3]
    assert [c.text for c in overdue.rows[1].cells][2:6] == [
        "Sở Tài chính",
        "Trần Thị Bình",
        "31/08/2025",
        "50",
    ]


def test_docx_tables_repeat_their_bold_header_on_each_page_and_keep_rows_whole(content):
    doc = _docx(content)
    body_tables = doc.tables[1:-1]  # between the heading block and the signature block
    assert len(body_tables) == 4
    for table in body_tables:
        header, *rows = table.rows
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert rows and all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
        assert header.cells[0].paragraphs[0].runs[0].font.size == Pt(9.5)
        assert rows[0].cells[1].paragraphs[0].runs[0].font.size == Pt(11)
        assert table.style.name == "Table Grid"
        assert abs(table.rows[0].cells[0].width - Cm(1.0)) < Cm(0.01)  # Word stores twips
    by_directive = body_tables[0]
    assert all(run.bold for cell in by_directive.rows[-1].cells for run in cell.paragraphs[0].runs)
    assert not any(
        run.bold for cell in by_directive.rows[1].cells for run in cell.paragraphs[0].runs
    )


def test_docx_overdue_table_lists_every_overdue_task_in_order(meeting):
    for i in range(1, 61):
        make_task(
            meeting.plan,
            meeting.tree.tq_stc,
            reference=f"3.{i:02d}",
            due_on=date(2025, 9, 1),
            content=f"Nhiệm vụ quá hạn số {i} <của> Sở Tài chính & các xã",
        )
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF)
    overdue = _docx(c).tables[3]
    assert len(overdue.rows) == 62  # the header, task 3, the 60 added
    assert [cell.text for cell in overdue.rows[0].cells][:3] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì"]
    for n, row in enumerate(overdue.rows[2:], 2):
        i = n - 1
        assert [cell.text for cell in row.cells][:6] == [
            str(n),
            f"Nhiệm vụ quá hạn số {i} <của> Sở Tài chính & các xã (02-KH/BCĐTW 3.{i:02d})",
            "Sở Tài chính",
            "Nguyễn Văn An",
            "01/09/2025",
            "49",
        ]


def test_docx_keeps_the_line_breaks_and_tabs_of_reported_obstacles(meeting):
    progress_report(
        task=meeting.overdue,
        reported_on=date(2025, 10, 15),
        state="in_progress",
        percent=50,
        obstacles="Thiếu kinh phí:\n\t- năm 2025\n\t- năm 2026",
        recorded_at=_at(date(2025, 10, 15)),
    )
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, previous_on=PREVIOUS)
    doc = _docx(c)
    assert doc.tables[3].rows[1].cells[6].text == "Thiếu kinh phí:\n\t- năm 2025\n\t- năm 2026"
    feedback = next(p for p in doc.paragraphs if p.text.startswith("- Khó khăn, vướng mắc"))
    assert feedback.text.endswith("Thiếu kinh phí:\n\t- năm 2025\n\t- năm 2026")


def test_text_pasted_from_word_with_manual_breaks_renders_in_docx_and_xlsx(meeting):
    # Word's manual line break is a vertical tab, its page break a form feed: neither
    # can stand in a Word or Excel file as such, and neither may break the report.
    progress_report(
        task=meeting.overdue,
        reported_on=date(2025, 10, 15),
        state="in_progress",
        percent=50,
        obstacles="Thiếu kinh phí\x0bChờ hướng dẫn\x0cCòn lại\x01.",
        recorded_at=_at(date(2025, 10, 15)),
    )
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, previous_on=PREVIOUS)
    cell = _docx(c).tables[3].rows[1].cells[6].text
    assert cell == "Thiếu kinh phí\nChờ hướng dẫn\nCòn lại."
    book = load_workbook(io.BytesIO(render(c, "xlsx")))
    texts = [v for ws in book for row in ws.iter_rows(values_only=True) for v in row]
    assert "Thiếu kinh phí\nChờ hướng dẫn\nCòn lại." in texts


def test_docx_ends_with_recipients_and_signature(content):
    closing = _docx(content).tables[-1]
    left, right = closing.rows[0].cells
    assert _texts(left)[0] == "Nơi nhận:" and left.paragraphs[0].runs[0].italic
    assert _texts(left)[-1] == "- Lưu: VT."
    assert _texts(right) == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]


def test_docx_party_layout_follows_guidance_36(meeting):
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, layout="party")
    header = _docx(c).tables[0]
    left, right = header.rows[0].cells
    assert _texts(left) == ["TỈNH ỦY TUYÊN QUANG", "BAN CHỈ ĐẠO", "*"]
    assert _texts(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert right.paragraphs[0].runs[0].underline
    number = _texts(header.rows[1].cells[0])[0]
    assert number.startswith("Số ") and number.endswith("-BC/BCĐ")
    assert _texts(_docx(c).tables[-1].rows[0].cells[1])[0] == "T/M BAN CHỈ ĐẠO"


def test_docx_in_english_uses_english_labels(meeting):
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, lang="en")
    doc = _docx(c)
    left, right = doc.tables[0].rows[0].cells
    assert _texts(right) == ["SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"]
    assert "STEERING COMMITTEE" in _texts(left)
    texts = [p.text for p in doc.paragraphs]
    assert "REPORT" in texts and "I. RESULTS" in texts
    assert _texts(doc.tables[-1].rows[0].cells[0])[0] == "Recipients:"


def test_xlsx_appendices_have_frozen_vietnamese_headers_and_coloured_classes(content, meeting):
    wb = load_workbook(io.BytesIO(render(content, "xlsx")))
    assert wb.sheetnames == [
        "Danh sách nhiệm vụ",
        "Theo văn bản",
        "Theo đơn vị",
        "Xếp hạng",
        "Khó khăn, kiến nghị",
    ]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A4"
    tasks = wb["Danh sách nhiệm vụ"]
    headers = [c.value for c in tasks[3]]
    assert headers[:5] == ["TT", "Văn bản", "Mục", "Nhiệm vụ", "Đơn vị chủ trì"]
    rows = {r[0].value: r for r in tasks.iter_rows(min_row=4)}
    assert len(rows) == 6
    overdue = next(r for r in rows.values() if r[8].value == "Quá hạn, chưa hoàn thành")
    assert overdue[8].fill.start_color.rgb.endswith("FFC7CE")
    assert overdue[11].value == 50
    units = wb["Theo đơn vị"]
    assert [c.value for c in units[3]][:3] == ["TT", "Cơ quan, đơn vị", "Tổng số"]
    ranking = wb["Xếp hạng"]
    assert [(r[0].value, r[1].value) for r in ranking.iter_rows(min_row=4)] == [
        (1, "Cao Bằng"),
        (2, "Tuyên Quang"),
    ]
    by_directive = wb["Theo văn bản"]
    assert [c.value for c in by_directive[4]][1:4] == ["Kế hoạch số 02-KH/BCĐTW", 4, 2]


def test_xlsx_neutralises_formula_injection(content):
    wb = load_workbook(io.BytesIO(render(content, "xlsx")))
    cells = [c for row in wb["Danh sách nhiệm vụ"].iter_rows() for c in row]
    probe = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert probe and all(c.value.startswith("'=") and c.data_type == "s" for c in probe)
    assert not any(
        c.data_type == "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row
    )


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_safe_quotes_every_formula_start(text):
    assert safe(text) == "'" + text


def test_safe_leaves_ordinary_values(content):
    assert safe("Sở Tài chính") == "Sở Tài chính" and safe(-3) == -3


@requires_pdf
def test_pdf_text_has_the_vietnamese_sentences_with_diacritics(content):
    from pypdf import PdfReader

    pdf = render(content, "pdf")
    assert pdf.startswith(b"%PDF")
    text = _flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tuyên Quang, ngày 20 tháng 10 năm 2025" in text
    for sentence in content.summary:
        assert _flat(sentence) in text


@requires_pdf
def test_pdf_embeds_its_fonts(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render(content, "pdf")))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_html_page_has_the_sentences_and_escapes_task_text(content):
    html = render(content, "html").decode("utf-8")
    assert '<html lang="vi">' in html
    for sentence in content.summary:
        assert sentence in html
    assert "<script" not in html


def test_html_escapes_markup_in_task_content(meeting):
    meeting.overdue.content = "<script>alert(1)</script>"
    meeting.overdue.save(update_fields=["content"])
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF)
    html = render(c, "html").decode("utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


@requires_pdf
def test_every_format_states_the_same_figures(content):
    """The numbers come from one structure: the DOCX table, the XLSX row and the PDF agree."""
    from pypdf import PdfReader

    plan = content.directives[0]
    doc = _docx(content)
    assert doc.tables[1].rows[1].cells[3].text == str(plan.counts.completed)
    wb = load_workbook(io.BytesIO(render(content, "xlsx")))
    assert wb["Theo văn bản"]["D4"].value == plan.counts.completed
    text = _flat(
        "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render(content, "pdf"))).pages)
    )
    assert _flat(plan.sentence) in text
