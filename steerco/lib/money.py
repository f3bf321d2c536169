"""Amounts of money in đồng: reading them as plans write them, writing them as reports do.

Amounts are Python ints in đồng, never floats. Reading is exact (integer and Fraction
arithmetic), so a national total up to 10^15 đồng and beyond survives a round trip.

- ``parse_vnd("1.234.567")`` -> 1234567; ``parse_vnd("1,5 tỷ")`` -> 1500000000;
  ``parse_vnd("500 triệu")`` -> 500000000; ``parse_vnd("1 tỷ 200 triệu đồng")`` ->
  1200000000. Raises ValueError with a message naming what was wrong.
- ``format_vnd(1234567, "vi")`` -> "1.234.567 đồng" ("1,234,567 VND" in English).
- ``format_vnd_billions(3_312_000_000_000, "vi")`` -> "3.312 tỷ đồng" (up to three
  decimals, trailing zeros dropped, rounded half up).
"""

from __future__ import annotations

import re
from fractions import Fraction

from django.utils.translation import gettext as _

from steerco.lib.vietnamese import fold

# Largest amount read: well above a national total (10^15), below a 64-bit column.
MAX_AMOUNT = 10**18

BILLION = 10**9

# Folded unit words -> multiplier. Longest first so "ty dong" is not read as "ty".
_ENGLISH_UNITS = frozenset({"billion", "bn", "million", "m", "thousand", "k"})
_UNITS: dict[str, int] = {
    "ty": 10**9,
    "billion": 10**9,
    "bn": 10**9,
    "trieu": 10**6,
    "tr": 10**6,
    "million": 10**6,
    "m": 10**6,
    "nghin": 10**3,
    "ngan": 10**3,
    "thousand": 10**3,
    "k": 10**3,
}
# Currency words, allowed once at the end (or start, for "VND 1,000").
_CURRENCY = ("dong", "d", "vnd", "vnđ")

_TOKEN = re.compile(r"(\d[\d.,]*)\s*([a-z]*)")


def _number(text: str, original: str, decimal_hint: str | None) -> Fraction:
    """ "1.234.567" / "1,234,567" -> 1234567; "1,5" / "1.5" -> 3/2.

    With both marks present, the last one is the decimal mark. A mark used once is
    the decimal mark when it is the unit word's language's ("1,234 tỷ" is 1.234 tỷ,
    "1.234 billion" is 1.234 billion) or when fewer or more than three digits follow
    it; otherwise it groups thousands ("3.312 tỷ", "1,234" đồng).
    """
    text = text.rstrip(".,")
    if "." in text and "," in text:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        whole, _sep, decimals = text.rpartition(decimal_mark)
        groups = whole.split(group_mark)
        if any(len(g) != 3 for g in groups[1:]) or decimal_mark in whole:
            raise ValueError(
                _("“%(text)s” is not an amount: its separators are mixed up.") % {"text": original}
            )
        return Fraction(int("".join(groups) or "0")) + _decimals(decimals)
    for mark in (".", ","):
        if mark in text:
            parts = text.split(mark)
            if len(parts) == 2 and (mark == decimal_hint or len(parts[1]) != 3):
                return Fraction(int(parts[0] or "0")) + _decimals(parts[1])
            if any(len(g) != 3 for g in parts[1:]) or not parts[0]:
                raise ValueError(
                    _("“%(text)s” is not an amount: digits are grouped by three.")
                    % {"text": original}
                )
            return Fraction(int("".join(parts)))
    return Fraction(int(text))


def _decimals(digits: str) -> Fraction:
    if not digits:
        return Fraction(0)
    return Fraction(int(digits), 10 ** len(digits))


