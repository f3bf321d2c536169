"""Deadlines as plans write them: "Quý II/2025", "trước ngày 30/6/2025", "Thường xuyên".

Pure (no Django). `parse_deadline(text, year=plan_year)` returns a `Deadline`: either
dated (the last day of the period the text names) or recurring with a cadence, and
always the original text. Anything it cannot read raises `DeadlineError`; it never
guesses. The text is folded to lower-case ASCII first (đ -> d), so Vietnamese with
or without diacritics reads the same; English is read too ("Q2 2025", "by end of 2025").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass
from datetime import date

from steerco.lib.vietnamese import fold

CADENCES = ("month", "quarter", "half_year", "year")
MIN_YEAR, MAX_YEAR = 1900, 2199
MAX_LENGTH = 255


class DeadlineError(ValueError):
    """The text is not a deadline steerco can read; the message says why. `code` and
    `params` let a caller word the message in the user's language."""

    def __init__(self, message: str, code: str = "unreadable", **params: object):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Deadline:
    text: str
    due_on: date | None
    recurring: bool
    cadence: str | None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["due_on"] = self.due_on.isoformat() if self.due_on else None
        return data


# --- recurring -------------------------------------------------------------

_CADENCE_WORDS = [
    # (pattern on folded text, cadence); the first one found in the text wins.
    (r"\b(?:hang|moi|dinh ky(?: hang)?)\s+(?:6|sau)\s+thang\b", "half_year"),
    (r"\b(?:6|sau)\s+thang\s*(?:/|mot|1)\s*lan\b", "half_year"),
    (r"\b(?:hang|moi|dinh ky(?: hang)?)\s+nua\s+nam\b", "half_year"),
    (
        r"\b(?:semi-?annual(?:ly)?|bi-?annual(?:ly)?|half-?yearly|every (?:six|6) months)\b",
        "half_year",
    ),
    (r"\b(?:hang|moi|dinh ky(?: hang)?)\s+thang\b", "month"),
    (r"\b(?:monthly|every month)\b", "month"),
    (r"\b(?:hang|moi|dinh ky(?: hang)?)\s+quy\b", "quarter"),
    (r"\b(?:quarterly|every quarter)\b", "quarter"),
    (r"\b(?:hang|moi|dinh ky(?: hang)?)\s+nam\b", "year"),
    (r"\b(?:annually|yearly|every year)\b", "year"),
    (r"\b\d{4}\s+va\s+(?:cac|nhung)\s+nam\s+tiep\s+theo\b", "year"),
]
_RECURRING_WORDS = (
    r"\b(?:thuong xuyen|lien tuc|dinh ky|ongoing|regularly|recurring|continuous(?:ly)?)\b"
)


def _recurring(folded: str) -> tuple[bool, str | None]:
    found = [
        (m.start(), cadence)
        for pattern, cadence in _CADENCE_WORDS
        for m in [re.search(pattern, folded, re.ASCII)]
        if m
    ]
    if found:
        return True, min(found)[1]
    return bool(re.search(_RECURRING_WORDS, folded, re.ASCII)), None


# --- dated -----------------------------------------------------------------

