"""The budget sentences a meeting hears, in Vietnamese or English, from a summary's
figures: "Tổng kinh phí dự toán 3.312 tỷ đồng, đã phân bổ 2.100 tỷ đồng, giải ngân 840
tỷ đồng, đạt 40,0%." and the slowest-disbursing units named with their rates. The
page, the command and the report all write them from here."""

from __future__ import annotations

from collections.abc import Sequence

from steerco.lib.money import format_vnd_billions

from .figures import Figures, percent


def rate_text(figures: Figures, lang: str = "vi") -> str:
    """The disbursement rate as a percent with one decimal ("40,0%" / "40.0%"); "—"
    when nothing is allocated."""
    value = percent(figures.rate)
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return (text.replace(".", ",") if lang == "vi" else text) + "%"


def budget_sentence(figures: Figures, *, lang: str = "vi") -> str:
    b = format_vnd_billions
    if lang == "vi":
        text = (
            f"Tổng kinh phí dự toán {b(figures.estimated, lang)}, "
            f"đã phân bổ {b(figures.allocated, lang)}, giải ngân {b(figures.disbursed, lang)}"
        )
        return text + (f", đạt {rate_text(figures, lang)}." if figures.rate is not None else ".")
    text = (
        f"Estimated budget {b(figures.estimated, lang)}, allocated {b(figures.allocated, lang)}, "
        f"disbursed {b(figures.disbursed, lang)}"
    )
    if figures.rate is not None:
        text += f", {rate_text(figures, lang)} of the allocation"
    return text + "."


def slowest_sentence(units: Sequence[tuple[str, Figures]], *, lang: str = "vi") -> str:
    """ "Các đơn vị giải ngân chậm nhất: Sở Tài chính (10,0%), Xã Lâm Bình (50,0%)." or
    "" when no unit has money allocated."""
    if not units:
        return ""
    names = ", ".join(f"{name} ({rate_text(f, lang)})" for name, f in units)
    if lang == "vi":
        return f"Các đơn vị giải ngân chậm nhất: {names}."
    return f"Slowest-disbursing units: {names}."