def parse_vnd(text: str) -> int:
    """An amount in đồng from a plan's cell: "1.234.567", "1,5 tỷ", "500 triệu",
    "1 tỷ 200 triệu đồng", "2.000.000 đ", "VND 1,000,000".

    Raises ValueError naming the text when it is empty, negative, not a number, not a
    whole number of đồng, or beyond 10^18.
    """
    original = str(text).strip()
    if not original:
        raise ValueError(_("The amount is empty."))
    folded = fold(original).replace("\u00a0", " ")
    if folded.startswith("-") or folded.startswith("("):
        raise ValueError(
            _("“%(text)s” is negative; an amount is zero or more.") % {"text": original}
        )
    # Currency word at the start ("VND 1.000") or the end ("1.000 đồng").
    for word in _CURRENCY:
        if folded.startswith(word + " "):
            folded = folded[len(word) :].strip()
            break
    for word in _CURRENCY:
        if folded.endswith(word) and (
            len(folded) == len(word) or not folded[-len(word) - 1].isalpha()
        ):
            folded = folded[: -len(word)].strip()
            break
    # "1 000 000" (spaces grouping thousands) -> "1000000".
    if re.fullmatch(r"\d{1,3}( \d{3})+", folded):
        folded = folded.replace(" ", "")
    total = Fraction(0)
    position = 0
    previous_unit: int | None = None
    for match in _TOKEN.finditer(folded):
        if folded[position : match.start()].strip():
            break
        number_text, unit_word = match.group(1), match.group(2)
        if unit_word and unit_word not in _UNITS:
            raise ValueError(
                _("“%(text)s” is not an amount: “%(word)s” is not a unit (tỷ, triệu, nghìn, đồng).")
                % {"text": original, "word": unit_word}
            )
        multiplier = _UNITS.get(unit_word, 1)
        if previous_unit is not None and multiplier >= previous_unit:
            raise ValueError(
                _("“%(text)s” is not an amount: its parts should go from large to small.")
                % {"text": original}
            )
        hint = ("." if unit_word in _ENGLISH_UNITS else ",") if unit_word else None
        total += _number(number_text, original, hint) * multiplier
        previous_unit = multiplier
        position = match.end()
    if position == 0 or folded[position:].strip():
        raise ValueError(_("“%(text)s” is not an amount in đồng.") % {"text": original})
    if total.denominator != 1:
        raise ValueError(_("“%(text)s” is not a whole number of đồng.") % {"text": original})
    amount = int(total)
    if amount > MAX_AMOUNT:
        raise ValueError(_("“%(text)s” is too large for an amount in đồng.") % {"text": original})
    return amount


def _grouped(amount: int, lang: str) -> str:
    text = f"{abs(amount):,}"
    if lang == "vi":
        text = text.replace(",", ".")
    return ("-" if amount < 0 else "") + text


def format_vnd(amount: int, lang: str = "vi") -> str:
    """1234567 -> "1.234.567 đồng" (vi) or "1,234,567 VND" (en)."""
    if lang == "vi":
        return f"{_grouped(amount, lang)} đồng"
    return f"{_grouped(amount, lang)} VND"


def billions_text(amount: int, lang: str = "vi", decimals: int = 3) -> str:
    """The amount in billions of đồng as a number: 3_312_000_000_000 -> "3.312";
    1_500_000_000 -> "1,5" (vi) / "1.5" (en). Rounded half up to `decimals`, trailing
    zeros dropped; integer arithmetic only."""
    scale = 10**decimals
    negative = amount < 0
    scaled, remainder = divmod(abs(amount) * scale, BILLION)
    if remainder * 2 >= BILLION:
        scaled += 1
    whole, fraction = divmod(scaled, scale)
    text = _grouped(whole, lang)
    digits = f"{fraction:0{decimals}d}".rstrip("0") if decimals else ""
    if digits:
        text += ("," if lang == "vi" else ".") + digits
    return ("-" if negative and scaled else "") + text


def format_vnd_billions(amount: int, lang: str = "vi", decimals: int = 3) -> str:
    """3_312_000_000_000 -> "3.312 tỷ đồng" (vi) or "3,312 billion VND" (en)."""
    number = billions_text(amount, lang, decimals)
    if lang == "vi":
        return f"{number} tỷ đồng"
    return f"{number} billion VND"
