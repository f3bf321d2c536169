"""Plan tables as provinces send them, built as .xlsx, .docx and .csv bytes for the tests."""

from __future__ import annotations

import csv
import io

import docx
from openpyxl import Workbook

WIDTH = 7

TITLE = [
    ["PHỤ LỤC"] + [""] * (WIDTH - 1),
    ["DANH MỤC NHIỆM VỤ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NĂM 2025"] + [""] * (WIDTH - 1),
    [""] * WIDTH,
]
HEADER = [
    [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan thực hiện",
        "",
        "Thời gian hoàn thành",
        "Sản phẩm",
        "Người phụ trách",
    ],
    ["", "", "Chủ trì", "Phối hợp", "", "", ""],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
]
BODY = [
    ["I", "HOÀN THIỆN THỂ CHẾ, CHÍNH SÁCH", "", "", "", "", ""],
    [
        "1",
        "Xây dựng Kế hoạch chuyển đổi số năm 2026 của tỉnh",
        "Sở KH&CN",
        "Các sở, ban, ngành; VNPT Tuyên Quang",
        "Quý IV",
        "Kế hoạch của UBND tỉnh",
        "Nguyễn Văn An",
    ],
    [
        "2",
        "Rà soát, bãi bỏ thủ tục hành chính\nkhông còn phù hợp với mô hình chính quyền hai cấp",
        "Văn phòng UBND tỉnh",
        "Sở Nội vụ và Sở Tài chính",
        "trước ngày 30/6/2025",
        "Báo cáo kết quả rà soát",
        "Trần Thị Bình",
    ],
    ["II", "PHÁT TRIỂN HẠ TẦNG SỐ", "", "", "", "", ""],
    ["1.", "Về hạ tầng viễn thông", "", "", "", "", ""],
    [
        "1.1",
        "Phủ sóng di động 4G/5G đến 100% thôn, bản",
        "Sở Khoa học và Công nghệ",
        "Viettel Tuyên Quang, VNPT Tuyên Quang",
        "Năm 2025",
        "100% thôn, bản có sóng di động",
        "Lê Văn Cường",
    ],
    [
        "1.2",
        "Triển khai phong trào Bình dân học vụ số tại cơ sở",
        "UBND các xã, phường",
        "Sở GD&ĐT",
        "Thường xuyên",
        "Báo cáo định kỳ hằng quý",
        "Chủ tịch UBND xã, phường",
    ],
    [
        "1.3",
        "Số hóa hồ sơ đất đai và kết nối cơ sở dữ liệu quốc gia",
        "Sở Nông nghiệp và Môi trường",
        "Sở Tài chính",
        "Quý II/2025",
        "Cơ sở dữ liệu đất đai được vận hành",
        "Phạm Thị Dung",
    ],
    [
        "1.4",
        "Quan trắc môi trường tự động, truyền dữ liệu về Bộ",
        "",
        "",
        "6 tháng đầu năm 2025",
        "Hệ thống quan trắc tự động",
        "Phạm Thị Dung",
    ],
]
# (first row, first column, last row, last column), 1-based within TITLE + HEADER + BODY.
MERGES = [
    (1, 1, 1, WIDTH),
    (2, 1, 2, WIDTH),  # titles
    (4, 1, 5, 1),
    (4, 2, 5, 2),
    (4, 3, 4, 4),  # header: STT, content over two rows; "Cơ quan thực hiện"
    (4, 5, 5, 5),
    (4, 6, 5, 6),
    (4, 7, 5, 7),
    (7, 2, 7, WIDTH),
    (10, 2, 10, WIDTH),  # section titles merged across
    (14, 3, 15, 3),
    (14, 4, 15, 4),  # 1.3 and 1.4 share lead and coordinating units
]
REFERENCES = ["I.1", "I.2", "II.1.1", "II.1.2", "II.1.3", "II.1.4"]


def plan_rows(body: list[list[str]] | None = None) -> list[list[str]]:
    return TITLE + HEADER + (BODY if body is None else body)


