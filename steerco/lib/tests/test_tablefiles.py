import io
import zipfile

import pytest
from openpyxl import Workbook

from steerco.lib.tablefiles import TableFileError, read_rows


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_csv_file_gives_rows_keyed_by_its_header_with_file_row_numbers():
    data = "Code,Name VI\nFIBRE,Cáp quang\n\nTRAINED,Cán bộ\n".encode("utf-8-sig")
    [table] = read_rows("chi-tieu.csv", data)
    assert table.sheet == "CSV"
    assert table.columns == ["code", "name_vi"]
    assert [(r.number, r.get("code"), r.get("name_vi")) for r in table.rows] == [
        (2, "FIBRE", "Cáp quang"),
        (4, "TRAINED", "Cán bộ"),
    ]


def test_a_workbook_gives_whole_numbers_without_a_decimal_point():
    [table] = read_rows("values.xlsx", xlsx([["unit", "value"], ["08", 1938.0], ["04", 60.5]]))
    assert table.sheet == "Chỉ tiêu"
    assert [r.cells for r in table.rows] == [
        {"unit": "08", "value": "1938"},
        {"unit": "04", "value": "60.5"},
    ]


def test_a_semicolon_separated_csv_is_read_too():
    [table] = read_rows("v.csv", b"unit;value\n08;12\n")
    assert table.rows[0].cells == {"unit": "08", "value": "12"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("v.txt", b"a,b", "expected a .csv or .xlsx"),
        ("v.csv", b"", "empty"),
        ("v.xlsx", b"unit,value\n", "not an .xlsx"),
        ("v.csv", b"PK\x03\x04rest", "not a text"),
        ("v.csv", "đơn vị".encode("cp1258", errors="replace") + b"\xff\xfe\x00", "UTF-8"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_naming_the_file(name, data, message):
    with pytest.raises(TableFileError, match=message):
        read_rows(name, data)


def test_size_and_row_limits_are_enforced():
    with pytest.raises(TableFileError, match="limit"):
        read_rows("v.csv", b"a\n" + b"1\n" * 10, max_bytes=5)
    with pytest.raises(TableFileError, match="11 rows; the limit is 10"):
        read_rows("v.csv", b"a\n" + b"1\n" * 11, max_rows=10)


def test_quoted_names_full_of_commas_do_not_change_the_separator():
    data = 'code,name_vi,levels\nFIBRE,"Số xã, phường, đặc khu",province;commune\n'.encode()
    [table] = read_rows("c.csv", data)
    assert table.rows[0].cells == {
        "code": "FIBRE",
        "name_vi": "Số xã, phường, đặc khu",
        "levels": "province;commune",
    }


def test_a_workbook_that_inflates_a_hundredfold_is_refused_before_it_is_read():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * (120 * 2**20))
    with pytest.raises(TableFileError, match="inflates to 120 MB; refused"):
        read_rows("bomb.xlsx", out.getvalue())


def test_a_csv_field_past_the_csv_modules_limit_is_a_message_not_a_traceback():
    data = b'code,name\nA,"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(TableFileError, match="cannot be read"):
        read_rows("long.csv", data)


def test_a_cell_longer_than_the_import_limit_is_refused_naming_its_row(settings):
    settings.STEERCO_IMPORT_MAX_CELL = 10
    with pytest.raises(TableFileError, match="CSV row 2 has a cell over 10 characters"):
        read_rows("v.csv", b"code,name\nA,abcdefghijk\n")
