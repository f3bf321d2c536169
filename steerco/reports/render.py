"""One entry point for every format: content -> bytes, with its file type."""

from __future__ import annotations

import json

from .content import ReportContent

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
    "html": ("text/html; charset=utf-8", "html"),
    "json": ("application/json", "json"),
}


def render(content: ReportContent, fmt: str) -> bytes:
    if fmt == "docx":
        from .render_docx import render_docx

        return render_docx(content)
    if fmt == "xlsx":
        from .render_xlsx import render_xlsx

        return render_xlsx(content)
    if fmt == "pdf":
        from .render_html import render_pdf

        return render_pdf(content)
    if fmt == "html":
        from .render_html import render_html

        return render_html(content).encode("utf-8")
    if fmt == "json":
        return json.dumps(content.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def file_name(content: ReportContent, fmt: str) -> str:
    scope = (
        ""
        if content.scope == "all"
        else "_" + "".join(ch if ch.isalnum() else "-" for ch in content.scope)
    )
    return f"bao-cao_{content.unit_code}{scope}_{content.as_of.isoformat()}.{FORMATS[fmt][1]}"
