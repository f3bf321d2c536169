"""Spreadsheet cells that stay text: formula injection (CSV/Excel injection) neutralised."""

from __future__ import annotations

from .xmltext import xml_safe

# A cell starting with one of these may be evaluated as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_safe(value: object) -> object:
    """Text starting with a formula character gets a leading quote so it stays text, and
    loses the control characters a spreadsheet cannot hold (`xml_safe`); anything else
    is returned as it is."""
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
