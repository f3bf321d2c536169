from decimal import Decimal

from steerco.indicators.sentences import achievement_phrase, change_phrase, figure_sentence
from steerco.lib.calendar_periods import parse_calendar_period

D = Decimal


def test_import_export_reached_145_percent_of_the_years_plan():
    assert achievement_phrase(D(145), basis="plan_year") == "đạt 145% kế hoạch năm"
    assert achievement_phrase(D(145), basis="plan_year", lang="en") == "145% of the year's plan"


def test_budget_revenue_exceeded_the_estimate_by_69_percent():
    assert achievement_phrase(D(169), basis="estimate", over=True) == "vượt 69% dự toán"
    assert achievement_phrase(D(169), basis="estimate", over=True, lang="en") == (
        "69% above the estimate"
    )


def test_below_the_plan_it_is_reached_not_exceeded():
    assert achievement_phrase(D("92.5"), basis="estimate", over=True) == "đạt 92,5% dự toán"


def test_turnover_up_77_percent_on_the_same_period():
    assert change_phrase(D(1299), D("733.9")) == "tăng 77% so với cùng kỳ"
    assert change_phrase(D(1299), D("733.9"), lang="en") == "up 77% on the same period"
    assert change_phrase(D("6.52"), D("6.52")) == "bằng cùng kỳ"
    assert change_phrase(D(90), D(100)) == "giảm 10% so với cùng kỳ"
    assert change_phrase(D(5), D(0)) is None


def test_a_cumulative_figure_to_september_is_said_as_nine_months():
    sentence = figure_sentence(
        name="Thu ngân sách nhà nước trên địa bàn",
        value=D(3312),
        measure_unit="tỷ đồng",
        period=parse_calendar_period("2025-09"),
        cumulative=True,
        achievement=D(169),
        basis="estimate",
        over=True,
        same_period_last_year=D(2760),
    )
    assert sentence == (
        "Thu ngân sách nhà nước trên địa bàn 9 tháng năm 2025 đạt 3.312 tỷ đồng, "
        "vượt 69% dự toán, tăng 20% so với cùng kỳ."
    )


def test_a_percent_figure_in_english():
    sentence = figure_sentence(
        name="Forest cover",
        value=D("60.5"),
        measure_unit="%",
        period=parse_calendar_period("2025"),
        achievement=D("100.8"),
        basis="target",
        lang="en",
    )
    assert sentence == "Forest cover, 2025: 60.5%, 100.8% of the target."
