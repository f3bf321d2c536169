import io
import json
import time
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from steerco.directives.models import Task
from steerco.intake.bench import synthetic_plan_xlsx
from steerco.intake.plans import PlanError, find_header, plan_import
from steerco.intake.readers import IntakeFileError, Sheet
from tests.factories import make_directive

from . import builders


@pytest.fixture
def plan(tq):
    return make_directive(tq.tuyen_quang, symbol="02-KH/UBND", issued_on=date(2025, 3, 1))


def run(plan, tq, data, name="plan.xlsx", commit=False):
    return plan_import(directive=plan, within=tq.tuyen_quang, name=name, data=data, commit=commit)


def top_level(plan):
    return Task.objects.filter(directive=plan, parent__isnull=True).order_by("id")


def test_xlsx_preview_lists_tasks_with_section_references_and_writes_nothing(plan, tq):
    result = run(plan, tq, builders.xlsx_bytes())
    assert result.rejected == []
    assert [r.reference for r in result.rows] == builders.REFERENCES
    assert (result.created, result.updated, result.cascaded) == (6, 0, 3)
    assert not Task.objects.exists()


def test_xlsx_commit_creates_tasks_with_units_deadlines_and_cascades(plan, tq):
    result = run(plan, tq, builders.xlsx_bytes(), commit=True)
    assert result.committed and result.rejected == []
    tasks = {t.reference: t for t in top_level(plan)}
    assert list(tasks) == builders.REFERENCES

    first = tasks["I.1"]
    assert first.lead_unit == tq.tq_skhcn
    assert first.due_on == date(2025, 12, 31)  # "Quý IV" takes the plan's year
    assert first.deadline_text == "Quý IV"
    assert first.coordinating_units.count() == 7  # every other department of the province
    assert first.external_partners == "VNPT Tuyên Quang"
    assert first.five_clear

    second = tasks["I.2"]
    assert "\n" in second.content  # a multi-line cell stays multi-line
    assert {u.code for u in second.coordinating_units.all()} == {"08-SNV", "08-STC"}

    cascaded = tasks["II.1.2"]
    assert (
        cascaded.lead_unit == tq.tuyen_quang
        and cascaded.recurring
        and cascaded.cadence == "quarter"
    )
    subtasks = cascaded.subtasks.order_by("lead_unit__code")
    assert [s.lead_unit.code for s in subtasks] == ["02233", "02236", "02269"]
    assert all(s.assigned_by == tq.tuyen_quang and s.recurring for s in subtasks)

    merged = tasks["II.1.4"]  # lead and coordinating cells merged with the row above
    assert merged.lead_unit.code == "08-SNNMT"
    assert [u.code for u in merged.coordinating_units.all()] == ["08-STC"]
    assert merged.due_on == date(2025, 6, 30)


def test_external_partners_and_arabic_sections_are_warnings(plan, tq):
    result = run(plan, tq, builders.xlsx_bytes())
    messages = [w.message for w in result.warnings]
    assert any("VNPT Tuyên Quang" in m and "external partner" in m for m in messages)
    assert any("section heading" in m for m in messages)
    located = next(w for w in result.warnings if "Viettel" in w.message)
    assert (located.sheet, located.row, located.column) == ("Phụ lục", 12, "D")


def test_reimporting_the_same_file_updates_instead_of_duplicating(plan, tq):
    run(plan, tq, builders.xlsx_bytes(), commit=True)
    count = Task.objects.count()
    again = run(plan, tq, builders.xlsx_bytes(), commit=True)
    assert (again.created, again.updated, again.unchanged, again.cascaded) == (0, 0, 6, 0)
    assert Task.objects.count() == count

    rows = builders.plan_rows()
    rows = [list(r) for r in rows]
    rows[7][5] = "Kế hoạch chuyển đổi số của UBND tỉnh được ban hành"
    changed = run(plan, tq, builders.xlsx_bytes(rows), commit=True)
    assert (changed.created, changed.updated) == (0, 1)
    assert Task.objects.count() == count
    assert top_level(plan).get(reference="I.1").expected_product.endswith("được ban hành")


def test_reimport_keeps_the_deadline_and_warns_when_it_moved(plan, tq):
    run(plan, tq, builders.xlsx_bytes(), commit=True)
    rows = [list(r) for r in builders.plan_rows()]
    rows[7][4] = "Quý I/2026"
    result = run(plan, tq, builders.xlsx_bytes(rows), commit=True)
    assert any("extension" in w.message for w in result.warnings)
    assert top_level(plan).get(reference="I.1").due_on == date(2025, 12, 31)


