"""Calendar periods of statistics: `2025`, `2025-H1`, `2025-H2`, `2025-Q3`, `2025-09`.

Indicator values are kept by calendar month, quarter, half-year or year. These are not
the reporting periods of `periods.py`: the Decree 09 cut-off decides which values a
report reads, not what a period is, so a calendar month here runs from its first day to
its last.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


MONTHS_IN = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.HALF: 6, PeriodType.YEAR: 12}
_COUNT = {PeriodType.MONTH: 12, PeriodType.QUARTER: 4, PeriodType.HALF: 2, PeriodType.YEAR: 1}
_PATTERN = re.compile(r"^(\d{4})(?:-(?:(Q)([1-4])|(H)([12])|(\d{1,2})))?$")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
EXPECTED = "2025, 2025-H1, 2025-Q3 or 2025-09"


class CalendarPeriodError(ValueError):
    """Text that is not a calendar period; the message says what was expected."""


@dataclass(frozen=True)
class CalendarPeriod:
    """A calendar month, quarter, half-year or year (sort by `sort_key`)."""

    year: int
    type: PeriodType
    number: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.number <= _COUNT[self.type]:
            raise CalendarPeriodError(
                f"a {self.type} is numbered 1 to {_COUNT[self.type]}, not {self.number}"
            )
        if not 1900 <= self.year <= 2999:
            raise CalendarPeriodError(f"{self.year} is not a plausible year")

    def __str__(self) -> str:
        suffix = {
            PeriodType.YEAR: "",
            PeriodType.HALF: f"-H{self.number}",
            PeriodType.QUARTER: f"-Q{self.number}",
            PeriodType.MONTH: f"-{self.number:02d}",
        }[self.type]
        return f"{self.year}{suffix}"

    @property
    def first_month(self) -> int:
        return (self.number - 1) * MONTHS_IN[self.type] + 1

    @property
    def last_month(self) -> int:
        return self.number * MONTHS_IN[self.type]

    @property
    def starts_on(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def end_index(self) -> int:
        """Months since year 0 at the period's last month: distances between periods."""
        return self.year * 12 + self.last_month - 1

    @property
    def start_index(self) -> int:
        return self.year * 12 + self.first_month - 1

    @property
    def sort_key(self) -> tuple[int, int]:
        """Chronological by end, a longer period after the shorter ones ending with it."""
        return (self.end_index, MONTHS_IN[self.type])

    def months(self) -> list[CalendarPeriod]:
        return self.subperiods(PeriodType.MONTH)

    def contains(self, other: CalendarPeriod) -> bool:
        """Whether `other` lies within this period (a period contains itself)."""
        return self.start_index <= other.start_index and other.end_index <= self.end_index

    def subperiods(self, type: PeriodType) -> list[CalendarPeriod]:
        """The periods of `type` that make up this one: 2025-H2 -> 2025-Q3, 2025-Q4."""
        size = MONTHS_IN[type]
        if size > MONTHS_IN[self.type]:
            raise CalendarPeriodError(f"a {self.type} is shorter than a {type}")
        first = (self.first_month - 1) // size + 1
        last = self.last_month // size
        return [CalendarPeriod(self.year, type, n) for n in range(first, last + 1)]

    def enclosing(self, type: PeriodType) -> CalendarPeriod:
        """The period of `type` this one lies in: 2025-09 -> 2025-Q3."""
        size = MONTHS_IN[type]
        if size < MONTHS_IN[self.type]:
            raise CalendarPeriodError(f"a {self.type} is longer than a {type}")
        return CalendarPeriod(self.year, type, (self.first_month - 1) // size + 1)

    def previous(self) -> CalendarPeriod:
        """The period of the same type before this one: 2025-Q1 -> 2024-Q4."""
        if self.number > 1:
            return CalendarPeriod(self.year, self.type, self.number - 1)
        return CalendarPeriod(self.year - 1, self.type, _COUNT[self.type])

    def same_period_last_year(self) -> CalendarPeriod:
        """'Cùng kỳ': the same period a year earlier."""
        return CalendarPeriod(self.year - 1, self.type, self.number)

    def label(self, lang: str = "vi") -> str:
        # Every entry of the tables below is formatted, whatever the type: `.get` keeps a
        # month's number past 4 from failing in the quarter's entry it does not use.
        if lang == "vi":
            return {
                PeriodType.MONTH: f"tháng {self.number} năm {self.year}",
                PeriodType.QUARTER: f"quý {_ROMAN.get(self.number)} năm {self.year}",
                PeriodType.HALF: f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}",
                PeriodType.YEAR: f"năm {self.year}",
            }[self.type]
        return {
            PeriodType.MONTH: f"{calendar.month_name[self.number]} {self.year}",
            PeriodType.QUARTER: f"Q{self.number} {self.year}",
            PeriodType.HALF: f"{'first' if self.number == 1 else 'second'} half of {self.year}",
            PeriodType.YEAR: f"{self.year}",
        }[self.type]


def parse_calendar_period(text: str) -> CalendarPeriod:
    """`2025`, `2025-H1`, `2025-Q3`, `2025-09` (or `2025-9`) -> CalendarPeriod."""
    match = _PATTERN.match(text.strip().upper())
    if match is None:
        raise CalendarPeriodError(f"{text!r} is not a period; expected {EXPECTED}")
    year = int(match.group(1))
    if match.group(2):
        return CalendarPeriod(year, PeriodType.QUARTER, int(match.group(3)))
    if match.group(4):
        return CalendarPeriod(year, PeriodType.HALF, int(match.group(5)))
    if match.group(6):
        month = int(match.group(6))
        if not 1 <= month <= 12:
            raise CalendarPeriodError(f"{text!r}: there is no month {month}; expected {EXPECTED}")
        return CalendarPeriod(year, PeriodType.MONTH, month)
    return CalendarPeriod(year, PeriodType.YEAR)
