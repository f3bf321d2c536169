from decimal import Decimal

from steerco.indicators.sentences import achievement_phrase, change_phrase

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
