"""Hostile uploads: decompression bombs, grid bombs, entity expansion, fields too long for the
csv module. Each is refused with a message naming the file (and where it can, the place) before
the reader builds anything large; memory is measured with tracemalloc."""

import io
import re
import tracemalloc
from datetime import date

import pytest
from openpyxl import load_workbook

from steerco.intake.plans import plan_import
from steerco.intake.readers import IntakeFileError, read_table
from steerco.intake.sheets import SHEET, sheet_export, sheet_import
from tests.factories import make_directive, make_task

from . import builders

MB = 1024 * 1024
SHEET_XML = "xl/worksheets/sheet1.xml"


def refused(call, *args, **kwargs):  # type: ignore[no-untyped-def]
    """(the IntakeFileError raised, peak traced memory in MB)."""
    tracemalloc.start()
    try:
        with pytest.raises(IntakeFileError) as error:
            call(*args, **kwargs)
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
    return str(error.value), peak


@pytest.fixture
def plan(tq):
    return make_directive(tq.tuyen_quang, symbol="02-KH/UBND", issued_on=date(2025, 3, 1))


@pytest.fixture
def progress_sheet(tree):
    plan = make_directive(tree.tuyen_quang, symbol="03-KH/UBND")
    make_task(plan, tree.tq_skhcn, reference="I.1")
    return sheet_export(unit=tree.tq_skhcn, exported_on=date(2025, 9, 10))


