from datetime import date, timedelta

import pytest

from steerco.lib.periods import (
    Period,
    PeriodKind,
    last_closed_period,
    parse_period,
    period_containing,
    previous_cutoff,
)


def test_october_runs_from_the_15th_of_september_to_the_14th_of_october():
    p = Period(PeriodKind.MONTH, 2025, 10)
    assert (p.starts_on, p.ends_on) == (date(2025, 9, 15), date(2025, 10, 14))


def test_the_first_nine_months_start_on_15_december_of_the_year_before():
    p = Period(PeriodKind.NINE_MONTHS, 2025, 1)
    assert (p.starts_on, p.ends_on) == (date(2024, 12, 15), date(2025, 9, 14))
    assert p.label("vi") == "9 tháng đầu năm 2025"


def test_a_day_after_the_cutoff_belongs_to_the_next_month():
    assert period_containing(date(2025, 10, 15), PeriodKind.MONTH) == Period(
        PeriodKind.MONTH, 2025, 11
    )
    assert period_containing(date(2025, 12, 20), PeriodKind.YEAR) == Period(
        PeriodKind.YEAR, 2026, 1
    )


def test_the_quarter_before_20_october_2025_is_the_third():
    q = last_closed_period(date(2025, 10, 20), PeriodKind.QUARTER)
    assert (q.number, q.ends_on) == (3, date(2025, 9, 14))
    assert q.label("vi") == "Quý III năm 2025"


def test_a_cutoff_day_past_the_month_end_means_its_last_day():
    assert Period(PeriodKind.MONTH, 2025, 2, cutoff_day=31).ends_on == date(2025, 2, 28)


def test_period_texts_parse_and_bad_ones_say_what_is_expected():
    assert parse_period("2025-Q3") == Period(PeriodKind.QUARTER, 2025, 3)
    assert parse_period("2025-9M").kind == PeriodKind.NINE_MONTHS
    with pytest.raises(ValueError, match="expected 2025-Q3"):
        parse_period("2025-Q5")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 10, 20), date(2025, 10, 14)),
        (date(2025, 10, 15), date(2025, 10, 14)),
        (date(2025, 10, 14), date(2025, 9, 14)),  # a cut-off day: the one before it
        (date(2025, 1, 10), date(2024, 12, 14)),
    ],
)
def test_the_previous_cutoff_is_the_last_monthly_cutoff_before_the_day(day, expected):
    assert previous_cutoff(day, 14) == expected


def test_the_previous_cutoff_is_before_the_day_for_every_day_of_two_years():
    day = date(2024, 1, 1)
    while day < date(2026, 1, 1):
        assert previous_cutoff(day, 14) < day
        assert period_containing(previous_cutoff(day, 14), PeriodKind.MONTH, 14).ends_on == (
            previous_cutoff(day, 14)
        )
        day += timedelta(days=1)
