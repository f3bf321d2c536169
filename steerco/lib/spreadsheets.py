"""Spreadsheet cells that stay text: formula injection (CSV/Excel injection) neutralised."""

from __future__ import annotations

# A cell starting with one of these may be evaluated as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_safe(value: object) -> object:
    """Text starting with a formula character gets a leading quote so it stays text;
    anything else is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