def test_docx_tables_import_like_the_workbook(plan, tq):
    result = run(plan, tq, builders.docx_bytes(), name="ke-hoach.docx", commit=True)
    assert result.rejected == []
    assert [r.reference for r in result.rows] == builders.REFERENCES
    assert result.rows[0].sheet == "Bảng 1"
    assert top_level(plan).get(reference="II.1.4").lead_unit.code == "08-SNNMT"
    assert result.cascaded == 3


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(",", "utf-8-sig"), (";", "utf-8"), ("\t", "utf-8")]
)
def test_csv_imports_like_the_workbook(plan, tq, delimiter, encoding):
    result = run(
        plan,
        tq,
        builders.csv_bytes(delimiter=delimiter, encoding=encoding),
        name="plan.csv",
        commit=True,
    )
    assert result.rejected == []
    assert [r.reference for r in result.rows] == builders.REFERENCES


def test_english_header_without_diacritics(plan, tq):
    rows = [
        [
            "No.",
            "Task",
            "Lead unit",
            "Coordinating units",
            "Deadline",
            "Expected output",
            "Responsible person",
        ],
        [
            "1",
            "Build the provincial data platform",
            "So Khoa hoc va Cong nghe",
            "So Tai chinh",
            "Q2 2025",
            "Platform in operation",
            "Nguyen Van An",
        ],
        [
            "2",
            "Train commune officials in digital skills",
            "SNV",
            "",
            "by end of 2025",
            "3,000 officials trained",
            "",
        ],
    ]
    result = run(plan, tq, builders.csv_bytes(rows), name="plan.csv")
    assert result.rejected == []
    assert [(r.reference, r.leads[0].code, r.deadline.due_on) for r in result.rows] == [
        ("1", "08-SKHCN", date(2025, 6, 30)),
        ("2", "08-SNV", date(2025, 12, 31)),
    ]


def bad_rows(**cells):
    rows = [list(r) for r in builders.plan_rows()]
    for (row, column), value in cells.items():
        rows[row][column] = value
    return rows


def assert_rejected_and_nothing_written(result, row, column, fragment):
    assert not result.committed
    assert not Task.objects.exists()
    problem = next(p for p in result.rejected if p.row == row)
    assert (problem.sheet, problem.column) == ("Phụ lục", column)
    assert fragment in problem.message


def test_unreadable_deadline_is_located_and_nothing_is_written(plan, tq):
    rows = [list(r) for r in builders.plan_rows()]
    rows[8][4] = "sớm nhất có thể"
    result = run(plan, tq, builders.xlsx_bytes(rows), commit=True)
    assert_rejected_and_nothing_written(result, 9, "E", "cannot read")
    assert result.rejected[0].value == "sớm nhất có thể"


def test_unknown_lead_unit_is_located_with_candidates(plan, tq):
    rows = [list(r) for r in builders.plan_rows()]
    rows[7][2] = "Sở Thông tin và Truyền thông"
    result = run(plan, tq, builders.xlsx_bytes(rows), commit=True)
    assert_rejected_and_nothing_written(
        result, 8, "C", "unknown unit “Sở Thông tin và Truyền thông”; closest:"
    )


def test_duplicate_references_are_rejected(plan, tq):
    rows = [list(r) for r in builders.plan_rows()]
    rows[8][0] = "1"
    result = run(plan, tq, builders.xlsx_bytes(rows), commit=True)
    assert_rejected_and_nothing_written(result, 9, "A", "already used by row 8")


def test_huge_cell_is_rejected(plan, tq, settings):
    settings.STEERCO_IMPORT_MAX_CELL = 1000
    rows = [list(r) for r in builders.plan_rows()]
    rows[7][1] = "Nội dung " * 500
    result = run(plan, tq, builders.xlsx_bytes(rows), commit=True)
    assert_rejected_and_nothing_written(result, 8, "B", "the limit is 1,000")


def test_task_row_without_content_is_rejected(plan, tq):
    rows = [list(r) for r in builders.plan_rows()]
    rows[8][1] = ""
    result = run(plan, tq, builders.csv_bytes(builders.filled(rows)), name="plan.csv", commit=True)
    assert not Task.objects.exists()
    assert any(p.row == 9 and p.column == "B" for p in result.rejected)


def test_hostile_text_is_stored_as_text(plan, tq):
    rows = [list(r) for r in builders.plan_rows()]
    rows[7][1] = '=HYPERLINK("http://evil.example","Bấm vào đây")\x00 xây dựng kế hoạch'
    rows[8][1] = "+cmd|' /C calc'!A0"
    result = run(plan, tq, builders.csv_bytes(builders.filled(rows)), name="plan.csv", commit=True)
    assert result.rejected == []
    first = top_level(plan).get(reference="I.1")
    assert first.content.startswith("=HYPERLINK(") and "\x00" not in first.content


