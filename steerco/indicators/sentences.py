"""Achievement and change as officials write them, in Vietnamese and English (pure).

achievement_phrase(145, basis="plan_year")          -> "đạt 145% kế hoạch năm"
achievement_phrase(169, basis="estimate", over=True) -> "vượt 69% dự toán"
change_phrase(Decimal(1299), Decimal(734))           -> "tăng 77% so với cùng kỳ"
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from steerco.lib.calendar_periods import CalendarPeriod
from steerco.lib.vietnamese import format_number

BASES = {
    "plan": ("kế hoạch", "of plan", "the plan"),
    "plan_year": ("kế hoạch năm", "of the year's plan", "the year's plan"),
    "estimate": ("dự toán", "of the estimate", "the estimate"),
    "target": ("chỉ tiêu", "of the target", "the target"),
}


def percent_text(number: Decimal, lang: str) -> str:
    """145 -> "145%"; 6.52 -> "6,52%" (vi) or "6.52%" (en): at most two decimals, no trailing 0."""
    return number_text(number, lang) + "%"


def achievement_phrase(
    achievement: Decimal, *, basis: str = "plan", over: bool = False, lang: str = "vi"
) -> str:
    """ "đạt 145% kế hoạch năm" / "145% of the year's plan"; with `over` and above 100%,
    the excess: "vượt 69% dự toán" / "69% above the estimate"."""
    vi, en_of, en_the = BASES[basis]
    if over and achievement > 100:
        excess = percent_text(achievement - 100, lang)
        return f"vượt {excess} {vi}" if lang == "vi" else f"{excess} above {en_the}"
    share = percent_text(achievement, lang)
    return f"đạt {share} {vi}" if lang == "vi" else f"{share} {en_of}"


def change_phrase(value: Decimal, previous: Decimal, *, lang: str = "vi") -> str | None:
    """ "tăng 77% so với cùng kỳ" / "up 77% on the same period"; None when the same period
    had nothing to compare with (zero)."""
    if previous == 0:
        return None
    change = (value - previous) / abs(previous) * 100
    if change.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == 0:
        return "bằng cùng kỳ" if lang == "vi" else "level with the same period"
    amount = percent_text(abs(change), lang)
    if lang == "vi":
        return f"{'tăng' if change > 0 else 'giảm'} {amount} so với cùng kỳ"
    return f"{'up' if change > 0 else 'down'} {amount} on the same period"


def period_words(period: CalendarPeriod, *, cumulative: bool, lang: str = "vi") -> str:
    """How a figure's period is said: a cumulative figure to September is "9 tháng năm
    2025" / "the first 9 months of 2025"; other periods by their label."""
    months = period.last_month
    if cumulative and period.type != "year" and months < 12 and months > 1:
        return (
            f"{months} tháng năm {period.year}"
            if lang == "vi"
            else (f"the first {months} months of {period.year}")
        )
    return period.label(lang)


def figure_sentence(
    *,
    name: str,
    value: Decimal,
    measure_unit: str,
    period: CalendarPeriod,
    cumulative: bool = False,
    achievement: Decimal | None = None,
    basis: str = "plan",
    over: bool = False,
    same_period_last_year: Decimal | None = None,
    lang: str = "vi",
) -> str:
    """ "Thu ngân sách nhà nước 9 tháng năm 2025 đạt 3.312 tỷ đồng, vượt 69% dự toán, tăng
    12% so với cùng kỳ." — the value, then what it achieves and how it changed."""
    amount = number_text(value, lang) + (
        " " + measure_unit if measure_unit not in ("", "%") else ""
    )
    if measure_unit == "%":
        amount = percent_text(value, lang)
    when = period_words(period, cumulative=cumulative, lang=lang)
    parts = [f"{name} {when} đạt {amount}" if lang == "vi" else f"{name}, {when}: {amount}"]
    if achievement is not None:
        parts.append(achievement_phrase(achievement, basis=basis, over=over, lang=lang))
    if same_period_last_year is not None:
        change = change_phrase(value, same_period_last_year, lang=lang)
        if change:
            parts.append(change)
    return ", ".join(parts) + "."


def number_text(number: Decimal, lang: str) -> str:
    """3312 -> "3.312" (vi) or "3,312" (en); at most two decimals, none when whole."""
    rounded = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    decimals = 0 if rounded == rounded.to_integral_value() else (1 if rounded * 10 % 1 == 0 else 2)
    return format_number(float(rounded), lang, decimals)
