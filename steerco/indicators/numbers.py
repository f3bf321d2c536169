"""Numbers and yes/no as people type them into sheets: pure parsing, one clear message."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_YES = {"1", "yes", "y", "true", "x", "có", "co", "đạt"}
_NO = {"0", "no", "n", "false", "không", "khong", "chưa"}
_GROUPED = re.compile(r"^-?\d{1,3}([.,])\d{3}(\1\d{3})*$")


def parse_number(text: str) -> Decimal:
    """ "1938", "60.5", "98,6" (decimal comma), "1.299.000" or "1,299,000" (grouped), "60%".

    A single separator is a decimal point or comma; repeated, it groups thousands; with
    both, the last one is the decimal mark. Raises ValueError saying what was expected.
    """
    raw = text
    text = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    text = text.replace("−", "-")
    if "." in text and "," in text:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group = "," if decimal_mark == "." else "."
        text = text.replace(group, "").replace(decimal_mark, ".")
    elif _GROUPED.match(text) and (text.count(".") > 1 or text.count(",") > 1):
        text = text.replace(".", "").replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{raw!r} is not a number")
    return value


def parse_yes_no(text: str) -> bool:
    folded = text.strip().lower()
    if folded in _YES:
        return True
    if folded in _NO or folded == "":
        return False
    raise ValueError(f"{text!r} is not yes or no; expected yes/no, có/không or 1/0")


def tidy(value: Decimal) -> Decimal:
    """The same number without trailing zeros or an exponent: 300.000000 -> 300, 6.50 -> 6.5."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
