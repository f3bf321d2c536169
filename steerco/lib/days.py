"""The days steerco accepts from a user: 1 January 1990 to 31 December 2100.

Every date a page, the API or a report is asked for (as of, previous report, deadlines,
filters) lies between these. No directive a committee follows is older, and the periods,
cut-offs and trends around a day far outside them overflow Python's calendar (year 0,
year 10000): such a day is refused naming its field, not answered with a server error.
One rule, asked by the web forms, the API's schemas and the report builder."""

from __future__ import annotations

from datetime import date

FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2100, 12, 31)


def within(day: date) -> bool:
    """Whether `day` is one steerco accepts."""
    return FIRST_DAY <= day <= LAST_DAY


def bounds_text() -> str:
    """The accepted span as a reader writes dates (dd/mm/yyyy)."""
    return f"{FIRST_DAY:%d/%m/%Y}–{LAST_DAY:%d/%m/%Y}"
