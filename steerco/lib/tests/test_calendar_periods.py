from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steerco.lib.calendar_periods import (
    CalendarPeriod,
    CalendarPeriodError,
    PeriodType,
    parse_calendar_period,
)


def test_the_five_ways_a_period_is_written():
    for text in ("2025", "2025-H1", "2025-H2", "2025-Q3", "2025-09"):
        assert str(parse_calendar_period(text)) == text


def test_a_month_may_be_written_without_its_leading_zero():
    assert parse_calendar_period("2025-9") == CalendarPeriod(2025, PeriodType.MONTH, 9)


@pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "2025-H3", "25", "2025-9M", "Q3/2025", ""])
def test_what_is_not_a_period_is_refused_saying_what_was_expected(text):
    with pytest.raises(CalendarPeriodError, match="expected|numbered|no month"):
        parse_calendar_period(text)


def test_a_calendar_month_runs_from_its_first_day_to_its_last_not_to_the_cutoff():
    september = parse_calendar_period("2025-09")
    assert (september.starts_on, september.ends_on) == (date(2025, 9, 1), date(2025, 9, 30))


def test_the_second_half_is_made_of_the_third_and_fourth_quarters():
    assert [str(p) for p in parse_calendar_period("2025-H2").subperiods(PeriodType.QUARTER)] == [
        "2025-Q3",
        "2025-Q4",
    ]
    assert len(parse_calendar_period("2025").months()) == 12


def test_the_third_quarter_contains_september_and_not_october():
    q3 = parse_calendar_period("2025-Q3")
    assert q3.contains(parse_calendar_period("2025-09"))
    assert not q3.contains(parse_calendar_period("2025-10"))
    assert parse_calendar_period("2025").contains(q3)
    assert not q3.contains(parse_calendar_period("2025"))


def test_the_period_before_the_first_quarter_is_the_last_quarter_of_the_year_before():
    assert str(parse_calendar_period("2025-Q1").previous()) == "2024-Q4"
    assert str(parse_calendar_period("2025-01").previous()) == "2024-12"
    assert str(parse_calendar_period("2025-H2").previous()) == "2025-H1"


def test_the_same_period_last_year():
    assert str(parse_calendar_period("2025-09").same_period_last_year()) == "2024-09"


def test_september_lies_in_the_third_quarter_and_the_second_half():
    september = parse_calendar_period("2025-09")
    assert str(september.enclosing(PeriodType.QUARTER)) == "2025-Q3"
    assert str(september.enclosing(PeriodType.HALF)) == "2025-H2"


def test_a_year_has_no_months_of_a_longer_type():
    with pytest.raises(CalendarPeriodError):
        parse_calendar_period("2025-09").subperiods(PeriodType.YEAR)


def test_labels_as_reports_write_them():
    assert parse_calendar_period("2025-Q3").label("vi") == "quý III năm 2025"
    assert parse_calendar_period("2025-H1").label("vi") == "6 tháng đầu năm 2025"
    assert parse_calendar_period("2025-09").label("en") == "September 2025"


def test_periods_sort_chronologically_with_a_quarter_after_its_last_month():
    texts = ["2025", "2025-Q3", "2025-09", "2025-01", "2024-H2"]
    ordered = sorted((parse_calendar_period(t) for t in texts), key=lambda p: p.sort_key)
    assert [str(p) for p in ordered] == ["2024-H2", "2025-01", "2025-09", "2025-Q3", "2025"]


@settings(deadline=None)  # a shared machine: a busy neighbour is no failure of the rule
@given(
    year=st.integers(1990, 2100),
    kind=st.sampled_from(list(PeriodType)),
    number=st.integers(1, 12),
)
def test_a_period_reads_back_what_it_writes_and_tiles_its_year(year, kind, number):
    try:
        period = CalendarPeriod(year, kind, number)
    except CalendarPeriodError:
        return
    assert parse_calendar_period(str(period)) == period
    assert period.enclosing(PeriodType.YEAR).contains(period)
    assert all(period.contains(m) for m in period.months())
    assert period.previous().end_index == period.start_index - 1


def test_every_month_has_a_vietnamese_label():
    assert parse_calendar_period("2025-10").label("vi") == "tháng 10 năm 2025"
    assert parse_calendar_period("2025-12").label("en") == "December 2025"
