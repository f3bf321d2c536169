"""Reporting periods as Vietnamese reports speak of them, with a data cut-off day.

Under Decree 09/2019 a period's data is cut off on the 14th: the month of October
runs from 15 September to 14 October, the third quarter from 15 June to 14
September, "the first nine months" from 15 December of the year before to 14
September. A cut-off day past a month's length means the month's last day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    SIX_MONTHS = "six_months"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


# The last month of each period, by (kind, number).
_LAST_MONTH = {
    PeriodKind.MONTH: lambda n: n,
    PeriodKind.QUARTER: lambda n: 3 * n,
    PeriodKind.SIX_MONTHS: lambda n: 6,
    PeriodKind.NINE_MONTHS: lambda n: 9,
    PeriodKind.YEAR: lambda n: 12,
}
_MAX_NUMBER = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.SIX_MONTHS: 1,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def cutoff_date(year: int, month: int, cutoff_day: int) -> date:
    """The day the data of `month` is cut off."""
    return date(year, month, min(cutoff_day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, order=True)
class Period:
    kind: PeriodKind
    year: int
    number: int
    cutoff_day: int = 14

    def __post_init__(self) -> None:
        if not 1 <= self.number <= _MAX_NUMBER[self.kind]:
            raise ValueError(f"a {self.kind} period is numbered 1 to {_MAX_NUMBER[self.kind]}")

    @property
    def ends_on(self) -> date:
        return cutoff_date(self.year, _LAST_MONTH[self.kind](self.number), self.cutoff_day)

    @property
    def starts_on(self) -> date:
        first_month = {
            PeriodKind.MONTH: self.number,
            PeriodKind.QUARTER: 3 * self.number - 2,
        }.get(self.kind, 1)
        year, month = (self.year - 1, 12) if first_month == 1 else (self.year, first_month - 1)
        return cutoff_date(year, month, self.cutoff_day) + timedelta(days=1)

    def previous(self) -> Period:
        """The period of the same kind before this one."""
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1, self.cutoff_day)
        return Period(self.kind, self.year - 1, _MAX_NUMBER[self.kind], self.cutoff_day)

    def label(self, lang: str = "vi") -> str:
        if lang == "vi":
            return {
                PeriodKind.MONTH: f"Tháng {self.number} năm {self.year}",
                PeriodKind.QUARTER: f"Quý {ROMAN.get(self.number)} năm {self.year}",
                PeriodKind.SIX_MONTHS: f"6 tháng đầu năm {self.year}",
                PeriodKind.NINE_MONTHS: f"9 tháng đầu năm {self.year}",
                PeriodKind.YEAR: f"Năm {self.year}",
            }[self.kind]
        return {
            PeriodKind.MONTH: f"{calendar.month_name[self.number]} {self.year}",
            PeriodKind.QUARTER: f"Q{self.number} {self.year}",
            PeriodKind.SIX_MONTHS: f"first six months of {self.year}",
            PeriodKind.NINE_MONTHS: f"first nine months of {self.year}",
            PeriodKind.YEAR: f"year {self.year}",
        }[self.kind]

    @property
    def key(self) -> str:
        return f"{self.year}-{self.kind}-{self.number}"


def period_containing(day: date, kind: PeriodKind, cutoff_day: int = 14) -> Period:
    """The month, quarter or year whose data window contains `day`."""
    if kind not in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
        raise ValueError("only months, quarters and years tile the calendar")
    month, year = day.month, day.year
    if day > cutoff_date(year, month, cutoff_day):
        month += 1
        if month == 13:
            month, year = 1, year + 1
    number = {PeriodKind.MONTH: month, PeriodKind.QUARTER: (month + 2) // 3, PeriodKind.YEAR: 1}[
        kind
    ]
    return Period(kind, year, number, cutoff_day)


def last_closed_period(day: date, kind: PeriodKind, cutoff_day: int = 14) -> Period:
    """The latest period of `kind` whose data window ended before `day`."""
    return period_containing(day, kind, cutoff_day).previous()


def previous_cutoff(day: date, cutoff_day: int = 14) -> date:
    """The last monthly cut-off before `day`: the day "the change since the previous
    reporting period" is measured from (rankings' change, a report's previous figures).
    Always before `day`, also when `day` is itself a cut-off day."""
    return last_closed_period(day, PeriodKind.MONTH, cutoff_day).ends_on


def parse_period(text: str, cutoff_day: int = 14) -> Period:
    """Parse "2025-Q3", "2025-10", "2025-H1", "2025-9M", "2025"."""
    text = text.strip().upper()
    try:
        if "-" not in text:
            return Period(PeriodKind.YEAR, int(text), 1, cutoff_day)
        year_s, rest = text.split("-", 1)
        year = int(year_s)
        if rest.startswith("Q"):
            return Period(PeriodKind.QUARTER, year, int(rest[1:]), cutoff_day)
        if rest == "H1":
            return Period(PeriodKind.SIX_MONTHS, year, 1, cutoff_day)
        if rest == "9M":
            return Period(PeriodKind.NINE_MONTHS, year, 1, cutoff_day)
        return Period(PeriodKind.MONTH, year, int(rest), cutoff_day)
    except ValueError as exc:
        raise ValueError(
            f"{text!r} is not a period; expected 2025-Q3, 2025-10, 2025-H1, 2025-9M or 2025"
        ) from exc
