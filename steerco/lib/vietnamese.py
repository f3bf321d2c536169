"""Vietnamese text helpers: folding to ASCII, numbers and dates as officials write them."""

from __future__ import annotations

import unicodedata
from datetime import date


def fold(text: str) -> str:
    """Lower-case ASCII form for matching: "Đắk Lắk" -> "dak lak".

    Unicode decomposition alone leaves đ/Đ, which are letters of their own.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


def lang_of(language_code: str | None) -> str:
    """The language figures and sentences are written in for a Django language code:
    "en" for English (en, en-gb, ...), "vi" for anything else (Vietnamese by default)."""
    return "en" if (language_code or "vi").startswith("en") else "vi"


def format_number(value: int | float, lang: str = "vi", decimals: int = 0) -> str:
    """1287 -> "1.287" (vi) or "1,287" (en); 98.6 -> "98,6" (vi)."""
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_percent(rate: float | None, lang: str = "vi") -> str:
    if rate is None:
        return "—"
    return format_number(rate * 100, lang, 1) + "%"


def format_date(day: date, lang: str = "vi") -> str:
    """ "ngày 20 tháng 10 năm 2025" (vi) or "20 October 2025" (en)."""
    if lang == "vi":
        return f"ngày {day.day} tháng {day.month} năm {day.year}"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def format_short_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
