from decimal import Decimal

from steerco.indicators.trajectory import (
    TargetPoint,
    achievement,
    expected_value,
    status,
    target_for,
)
from steerco.lib.calendar_periods import parse_calendar_period as P

D = Decimal
# Resolution 57: R&D spending 2% of GDP by 2030, from 0.5% in 2024.
RD_2030 = TargetPoint(P("2030"), D(2), baseline=D("0.5"), baseline_period=P("2024"))


def test_a_linear_trajectory_expects_its_share_of_the_way_from_baseline_to_target():
    assert expected_value([RD_2030], P("2025"), flow=False) == D("0.75")
    assert expected_value([RD_2030], P("2027"), flow=False) == D("1.25")
    assert expected_value([RD_2030], P("2030"), flow=False) == 2


def test_a_step_trajectory_holds_the_baseline_until_the_target_is_due():
    step = TargetPoint(P("2030"), D(2), D("0.5"), P("2024"), trajectory="step")
    assert expected_value([step], P("2029"), flow=False) == D("0.5")
    assert expected_value([step], P("2030"), flow=False) == 2


def test_intermediate_targets_are_milestones_of_the_trajectory():
    targets = [RD_2030, TargetPoint(P("2026"), D("1.5"))]
    assert expected_value(targets, P("2025"), flow=False) == 1  # half way from 0.5 to 1.5
    assert expected_value(targets, P("2028"), flow=False) == D("1.75")


def test_nine_months_of_a_year_plan_for_a_flow_expect_three_quarters_of_it():
    plan = [TargetPoint(P("2025"), D(2000))]
    assert expected_value(plan, P("2025-09"), flow=True) == 1500
    assert expected_value(plan, P("2025-09"), flow=False) == 2000


def test_no_target_after_the_period_means_nothing_is_expected():
    assert expected_value([TargetPoint(P("2025"), D(1))], P("2026"), flow=False) is None


def test_the_periods_own_target_comes_before_the_next_one_due():
    year, quarter = TargetPoint(P("2025"), D(100)), TargetPoint(P("2025-Q3"), D(70))
    assert target_for([year, quarter], P("2025-Q3")) == quarter
    assert target_for([year, quarter], P("2025-09")) == quarter
    assert target_for([year, quarter], P("2025-10")) == year


def test_achievement_is_the_value_as_a_percentage_of_target_inverted_when_lower_is_better():
    assert achievement(D(120), D(100), "higher") == D("120")
    assert achievement(D(80), D(100), "lower") == D("125")
    assert achievement(D(1), None, "higher") is None
    assert achievement(D(0), D(10), "lower") is None


def test_status_green_at_the_expected_value_yellow_within_ten_percent_red_below():
    assert status(D(100), D(100), "higher") == "GREEN"
    assert status(D(90), D(100), "higher") == "YELLOW"
    assert status(D("89.9"), D(100), "higher") == "RED"
    assert status(D(100), D(100), "lower") == "GREEN"
    assert status(D(110), D(100), "lower") == "YELLOW"
    assert status(D(111), D(100), "lower") == "RED"
    assert status(D(1), None, "higher") is None


def test_status_rules_are_configuration():
    strict = {"higher": [("GREEN", D("1.1"))], "lower": []}
    assert status(D(105), D(100), "higher", strict) == "RED"