def test_no_header_row_is_a_file_error(plan, tq):
    rows = [["Danh sách"], ["Một việc", "Sở KH&CN"]]
    with pytest.raises(PlanError, match="no table with a header row"):
        run(plan, tq, builders.csv_bytes(rows), name="plan.csv")


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("plan.docx", builders.xlsx_bytes(), "it is an .xlsx file"),
        ("plan.xlsx", builders.docx_bytes(), "it is an .docx file"),
        ("plan.xlsx", "STT,Nội dung\n1,abc".encode(), "not an .xlsx file"),
        ("plan.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "97-2003"),
        ("plan.csv", builders.xlsx_bytes(), "not a text (.csv) file"),
        ("plan.pdf", b"%PDF-1.7", "cannot be imported"),
        ("plan.xlsx", b"PK\x03\x04 broken", "damaged"),
        ("plan.xlsx", b"", "empty"),
    ],
)
def test_file_that_is_not_what_its_extension_says_is_refused(plan, tq, name, data, fragment):
    with pytest.raises(
        IntakeFileError, match=fragment.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")
    ):
        run(plan, tq, data, name=name)


def test_oversized_file_is_refused(plan, tq, settings):
    settings.STEERCO_IMPORT_MAX_BYTES = 1000
    with pytest.raises(IntakeFileError, match="the limit is"):
        run(plan, tq, builders.xlsx_bytes())


def test_too_many_rows_is_refused(plan, tq, settings):
    settings.STEERCO_IMPORT_MAX_ROWS = 3
    with pytest.raises(IntakeFileError, match="rows; the limit is 3"):
        run(plan, tq, builders.csv_bytes([["x"]] * 60), name="plan.csv")
    with pytest.raises(PlanError, match="more than 3"):
        run(plan, tq, builders.xlsx_bytes())


def test_header_spanning_two_rows_is_found():
    sheet = Sheet("s", builders.filled(builders.plan_rows()))
    start, mapping = find_header(sheet)
    assert start == 6  # after the numbering row
    assert mapping == {
        "number": 0,
        "content": 1,
        "lead": 2,
        "coordinating": 3,
        "deadline": 4,
        "product": 5,
        "person": 6,
    }


def test_command_json_preview(plan, tq, tmp_path, capsys):
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(builders.xlsx_bytes())
    call_command("import", str(path), "--directive", "02-KH/UBND", "--within", "08", "--json")
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "created",
        "updated",
        "cascaded",
        "officials_linked",
        "estimated",
        "warnings",
        "rejected",
    }
    assert (out["created"], out["updated"], out["cascaded"], out["rejected"]) == (6, 0, 3, [])
    assert not Task.objects.exists()


def test_command_commit_writes_and_rejection_exits_non_zero(plan, tq, tmp_path, capsys):
    good = tmp_path / "ke-hoach.xlsx"
    good.write_bytes(builders.xlsx_bytes())
    call_command("import", str(good), "--directive", "02-KH/UBND", "--within", "08", "--commit")
    assert "6 create" in capsys.readouterr().out
    assert top_level(plan).count() == 6

    rows = [list(r) for r in builders.plan_rows()]
    rows[7][2] = "Sở Ma"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(builders.xlsx_bytes(rows))
    with pytest.raises(CommandError, match="nothing written"):
        call_command(
            "import", str(bad), "--directive", "02-KH/UBND", "--within", "08", "--commit", "--json"
        )
    out = json.loads(capsys.readouterr().out)
    assert out["rejected"][0] | {"message": ""} == {
        "sheet": "Phụ lục",
        "row": 8,
        "column": "C",
        "value": "Sở Ma",
        "message": "",
    }


def test_command_refuses_wrong_file_type_with_json(plan, tq, tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="not an .xlsx file"):
        call_command("import", str(path), "--directive", "02-KH/UBND", "--within", "08", "--json")
    assert json.loads(capsys.readouterr().out)["rejected"][0]["value"] == "plan.xlsx"


def test_ten_thousand_row_workbook_imports_in_one_transaction(plan, tq, capsys):
    data = synthetic_plan_xlsx(10_000)
    started, cpu = time.perf_counter(), time.process_time()
    result = run(plan, tq, data, commit=True)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert result.rejected == [] and result.committed
    assert top_level(plan).count() == 10_000
    with capsys.disabled():
        print(
            f"\n10,000-row plan workbook ({len(data) / 1024:.0f} KB): imported in {elapsed:.2f} s "
            f"({cpu:.2f} s CPU, {connection.vendor})"
        )


