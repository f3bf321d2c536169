"""The report as a printable web page (Django template) and as PDF (that page through
WeasyPrint, with the vendored Liberation Serif embedded so Vietnamese diacritics render
on any machine)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from django.template.loader import render_to_string

from .content import ReportContent
from .labels import Words
from .tables import outline

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FACES = (
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
)


def report_context(content: ReportContent, *, embed_fonts: bool = False) -> dict:
    w = Words(content.lang)
    faces = (
        [
            {"url": (FONTS / name).as_uri(), "weight": weight, "style": style}
            for name, weight, style in FONT_FACES
        ]
        if embed_fonts
        else []
    )
    return {
        "r": content,
        "h": content.heading,
        "w": w.labels,
        "sections": outline(content, w),
        "font_faces": faces,
    }


def render_html(content: ReportContent, *, embed_fonts: bool = False) -> str:
    return render_to_string("reports/report.html", report_context(content, embed_fonts=embed_fonts))


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot load its system libraries (pango)."""


def _weasyprint() -> ModuleType:
    try:
        import weasyprint  # imported here: it loads the system's pango
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            "PDF needs WeasyPrint and pango: pip install weasyprint; "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from exc
    return weasyprint


def pdf_available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def render_pdf(content: ReportContent) -> bytes:
    HTML = _weasyprint().HTML

    html = render_html(content, embed_fonts=True)
    return HTML(string=html, base_url=str(FONTS)).write_pdf()