def filled(rows: list[list[str]], merges=MERGES) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The rows as a reader sees them once merged cells are filled (for .csv, which has no merges)."""
    out = [list(r) for r in rows]
    for r1, c1, r2, c2 in merges:
        if r2 > len(out):
            continue
        value = out[r1 - 1][c1 - 1]
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                out[r - 1][c - 1] = value
    return out


def xlsx_bytes(
    rows: list[list[object]] | None = None, merges=MERGES, title: str = "Phụ lục"
) -> bytes:  # type: ignore[no-untyped-def]
    rows = plan_rows() if rows is None else rows
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append([v if v != "" else None for v in row])
    for r1, c1, r2, c2 in merges:
        if r2 <= len(rows):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def docx_bytes(rows: list[list[str]] | None = None, merges=MERGES) -> bytes:  # type: ignore[no-untyped-def]
    """A Word document: titles as paragraphs, then the table (header and body) with its merges."""
    rows = plan_rows() if rows is None else rows
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG")
    document.add_paragraph("KẾ HOẠCH Thực hiện Nghị quyết số 57-NQ/TW")
    table_rows = rows[len(TITLE) :]
    table = document.add_table(rows=len(table_rows), cols=WIDTH)
    for r, row in enumerate(table_rows):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = str(value)
    offset = len(TITLE)
    for r1, c1, r2, c2 in merges:
        if r1 > offset and r2 - offset <= len(table_rows):
            table.cell(r1 - offset - 1, c1 - 1).merge(table.cell(r2 - offset - 1, c2 - 1))
    document.add_paragraph("Nơi nhận: như trên.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def csv_bytes(
    rows: list[list[str]] | None = None, delimiter: str = ",", encoding: str = "utf-8-sig"
) -> bytes:
    rows = filled(plan_rows()) if rows is None else rows
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


# --- Hostile files (decompression and grid bombs, entity expansion) -------------------------


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same zip with the members in `replace` given new content (or added), deflated."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name not in replace:
                target.writestr(name, source.read(name))
        for name, content in replace.items():
            target.writestr(name, content)
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def inflated(data: bytes, name: str, size: int) -> bytes:
    """`data` with member `name` padded by `size` bytes of trailing whitespace: still valid XML
    (or a valid ODF mimetype once stripped), a few KB compressed, `size` bytes inflated."""
    return rezip(data, {name: member(data, name) + b" " * size})


def declared_size(data: bytes, name: str, size: int) -> bytes:
    """`data` with the uncompressed size of member `name` rewritten to `size` in both its local
    header and the central directory (a zip whose headers lie about what a member inflates to)."""
    import struct
    import zipfile

    buffer = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        start = archive.start_dir  # type: ignore[attr-defined]
    struct.pack_into("<I", buffer, info.header_offset + 22, size)
    position = start  # the first central directory entry
    while position >= 0:
        name_length, extra_length, comment_length = struct.unpack_from(
            "<HHH", buffer, position + 28
        )
        if bytes(buffer[position + 46 : position + 46 + name_length]).decode() == name:
            struct.pack_into("<I", buffer, position + 24, size)
            break
        position = buffer.find(
            b"PK\x01\x02", position + 46 + name_length + extra_length + comment_length
        )
    return bytes(buffer)


def xlsx_far_cell(
    ref: str = "GJH10000", value: object = "x", dimension: str | None = None
) -> bytes:
    """A workbook whose one cell is `ref` (a reader building a dense grid would fill everything
    from A1 to it); `dimension` rewrites the sheet's <dimension ref> (which can lie)."""
    import re

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws[ref] = value
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    if dimension is not None:
        path = "xl/worksheets/sheet1.xml"
        xml = re.sub(
            rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), member(data, path)
        )
        data = rezip(data, {path: xml})
    return data


def sheet_xml(data: bytes, transform, path: str = "xl/worksheets/sheet1.xml") -> bytes:  # type: ignore[no-untyped-def]
    """`data` with one sheet's XML passed through `transform` (bytes -> bytes)."""
    return rezip(data, {path: transform(member(data, path))})


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10)
    )
    + "]>"
)


def with_doctype(data: bytes, path: str, doctype: str = LAUGHS, reference: str = "&lol9;") -> bytes:
    """`data` with a DTD (billion laughs by default) in member `path`, and `reference` used in
    its first text run."""
    xml = member(data, path).decode()
    declaration, rest = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
    declaration = declaration + "?>" if declaration else ""
    rest = rest.replace("<w:t>", f"<w:t>{reference}", 1).replace("<t>", f"<t>{reference}", 1)
    return rezip(data, {path: (declaration + doctype + rest).encode()})