def test_word_table_broken_into_several_tables_continues_with_the_same_columns(plan, tq):
    import io as _io

    import docx

    rows = builders.filled(builders.plan_rows())[len(builders.TITLE) :]
    document = docx.Document()
    for part in (rows[:6], rows[6:]):
        table = document.add_table(rows=len(part), cols=builders.WIDTH)
        for r, row in enumerate(part):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        document.add_paragraph("")
    out = _io.BytesIO()
    document.save(out)
    result = run(plan, tq, out.getvalue(), name="ke-hoach.docx")
    assert result.rejected == []
    assert [r.reference for r in result.rows] == builders.REFERENCES
    assert any(w.sheet == "Bảng 2" and "columns of Bảng 1" in w.message for w in result.warnings)


def test_sheet_without_header_is_reported_as_skipped(plan, tq):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Hướng dẫn"
    wb.active.append(["Điền bảng ở trang Phụ lục"])
    wb.active.append(["Không sửa tiêu đề"])
    ws = wb.create_sheet("Phụ lục")
    for row in builders.filled(builders.plan_rows()):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    result = run(plan, tq, out.getvalue())
    assert len(result.rows) == 6
    assert any(w.sheet == "Hướng dẫn" and "skipped" in w.message for w in result.warnings)


def test_reimport_warns_about_tasks_and_cascaded_units_no_longer_in_the_file(plan, tq):
    run(plan, tq, builders.xlsx_bytes(), commit=True)
    rows = [list(r) for r in builders.plan_rows()]
    rows[12][2] = "UBND các xã"  # II.1.2 no longer cascades to the ward
    rows[8] = [""] * builders.WIDTH  # I.2 removed
    result = run(plan, tq, builders.xlsx_bytes(rows))
    messages = [w.message for w in result.warnings]
    assert any("not in this file: I.2" in m for m in messages)
    assert any("no longer listed" in m for m in messages)


def test_single_implementing_unit_column_is_the_lead():
    from steerco.intake.plans import column_key

    assert column_key("Cơ quan thực hiện") == "lead"
    assert column_key("Đơn vị thực hiện") == "lead"
    assert column_key("Thời gian thực hiện") == "deadline"
    assert column_key("Implementing agency") == "lead"


def test_fast_xlsx_reader_agrees_with_openpyxl():
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from steerco.intake.readers import read_xlsx, read_xlsx_openpyxl

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for row in builders.plan_rows():
        ws.append([v or None for v in row])
    ws.append([7, 3.5, True, datetime(2025, 6, 30), "=1+1", None, "  dòng\r\nhai  "])
    ws["H20"] = CellRichText([TextBlock(InlineFont(b=True), "Sở "), "KH&CN"])
    ws["D30"].value = datetime(2025, 12, 31)
    ws["D30"].number_format = "DD/MM/YYYY"
    for r1, c1, r2, c2 in builders.MERGES:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    hidden = wb.create_sheet("ẩn")
    hidden.append(["không đọc"])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    from steerco.intake.readers import Sheet, clean
    from steerco.intake.xlsxfast import read_xlsx_fast

    fast = [Sheet(name, rows) for name, rows in read_xlsx_fast(data, clean)]  # no fallback
    reference = read_xlsx_openpyxl(data)
    assert [s.rows for s in read_xlsx(data)] == [s.rows for s in fast]
    assert [s.name for s in fast] == [s.name for s in reference] == ["Phụ lục"]
    height = len(fast[0].rows)
    assert fast[0].rows == [r[: len(fast[0].rows[0])] for r in reference[0].rows[:height]]
    assert fast[0].rows[19][7] == "Sở KH&CN"
    assert fast[0].rows[29][3] == "31/12/2025"


def test_fast_xlsx_reader_reads_shared_strings():
    import zipfile

    from steerco.intake.readers import clean
    from steerco.intake.xlsxfast import read_xlsx_fast

    # A workbook written by Excel keeps its text in xl/sharedStrings.xml.
    data = builders.xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        files = {n: source.read(n) for n in source.namelist()}
    sheet = files["xl/worksheets/sheet1.xml"].decode()
    strings: list[str] = []

    def shared(match):
        strings.append(match[2])
        return f'<c r="{match[1]}" t="s"><v>{len(strings) - 1}</v></c>'

    import re as _re

    sheet = _re.sub(
        r'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"[^>]*><is><t[^>]*>(.*?)</t></is></c>',
        shared,
        sheet,
        flags=_re.S,
    )
    files["xl/worksheets/sheet1.xml"] = sheet.encode()
    files["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{s}</t></si>" for s in strings)
        + "</sst>"
    ).encode()
    rels = (
        files["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml" Id="rId9"/></Relationships>',
        )
    )
    files["xl/_rels/workbook.xml.rels"] = rels.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in files.items():
            target.writestr(name, content)
    assert strings
    rows = read_xlsx_fast(out.getvalue(), clean)[0][1]
    assert rows[7][2] == "Sở KH&CN" and rows[12][2] == "UBND các xã, phường"
