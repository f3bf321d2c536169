"""A concluding notice's text: the file read (.txt or .docx), its items and sentences.

Pure but for the file checks of `readers.file_kind`. `notice_text(name, data)` is the
notice as lines of text, a .docx's numbered paragraphs given a marker of their level;
`paragraphs(text)` the items up to "Nơi nhận" with the rank of their marker (I. < 1. <
1.1. < a) < -); `sentences(paragraph)` the sentences of one item.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .readers import IntakeFileError, file_kind


def notice_text(name: str, data: bytes) -> str:
    """The text of a notice file: a .docx's paragraphs (numbered items marked by their
    level), anything else UTF-8 text. Raises IntakeFileError for what cannot be read."""
    if name.lower().endswith(".docx"):
        file_kind(name, data, ("docx",), sheets=False)  # size, zip and XML checks
        return _docx_text(name, data)
    if b"\x00" in data[:4096] or data.startswith(b"PK\x03\x04"):
        raise IntakeFileError(
            _("%(name)s: this is not a text file; give a .txt or .docx notice") % {"name": name}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IntakeFileError(
            _("%(name)s: the text is not UTF-8; save it as UTF-8 or .docx") % {"name": name}
        ) from None


_LEVEL_MARKERS = ("1.", "a)", "-")


def _docx_text(name: str, data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise IntakeFileError(
            _("%(name)s: the file cannot be read (%(error)s)")
            % {"name": name, "error": f"{exc.__class__.__name__}: {exc}"}
        ) from None
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        numbered = paragraph._p.xpath("./w:pPr/w:numPr")
        style = paragraph.style.name if paragraph.style is not None else ""
        if text and (numbered or style.startswith("List")) and not _MARKER.match(text):
            levels = paragraph._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
            level = int(levels[0]) if levels and str(levels[0]).isdigit() else 0
            marker = "-" if "Bullet" in style else _LEVEL_MARKERS[min(level, 2)]
            text = f"{marker} {text}"
        lines.append(text)
    return "\n".join(lines)


_MARKER = re.compile(
    r"^\s*(?:(?P<roman>[IVX]{1,5})\.|(?P<number>\d{1,2}(?:\.\d{1,2})*)[.)]"
    r"|(?P<letter>[a-zđ])\)|(?P<bullet>[-–•+*]))\s+"
)
_RANKS = {"roman": 0, "number": 1, "letter": 2, "bullet": 3}
_END = re.compile(r"^\s*n[oơ]i nh[aậ]n\b", re.IGNORECASE)


@dataclass(frozen=True)
class Paragraph:
    rank: int  # of its marker: 0 "I.", 1 "1." (or none), 2 "1.1." or "a)", 3 "-"
    text: str  # without the marker, spaces collapsed


def paragraphs(text: str) -> list[Paragraph]:
    """The notice's items, up to "Nơi nhận" (the recipients and the signature)."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _END.match(line):
            break
        if not line.strip():
            continue
        m = _MARKER.match(line)
        rank = 1
        if m:
            kind = next(k for k, v in m.groupdict().items() if v is not None)
            rank = _RANKS[kind] + (m["number"].count(".") if kind == "number" else 0)
            line = line[m.end() :]
        out.append(Paragraph(rank, " ".join(line.split())))
    return out


def sentences(text: str) -> list[str]:
    """An item's sentences: split after ".", ";", "!" or "?" followed by a capital letter."""
    found, start = [], 0
    for m in re.finditer(r"(?<=[.;!?])\s+(?=\S)", text):
        if text[m.end()].isupper():
            found.append(text[start : m.start()])
            start = m.end()
    found.append(text[start:])
    return [s.strip() for s in found if s.strip()]