_PREFIX = re.compile(
    r"^(?:hoan thanh|truoc|ngay|cham nhat(?: la)?|muon nhat(?: la)?|trong|thoi han|thoi gian|han|den|vao|"
    r"tu nay|het|cuoi|giai doan|trien khai|ban hanh|"
    r"by|before|no later than|not later than|until|till|due(?: date)?|deadline|in|within|during|the|"
    r"end of|at|on|completed?|finish(?:ed)?)(?=[\s:,]|$)[\s:,]*"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINAL = {
    "1st": 1,
    "first": 1,
    "2nd": 2,
    "second": 2,
    "3rd": 3,
    "third": 3,
    "4th": 4,
    "fourth": 4,
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_Q = r"(i{1,3}|iv|[1-4])"
_Y = r"(\d{4})"
# Between a period and its year: "/2025", "-2025", ".2025", ", 2025", " năm 2025", " of 2025", " 2025".
_SEP = r"(?:\s*[/.,-]\s*|\s+(?:nam|of)\s+|\s+)"


def _last_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _full(s: str, pattern: str) -> re.Match[str] | None:
    return re.fullmatch(pattern, s, re.ASCII)


class _Reader:
    def __init__(self, text: str, plan_year: int | None):
        self.text = text
        self.plan_year = plan_year

    def year(self, value: str | None) -> int:
        if value is None:
            if self.plan_year is None:
                raise DeadlineError(
                    f"{self.text!r} names no year; give the plan's year", "no_year", text=self.text
                )
            return self.plan_year
        number = int(value)
        if not MIN_YEAR <= number <= MAX_YEAR:
            raise DeadlineError(
                f"{self.text!r}: year {number} is out of range",
                "year_range",
                text=self.text,
                year=number,
            )
        return number

    def month(self, month: int, year: str | None) -> date:
        if not 1 <= month <= 12:
            raise DeadlineError(
                f"{self.text!r}: there is no month {month}", "no_month", text=self.text, month=month
            )
        return _last_of_month(self.year(year), month)

    def quarter(self, quarter: str, year: str | None) -> date:
        number = _ROMAN.get(quarter) or int(quarter)
        return _last_of_month(self.year(year), 3 * number)

    def day(self, day: int, month: int, year: str | None) -> date:
        y = self.year(year)
        try:
            return date(y, month, day)
        except ValueError:
            raise DeadlineError(
                f"{self.text!r}: {day}/{month}/{y} is not a date",
                "not_a_date",
                text=self.text,
                day=f"{day}/{month}/{y}",
            ) from None

    def read(self, s: str) -> date | None:
        """The date `s` (folded, without prefixes) names, or None if no form reads it.
        The forms are tried in order: days, months, quarters, halves, years."""
        for form in (self._days, self._months, self._quarters, self._halves, self._years):
            if (due_on := form(s)) is not None:
                return due_on
        return None

    def _days(self, s: str) -> date | None:
        """Days: ISO, d/m/yyyy, "ngày 30 tháng 6", "30/6" in the plan's year, English."""
        if m := _full(s, r"(\d{4})-(\d{1,2})-(\d{1,2})"):
            return self.day(int(m[3]), int(m[2]), m[1])
        if m := _full(s, r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*" + _Y):
            return self.day(int(m[1]), int(m[3]), m[4])
        if m := _full(s, r"(\d{1,2})\s+thang\s+(\d{1,2})(?:" + _SEP + _Y + ")?"):
            return self.day(int(m[1]), int(m[2]), m[3])
        if m := _full(s, r"(\d{1,2})\s*/\s*(\d{1,2})"):
            return self.day(int(m[1]), int(m[2]), None)
        if m := _full(
            s, r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME + r"(?:,?\s+" + _Y + ")?"
        ):
            return self.day(int(m[1]), _MONTHS[m[2]], m[3])
        if m := _full(s, _MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _Y + ")?"):
            return self.day(int(m[2]), _MONTHS[m[1]], m[3])
        return None

    def _months(self, s: str) -> date | None:
        """Months and spans of months: the last day of the (last) month."""
        if m := _full(
            s, r"thang\s+(\d{1,2})\s*(?:-|den)\s*(?:thang\s+)?(\d{1,2})(?:" + _SEP + _Y + ")?"
        ):
            self.month(int(m[1]), m[3])
            return self.month(int(m[2]), m[3])
        if m := _full(s, r"(?:thang|t)\s*(\d{1,2})(?:" + _SEP + _Y + ")?"):
            return self.month(int(m[1]), m[2])
        if m := _full(s, r"(\d{1,2})\s*[/.-]\s*" + _Y):
            return self.month(int(m[1]), m[2])
        if m := _full(s, _Y + r"-(\d{2})"):
            return self.month(int(m[2]), m[1])
        if m := _full(s, _MONTH_NAME + r"(?:,?\s+(?:of\s+)?" + _Y + ")?"):
            return self.month(_MONTHS[m[1]], m[2])
        return None

    def _quarters(self, s: str) -> date | None:
        """Quarters and spans of quarters: the last day of the (last) quarter."""
        if m := _full(
            s,
            r"(?:quy|q)\s*"
            + _Q
            + r"\s*(?:-|den|va|,)\s*(?:quy\s+|q\s*)?"
            + _Q
            + "(?:"
            + _SEP
            + _Y
            + ")?",
        ):
            return self.quarter(m[2], m[3])
        if m := _full(s, r"(?:quy|q|quarter)\s*" + _Q + "(?:" + _SEP + _Y + ")?"):
            return self.quarter(m[1], m[2])
        if m := _full(s, _Y + r"\s*-?\s*q([1-4])"):
            return self.quarter(m[2], m[1])
        if m := _full(
            s, r"(1st|2nd|3rd|4th|first|second|third|fourth)\s+quarter(?:" + _SEP + _Y + ")?"
        ):
            return _last_of_month(self.year(m[2]), 3 * _ORDINAL[m[1]])
        return None

    def _halves(self, s: str) -> date | None:
        """Halves and "the first N months" of a year."""
        if m := _full(s, r"(\d{1,2})\s+thang\s+(dau|cuoi)\s+nam(?:" + _SEP + _Y + ")?"):
            months = int(m[1])
            if not 1 <= months <= 12:
                raise DeadlineError(
                    f"{self.text!r}: a year has no {months} months",
                    "months",
                    text=self.text,
                    months=months,
                )
            return self.month(months if m[2] == "dau" else 12, m[3])
        if m := _full(s, r"nua\s+(dau|cuoi)\s+nam(?:" + _SEP + _Y + ")?"):
            return self.month(6 if m[1] == "dau" else 12, m[2])
        if m := _full(s, r"h([12])\s*[/ -]?\s*" + _Y):
            return self.month(6 * int(m[1]), m[2])
        if m := _full(s, r"(first|second)\s+half(?:" + _SEP + _Y + ")?"):
            return self.month(6 if m[1] == "first" else 12, m[2])
        return None

    def _years(self, s: str) -> date | None:
        """Years and spans of years: the last day of the (last) year."""
        if m := _full(
            s, r"(?:nam\s+|years?\s+)?" + _Y + r"\s*(?:-|den|to|and|va)\s*(?:nam\s+)?" + _Y
        ):
            first, last = self.year(m[1]), self.year(m[2])
            if last < first:
                raise DeadlineError(
                    f"{self.text!r}: the span of years runs backwards", "backwards", text=self.text
                )
            return date(last, 12, 31)
        if m := _full(s, r"(?:nam|year)?\s*" + _Y):
            return date(self.year(m[1]), 12, 31)
        return None


def _core(folded: str) -> str:
    s = folded.replace("–", "-").replace("—", "-")
    s = re.sub(r"\s*\([^)]*\)\s*", " ", s).strip()  # "(ban hành kế hoạch)" is commentary
    s = s.strip(" .;:,")
    while True:
        stripped = _PREFIX.sub("", s, count=1)
        if stripped == s:
            return s
        s = stripped


def parse_deadline(text: str, *, year: int | None = None) -> Deadline:
    """Read a deadline as written; `year` is the plan's year for a bare "Quý IV"."""
    if not isinstance(text, str):
        raise DeadlineError("a deadline must be text", "empty")
    original = text.strip()
    if not original:
        raise DeadlineError("the deadline is empty", "empty")
    if len(original) > MAX_LENGTH:
        raise DeadlineError(
            f"a deadline of {len(original)} characters is not a deadline",
            "too_long",
            length=len(original),
        )
    folded = fold(original.replace("\x00", " "))
    recurring, cadence = _recurring(folded)
    if recurring:
        return Deadline(original, None, True, cadence)
    due_on = _Reader(original, year).read(_core(folded))
    if due_on is None:
        raise DeadlineError(
            f'cannot read {original!r} as a deadline; write e.g. "Quý II/2025", "30/6/2025", '
            '"Tháng 6/2025", "Năm 2025" or "Thường xuyên"',
            "unreadable",
            text=original,
        )
    return Deadline(original, due_on, False, None)
