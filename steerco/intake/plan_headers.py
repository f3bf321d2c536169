"""A plan table's header row: which column holds what.

Headers are matched by synonyms in Vietnamese with or without diacritics, and English; a
header may span two rows, e.g. "Cơ quan thực hiện" over "Chủ trì" and "Phối hợp", and may
be followed by a row numbering the columns ("(1) (2) (3)").
"""

from __future__ import annotations

import re

from steerco.lib.vietnamese import fold

from .readers import Sheet

HEADER_SCAN_ROWS = 30

# (key, pattern on the folded header text); the first rule that matches a cell wins.
COLUMN_RULES: list[tuple[str, str]] = [
    ("source", r"nguon von|nguon kinh phi|funding source|source of fund|^nguon$"),
    ("cost", r"kinh phi|du toan|\bcost\b|\bbudget\b"),
    (
        "person",
        r"nguoi|can bo|lanh dao phu trach|dau moi|responsible person|person in charge|focal point|official",
    ),
    ("coordinating", r"phoi hop|coordinat|support|in cooperation"),
    (
        "lead",
        r"chu tri|lead|responsible|in charge|agency|owner|implement"
        r"|^(?:co quan|don vi|co quan, don vi|co quan/don vi) (?:thuc hien|trien khai|duoc giao)$",
    ),
    (
        "deadline",
        r"thoi gian|thoi han|tien do|han hoan thanh|deadline|due|timeline|time|completion|when",
    ),
    ("product", r"san pham|ket qua|product|output|deliverable|result"),
    ("field", r"linh vuc|^field$|^area$|sector"),
    ("authority", r"tham quyen|authority"),
    ("note", r"ghi chu|note|remark"),
    ("number", r"^(?:stt|tt|so tt|so thu tu|no|number|#|ref|reference|ma|ma so)$"),
    (
        "content",
        r"noi dung|nhiem vu|giai phap|cong viec|hoat dong|task|content|description|activit|action",
    ),
]
REQUIRED = ("content", "lead")
LABELS = {
    "number": "STT",
    "content": "Nội dung nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "coordinating": "Cơ quan phối hợp",
    "deadline": "Thời hạn hoàn thành",
    "product": "Sản phẩm",
    "person": "Người phụ trách",
    "field": "Lĩnh vực",
    "authority": "Thẩm quyền",
    "cost": "Kinh phí",
    "source": "Nguồn vốn",
}


def column_key(text: str) -> str | None:
    folded = fold(re.sub(r"\(\d+\)|\[\d+\]", " ", text)).strip(" .:*")
    if not folded or len(folded) > 80:
        return None
    for key, pattern in COLUMN_RULES:
        if re.search(pattern, folded):
            return key
    return None


def _mapping(cells: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for index, text in enumerate(cells):
        key = column_key(text)
        if key and key not in mapping:
            mapping[key] = index
    return mapping


def find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """(index of the first data row, column mapping), or None if the sheet has no header row."""
    for r in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        single = _mapping(sheet.rows[r])
        best, end = single, r
        if len(single) >= 2 and r + 1 < len(sheet.rows):  # a header spanning two rows
            combined = [
                " ".join(dict.fromkeys(t for t in (a, b) if t))
                for a, b in zip(sheet.rows[r], sheet.rows[r + 1], strict=True)
            ]
            double = _mapping(combined)
            if len(double) > len(single) and all(k in double for k in REQUIRED):
                best, end = double, r + 1
        if all(k in best for k in REQUIRED) and len(best) >= 3:
            start = end + 1
            if start < len(sheet.rows) and _is_numbering_row(sheet.rows[start]):
                start += 1
            return start, best
    return None


def _is_numbering_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(re.fullmatch(r"\(?\d{1,2}\)?|\(?[IVX]+\)?", c) for c in filled)
