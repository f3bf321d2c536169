"""Reads of the unit tree."""

from __future__ import annotations

from .models import Unit


class UnitLookupError(ValueError):
    pass


def find_unit(*, text: str) -> Unit:
    """A unit by code or exact name (Vietnamese or English)."""
    text = text.strip()
    unit = Unit.objects.filter(code=text).first()
    if unit:
        return unit
    matches = list(Unit.objects.filter(name=text)[:2]) or list(
        Unit.objects.filter(name_en=text)[:2]
    )
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UnitLookupError(f"unit {text!r} names several units; give its code")
    raise UnitLookupError(
        f"unknown unit {text!r}: expected a unit code (e.g. 08) or an exact unit name"
    )
