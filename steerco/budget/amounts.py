"""Amounts of money as people write them, read into integer đồng — the budget forms' and
the disbursement sheet's one reader, over `steerco.lib.money.parse_vnd`.

"1.234.567", "1 234 567 đồng", "1,5 tỷ", "500 triệu" and a spreadsheet's number cell
(an int, or a float holding a whole number) all become ints; with `allow_negative` a
leading minus sign reverses ("-500 triệu"). Fractions of a đồng, floats that are not
whole and one record above `MAX_AMOUNT` are refused. Integer arithmetic, never float.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from steerco.lib.money import parse_vnd

# One record's amount: a million tỷ đồng. National totals of many records reach 10^15;
# sums stay far below 2^53 (JSON's exact integers).
MAX_AMOUNT = 10**15


class AmountError(ValueError):
    """Text that is not an amount of money in whole đồng."""


def parse_amount(value: object, *, allow_negative: bool = False) -> int:
    """The amount in đồng `value` names. Raises AmountError with a message a user can act on."""
    if isinstance(value, bool) or value is None:
        raise AmountError(_("No amount given."))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise AmountError(_("An amount is a whole number of đồng."))
        amount = int(value)
    else:
        text = str(value).strip()
        negative = allow_negative and text.startswith(("-", "−"))
        try:
            amount = parse_vnd(text[1:].strip() if negative else text)
        except ValueError as exc:
            raise AmountError(str(exc)) from None
        amount = -amount if negative else amount
    if amount < 0 and not allow_negative:
        raise AmountError(_("The amount may not be negative."))
    if abs(amount) > MAX_AMOUNT:
        raise AmountError(_("The amount is above 1.000.000 tỷ đồng; check the digits."))
    return amount