def sheet_with(data: bytes, **cells: object) -> bytes:
    """A progress sheet with more cells written on its main sheet."""
    wb = load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        wb[SHEET][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_sheet(data: bytes, name: str = "progress.xlsx"):  # type: ignore[no-untyped-def]
    return sheet_import(name=name, data=data, reported_on=date(2025, 9, 14), user=None)


# --- Grid bombs -------------------------------------------------------------------------


def test_one_cell_far_away_is_refused_before_any_grid_is_built():
    data = builders.xlsx_far_cell("GJH10000")  # 4.7 KB; the old reader allocated 400 MB
    message, peak = refused(read_table, "plan.xlsx", data)
    assert message == (
        "plan.xlsx: sheet 'Sheet1' reaches column 5,000 (cell GJH10000); at most 200 columns are read"
    )
    assert peak < 20


def test_the_used_range_is_the_furthest_cell_not_the_dimension_the_sheet_claims():
    data = builders.xlsx_far_cell("GJH10000", dimension="A1:A1")
    message, peak = refused(read_table, "plan.xlsx", data)
    assert "reaches column 5,000 (cell GJH10000)" in message
    assert peak < 20


def test_rows_past_the_limit_are_refused(settings):
    settings.STEERCO_IMPORT_MAX_ROWS = 1000
    message, _peak = refused(read_table, "plan.xlsx", builders.xlsx_far_cell("B1051"))
    assert message == (
        "plan.xlsx: sheet 'Sheet1' reaches row 1,051 (cell B1051); at most 1,050 rows are read"
    )
    assert read_table("plan.xlsx", builders.xlsx_far_cell("B1050"))[0].rows[-1] == ["", "x"]


def test_the_column_limit_is_a_setting(settings):
    settings.STEERCO_IMPORT_MAX_COLUMNS = 10
    message, _peak = refused(read_table, "plan.xlsx", builders.xlsx_far_cell("K2"))
    assert "reaches column 11 (cell K2); at most 10 columns are read" in message
    assert len(read_table("plan.xlsx", builders.xlsx_far_cell("J2"))[0].rows[1]) == 10


def test_cells_without_references_are_placed_and_counted_as_openpyxl_does():
    # No `r` on the cells: each follows the previous one in its row.
    cells = "".join("<c><v>1</v></c>" for _ in range(250))

    def transform(xml: bytes) -> bytes:
        return re.sub(
            rb"<sheetData>.*</sheetData>",
            f"<sheetData><row>{cells}</row></sheetData>".encode(),
            xml,
        )

    data = builders.sheet_xml(builders.xlsx_far_cell("A1"), transform)
    message, _peak = refused(read_table, "plan.xlsx", data)
    assert "reaches column 201 (cell GS1)" in message


def test_the_plan_import_refuses_a_grid_bomb(plan, tq):
    message, peak = refused(
        plan_import,
        directive=plan,
        within=tq.tuyen_quang,
        name="plan.xlsx",
        data=builders.xlsx_far_cell("GJH10000"),
    )
    assert message.startswith("plan.xlsx: sheet 'Sheet1' reaches column 5,000")
    assert peak < 20


def test_the_progress_sheet_import_refuses_a_far_cell(progress_sheet):
    data = sheet_with(progress_sheet, GJH10000="x")
    message, peak = refused(import_sheet, data)
    assert message == (
        "progress.xlsx: sheet 'Tiến độ' reaches column 5,000 (cell GJH10000); at most 200 columns are read"
    )
    assert peak < 20


def test_the_progress_sheet_import_refuses_a_recorded_range_wider_than_the_limit(progress_sheet):
    # openpyxl pads every row to the range in <dimension>: with a cell in row 20,000, this
    # 6 KB sheet made the progress sheet reader allocate 2.8 GB.
    data = sheet_with(progress_sheet, A20000="x")
    path = "xl/worksheets/sheet1.xml"
    assert builders.member(data, path).count(b"<dimension") == 1
    data = builders.sheet_xml(
        data, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:ZZZ20000"', xml)
    )
    message, peak = refused(import_sheet, data)
    assert message == (
        "progress.xlsx: sheet 'Tiến độ' records its used range as A1:ZZZ20000, reaching column"
        " 18,278; at most 200 columns are read"
    )
    assert peak < 20


def test_overlapping_merged_ranges_are_refused_before_filling_them():
    # Each merged range is filled cell by cell: 50 copies of the whole grid would cost 50
    # times its cells (a 50 MB sheet holds a million of them).
    merges = "".join('<mergeCell ref="A1:GR2000"/>' for _ in range(50))

    def transform(xml: bytes) -> bytes:
        return xml.replace(
            b"</sheetData>", f'</sheetData><mergeCells count="50">{merges}</mergeCells>'.encode()
        )

    data = builders.sheet_xml(builders.xlsx_far_cell("GR2000"), transform)
    message, _peak = refused(read_table, "plan.xlsx", data)
    assert (
        message == "plan.xlsx: sheet 'Sheet1' has merged ranges that overlap; the file is damaged"
    )


def test_merged_ranges_are_read_from_the_xml_whatever_its_quoting():
    rows = builders.plan_rows()
    data = builders.xlsx_bytes(rows, merges=[])

    def transform(xml: bytes) -> bytes:
        merged = (
            "<mergeCells count='2'><mergeCell ref='A1:G1'/><mergeCell ref=\"C4:D4\"/></mergeCells>"
        )
        return xml.replace(b"</sheetData>", b"</sheetData>" + merged.encode())

    sheet = read_table("plan.xlsx", builders.sheet_xml(data, transform))[0]
    assert sheet.rows[0] == [rows[0][0]] * 7
    assert sheet.rows[3][2:4] == ["Cơ quan thực hiện"] * 2


def test_the_openpyxl_reader_applies_the_same_limits(settings):
    from steerco.intake.readers import read_xlsx_openpyxl
    from steerco.intake.xlsxfast import TooFar

    settings.STEERCO_IMPORT_MAX_COLUMNS = 10
    with pytest.raises(TooFar, match="column 11"):
        read_xlsx_openpyxl(builders.xlsx_far_cell("K2"))
    # A recorded range is not padded to: rows are as wide as their cells.
    data = builders.xlsx_far_cell("B2", dimension="A1:ZZ5000")
    assert read_xlsx_openpyxl(data)[0].rows == [["", ""], ["", "x"]]


def test_a_word_table_spanning_too_many_columns_is_refused():
    data = builders.docx_bytes()
    xml = builders.member(data, "word/document.xml").decode()
    xml = xml.replace("<w:tc><w:tcPr>", '<w:tc><w:tcPr><w:gridSpan w:val="5000"/>', 1)
    message, peak = refused(
        read_table, "plan.docx", builders.rezip(data, {"word/document.xml": xml.encode()})
    )
    assert message == (
        "plan.docx: table 1 reaches column 5,006 in row 1; at most 200 columns are read"
    )
    assert peak < 20


def test_a_word_row_starting_past_the_limit_is_refused():
    data = builders.docx_bytes()
    xml = builders.member(data, "word/document.xml").decode()
    xml = xml.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>', 1)
    message, _peak = refused(
        read_table, "plan.docx", builders.rezip(data, {"word/document.xml": xml.encode()})
    )
    assert "table 1 reaches column 1,000,000,007 in row 1" in message


def test_a_word_table_with_too_many_rows_is_refused(settings):
    settings.STEERCO_IMPORT_MAX_ROWS = 3
    rows = "".join(f"<w:tr>{word_cell(str(i))}</w:tr>" for i in range(1, 58))
    message, _peak = refused(read_table, "plan.docx", word_table(rows))
    assert message == "plan.docx: table 1 has 57 rows; at most 53 rows are read"


def word_table(rows_xml: str) -> bytes:
    """A Word document whose one table is `rows_xml` (<w:tr> elements)."""
    data = builders.docx_bytes()
    xml = builders.member(data, "word/document.xml").decode()
    xml = re.sub(r"<w:tbl>.*</w:tbl>", f"<w:tbl>{rows_xml}</w:tbl>", xml, flags=re.S)
    return builders.rezip(data, {"word/document.xml": xml.encode()})


def word_cell(text: str, merge: str | None = None) -> str:
    properties = ""
    if merge == "restart":
        properties = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
    elif merge == "continue":
        properties = "<w:tcPr><w:vMerge/></w:tcPr>"
    return f"<w:tc>{properties}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_a_word_cell_merged_down_a_long_column_is_read_in_linear_time():
    # python-docx resolves a vertically merged cell by recursion up the column, each step
    # searching the row above: a merge down 1,500 rows raised RecursionError.
    rows = [f"<w:tr>{word_cell('1')}{word_cell('Sở KH&amp;CN', 'restart')}</w:tr>"] + [
        f"<w:tr>{word_cell(str(i))}{word_cell('', 'continue')}</w:tr>" for i in range(2, 1501)
    ]
    sheet = read_table("plan.docx", word_table("".join(rows)))[0]
    assert len(sheet.rows) == 1500
    assert {row[1] for row in sheet.rows} == {"Sở KH&CN"}
    assert sheet.rows[-1] == ["1500", "Sở KH&CN"]


def test_a_csv_row_too_wide_is_refused_and_empty_fields_past_the_limit_are_dropped():
    wide = ("STT,Nội dung\n1," + ",".join(["x"] * 4999) + "\n").encode()
    message, _peak = refused(read_table, "plan.csv", wide)
    assert message == "plan.csv: row 2 reaches column 5,000; at most 200 columns are read"
    sloppy = ("STT,Nội dung\n1,việc" + "," * 4998 + "\n").encode()
    rows = read_table("plan.csv", sloppy)[0].rows
    assert rows[1][:2] == ["1", "việc"] and len(rows[1]) == 200


def test_a_csv_line_longer_than_any_acceptable_row_is_refused_before_it_is_split():
    # The csv module builds a whole row before it can be checked: 5 million commas made a
    # list of 5 million fields (19 million took 400 MB).
    data = b"STT,Noi dung\n1," + b"," * 5_000_000 + b"\n"
    message, peak = refused(read_table, "plan.csv", data)
    assert message == (
        "plan.csv: line 2 is 5,000,003 characters long; a row of at most 200 cells of at most"
        " 4,000 characters is shorter"
    )
    assert peak < 20


# --- Decompression bombs ----------------------------------------------------------------


def test_a_part_inflating_past_the_limit_is_refused_from_its_header(settings):
    settings.STEERCO_IMPORT_MAX_MEMBER_BYTES = 1 * MB
    data = builders.inflated(builders.xlsx_bytes(), SHEET_XML, 2 * MB)
    assert len(data) < 20_000
    message, peak = refused(read_table, "plan.xlsx", data)
    assert message == (
        "plan.xlsx: xl/worksheets/sheet1.xml inflates to 2.0 MB; at most 1.0 MB is read from one part"
    )
    assert peak < 1


def test_a_part_inflating_past_the_limit_is_refused_by_the_progress_sheet_import(
    settings, progress_sheet
):
    settings.STEERCO_IMPORT_MAX_MEMBER_BYTES = 1 * MB
    data = builders.inflated(progress_sheet, "xl/styles.xml", 2 * MB)
    message, peak = refused(import_sheet, data)
    assert "inflates to 2.0 MB; at most 1.0 MB is read from one part" in message
    assert peak < 1


def test_a_part_whose_header_understates_its_size_is_cut_at_that_size(settings):
    # Its headers say 300 bytes; it inflates to 50 MB. Nothing past the declared size is read.
    data = builders.inflated(builders.xlsx_bytes(), SHEET_XML, 50 * MB)
    data = builders.declared_size(data, SHEET_XML, 300)
    message, peak = refused(read_table, "plan.xlsx", data)
    assert message.startswith("plan.xlsx: ")
    assert peak < 5


def test_a_stream_going_past_the_limit_stops_there():
    from steerco.intake import safezip

    source = io.BytesIO(b"<a>" + b" " * 10_000 + b"</a>")
    part = safezip.BoundedPart(source, "x.xml", 4096)
    with pytest.raises(safezip.PartTooLarge):
        part.read()
    assert source.tell() <= 4097
    with pytest.raises(safezip.PartTooLarge):
        for _event in safezip.iterparse(
            safezip.BoundedPart(io.BytesIO(source.getvalue()), "x.xml", 4096), "x.xml"
        ):
            pass


def test_files_within_the_limits_read_as_before():
    assert read_table("plan.xlsx", builders.xlsx_bytes())[0].rows == builders.filled(
        builders.plan_rows()
    )
    docx = read_table("plan.docx", builders.docx_bytes())[0].rows
    assert docx == builders.filled(builders.plan_rows())[len(builders.TITLE) :]


def test_a_part_read_whole_with_millions_of_elements_is_refused():
    # 49 MB of empty paragraphs (100 KB zipped, within the part limit) took python-docx
    # 1.1 GB; here 2,000,001 of them (12 MB).
    data = builders.docx_bytes()
    xml = builders.member(data, "word/document.xml")
    xml = xml.replace(b"</w:body>", b"<w:p/>" * 2_000_001 + b"</w:body>")
    data = builders.rezip(data, {"word/document.xml": xml})
    message, peak = refused(read_table, "plan.docx", data)
    assert message == (
        "plan.docx: word/document.xml holds more than 2,000,000 XML elements; refused"
    )
    assert peak < 5


def test_only_sheets_and_shared_strings_are_exempt_from_the_element_count(monkeypatch):
    from steerco.intake import safezip

    monkeypatch.setattr(safezip, "MAX_ELEMENTS", 300)
    data = builders.xlsx_bytes(builders.plan_rows(builders.BODY * 3))  # a sheet of 1,000+
    assert len(read_table("plan.xlsx", data)[0].rows) == 33
    # A sheet that a relationship also names as the styles is read whole by openpyxl.
    rels = "xl/_rels/workbook.xml.rels"
    styles = (
        '<Relationship Id="rId99" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/styles"/></Relationships>'
    )
    data = builders.rezip(
        data, {rels: builders.member(data, rels).replace(b"</Relationships>", styles.encode())}
    )
    message, _peak = refused(read_table, "plan.xlsx", data)
    assert (
        message == "plan.xlsx: xl/worksheets/sheet1.xml holds more than 300 XML elements; refused"
    )


# --- Unhandled input --------------------------------------------------------------------

LONG_FIELD = ("STT,Nội dung,Cơ quan chủ trì\n1," + "x" * 140_000 + ",Sở KH&CN\n").encode()
XXE = '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def test_a_csv_field_longer_than_the_csv_module_takes_is_refused_with_its_row():
    message, _peak = refused(read_table, "plan.csv", LONG_FIELD)
    assert message == (
        "plan.csv: row 2 holds a cell longer than 131,072 characters; a cell holds at most 4,000"
    )


@pytest.mark.parametrize(
    ("doctype", "reference"), [(builders.LAUGHS, "&lol9;"), (XXE, "&xxe;")], ids=["laughs", "xxe"]
)
def test_entities_in_a_word_document_are_refused(doctype, reference):
    data = builders.with_doctype(builders.docx_bytes(), "word/document.xml", doctype, reference)
    message, peak = refused(read_table, "plan.docx", data)
    assert message == (
        "plan.docx: word/document.xml holds a DTD or entity declarations, which Office files"
        " never have; refused"
    )
    assert peak < 5


def test_entities_in_any_xml_part_are_refused_whatever_its_name():
    # A part the content types call XML is parsed as XML by python-docx, whatever its name.
    data = builders.docx_bytes()
    types = builders.member(data, "[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/customXml/item1.dat" ContentType="application/xml"/></Types>',
    )
    data = builders.rezip(
        data,
        {
            "[Content_Types].xml": types,
            "customXml/item1.dat": f"{builders.LAUGHS}<x>&lol9;</x>".encode(),
        },
    )
    message, _peak = refused(read_table, "plan.docx", data)
    assert message.startswith("plan.docx: customXml/item1.dat holds a DTD")


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml", SHEET_XML])
def test_entities_in_a_workbook_are_refused(part):
    data = builders.with_doctype(builders.xlsx_bytes(), part, reference="")
    message, _peak = refused(read_table, "plan.xlsx", data)
    assert message.startswith(f"plan.xlsx: {part} holds a DTD")


def test_entities_in_a_progress_sheet_are_refused(progress_sheet):
    data = builders.with_doctype(progress_sheet, SHEET_XML, reference="&lol9;")
    message, _peak = refused(import_sheet, data)
    assert message.startswith("progress.xlsx: xl/worksheets/sheet1.xml holds a DTD")


def test_a_date_cell_past_the_calendar_is_read_not_a_crash():
    # The fast reader's from_excel raised OverflowError, which nothing caught.
    data = builders.xlsx_far_cell("A1", value=1.0)
    data = builders.sheet_xml(
        data,
        lambda xml: re.sub(rb'<c r="A1"[^>]*>.*?</c>', b'<c r="A1" s="1"><v>1e20</v></c>', xml),
    )
    styles = builders.member(data, "xl/styles.xml")
    styles = re.sub(
        rb"<cellXfs[^>]*>.*</cellXfs>",
        b'<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>',
        styles,
        flags=re.S,
    )
    data = builders.rezip(data, {"xl/styles.xml": styles})
    with pytest.warns(UserWarning, match="outside the limits for dates"):
        assert read_table("plan.xlsx", data)[0].rows == [["#VALUE!"]]


# --- Through the plan upload page -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        (
            "ke-hoach.csv",
            LONG_FIELD,
            "ke-hoach.csv: row 2 holds a cell longer than 131,072 characters",
        ),
        (
            "ke-hoach.docx",
            builders.with_doctype(builders.docx_bytes(), "word/document.xml"),
            "ke-hoach.docx: word/document.xml holds a DTD or entity declarations",
        ),
        (
            "ke-hoach.xlsx",
            builders.xlsx_far_cell("GJH10000"),
            "ke-hoach.xlsx: sheet 'Sheet1' reaches column 5,000 (cell GJH10000)",
        ),
    ],
    ids=["long-csv-field", "docx-entities", "grid-bomb"],
)
def test_the_plan_upload_page_shows_the_message_not_a_server_error(
    client, plan, tq, people, name, data, fragment
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from steerco.web.services import preference_set_language

    preference_set_language(user=people.tq_manager, language="en")  # the default is Vietnamese
    client.force_login(people.tq_manager)
    response = client.post(
        reverse("intake:plan_upload"),
        {"directive": plan.pk, "within": tq.tuyen_quang.pk, "file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert any(fragment in e for e in response.context["form"].errors["file"])
    assert fragment.replace("'", "&#x27;") in response.content.decode()
