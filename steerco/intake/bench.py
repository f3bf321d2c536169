"""A synthetic plan workbook for measuring imports (`make bench`, the 10,000-row test).

`synthetic_plan_xlsx(rows)` builds an .xlsx laid out as provinces send plans (title,
two-row header, column numbers, section rows every 500 tasks) whose lead units are
departments and communes of Tuyên Quang; `time_plan_import(directive, within, rows)`
imports it with --commit semantics and returns (seconds, result).
"""

from __future__ import annotations

import io
import time

from openpyxl import Workbook

from steerco.directives.models import Directive
from steerco.units.models import Unit

from .plans import PlanImport, plan_import

HEADER = [
    ["PHỤ LỤC", "", "", "", "", "", ""],
    ["DANH MỤC NHIỆM VỤ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW", "", "", "", "", "", ""],
    ["", "", "", "", "", "", ""],
    [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan thực hiện",
        "Cơ quan thực hiện",
        "Thời gian hoàn thành",
        "Sản phẩm",
        "Người phụ trách",
    ],
    [
        "STT",
        "Nội dung nhiệm vụ",
        "Chủ trì",
        "Phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm",
        "Người phụ trách",
    ],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
]
LEADS = ["Sở KH&CN", "Sở Tài chính", "Sở Nội vụ", "Công an tỉnh", "UBND xã Lâm Bình", "Sở GD&ĐT"]
DEADLINES = ["Quý II/2025", "30/9/2025", "Tháng 12/2025", "Năm 2026", "Thường xuyên"]


def synthetic_plan_xlsx(rows: int, leads: list[str] | None = None) -> bytes:
    leads = leads or LEADS
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for header in HEADER:
        ws.append(header)
    for n in range(rows):
        if n % 500 == 0:
            marker = "IVXLC"[n // 5000 % 5] if n % 5000 == 0 else f"{n // 500 % 10 + 1}."
            ws.append([marker, f"Nhóm nhiệm vụ {n // 500 + 1}"])
        ws.append(
            [
                str(n + 1),
                f"Nhiệm vụ số {n + 1}: triển khai nền tảng số dùng chung của tỉnh",
                leads[n % len(leads)],
                "Sở Tài chính, VNPT Tuyên Quang" if n % 3 == 0 else None,
                DEADLINES[n % len(DEADLINES)],
                "Báo cáo kết quả",
                "Nguyễn Văn An",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def time_plan_import(
    directive: Directive, within: Unit, rows: int = 10_000
) -> tuple[float, PlanImport]:
    data = synthetic_plan_xlsx(rows)
    started = time.perf_counter()
    result = plan_import(
        directive=directive, within=within, name="bench.xlsx", data=data, commit=True
    )
    return time.perf_counter() - started, result
