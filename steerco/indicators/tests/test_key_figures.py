from datetime import UTC, date, datetime
from decimal import Decimal

from steerco.indicators.entry import GridError, grid_record
from steerco.indicators.figures import (
    close_that_read,
    figures_at,
    key_figures,
    period_as_of,
    report_figures,
)
from steerco.indicators.models import Indicator, IndicatorValue
from steerco.indicators.services import target_set, value_record
from steerco.lib.calendar_periods import parse_calendar_period as P
from steerco.lib.periods import PeriodKind, period_containing
from steerco.scoring.services import period_close

OCTOBER = period_containing(date(2025, 10, 10), PeriodKind.MONTH, 14)  # 15/9 - 14/10/2025


def record(unit, code, period, value, at=None):
    return value_record(
        unit=unit,
        indicator=Indicator.objects.get(code=code),
        period=period,
        value=value,
        recorded_at=at,
    )


def test_a_report_reads_each_indicators_latest_period_ended_by_its_date():
    assert str(period_as_of("month", date(2025, 10, 20))) == "2025-09"
    assert str(period_as_of("quarter", date(2025, 10, 20))) == "2025-Q3"
    assert str(period_as_of("year", date(2025, 10, 20))) == "2024"
    assert str(period_as_of("month", date(2025, 9, 30))) == "2025-09"
    assert str(period_as_of("half", date(2025, 6, 29))) == "2024-H2"


def test_the_close_that_read_september_is_octobers(db):
    closed = period_close(period=OCTOBER)
    assert close_that_read(P("2025-09")) == closed
    assert close_that_read(P("2025-08")) is None


def test_key_figures_are_the_units_targeted_indicators(catalogue, tree):
    revenue = Indicator.objects.get(code="BUDGET_REVENUE")
    target_set(unit=tree.tuyen_quang, indicator=revenue, period="2025", target=Decimal(2000))
    record(tree.tuyen_quang, "BUDGET_REVENUE", "2025-09", "3312")
    record(tree.tuyen_quang, "BUDGET_REVENUE", "2024-09", "2760")
    record(tree.tuyen_quang, "FOREST_COVER", "2024", "60")  # no target: not a key figure
    [figure] = key_figures(unit=tree.tuyen_quang, as_of=date(2025, 10, 20))
    assert (figure.value, figure.current.achievement, figure.current.status) == (
        3312,
        Decimal("165.6"),
        "GREEN",
    )
    assert figure.sentence("vi") == (
        "Thu ngân sách nhà nước trên địa bàn 9 tháng năm 2025 đạt 3.312 tỷ đồng, "
        "đạt 165,6% kế hoạch năm, tăng 20% so với cùng kỳ."
    )


def test_a_unit_without_targets_costs_the_overview_one_query(
    catalogue, tree, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert key_figures(unit=tree.tuyen_quang, as_of=date(2025, 10, 20)) == []


def test_a_correction_after_the_close_does_not_change_what_the_closed_period_reads(catalogue, tree):
    record(
        tree.tuyen_quang, "BUDGET_REVENUE", "2025-09", "3000", at=datetime(2025, 10, 5, tzinfo=UTC)
    )
    closed = period_close(period=OCTOBER)
    record(tree.tuyen_quang, "BUDGET_REVENUE", "2025-09", "3312")
    [frozen], at = report_figures(unit=tree.tuyen_quang, as_of=OCTOBER.ends_on)
    assert (frozen.value, at) == (3000, closed.closed_at)
    [live], at = report_figures(unit=tree.tuyen_quang, as_of=date(2025, 10, 20))
    assert (live.value, at) == (3312, None)


def test_a_report_without_indicator_values_has_no_figures(catalogue, tree):
    record(tree.cao_bang, "FOREST_COVER", "2024", "60")
    assert report_figures(unit=tree.tuyen_quang, as_of=date(2025, 10, 20)) == ([], None)


def test_figures_at_agree_with_unit_figure(catalogue, tree):
    from steerco.indicators.selectors import unit_figure

    record(tree.lam_binh, "PROC_HANDLED", "2025-09", "1000")
    record(tree.lam_binh, "PROC_ON_TIME", "2025-09", "990")
    share = Indicator.objects.get(code="PROC_ON_TIME_SHARE")
    target_set(unit=tree.tuyen_quang, indicator=share, period="2025", target=Decimal(95))
    [batched] = figures_at(unit=tree.tuyen_quang, items=[(share, P("2025-09"))])
    single = unit_figure(unit=tree.tuyen_quang, indicator=share, period=P("2025-09"))
    assert batched.current.as_dict() == single.as_dict()


def test_the_grid_writes_nothing_when_one_value_is_refused(catalogue, tree):
    indicators = {i.code: i for i in Indicator.objects.filter(code__startswith="PROC_")}
    try:
        grid_record(
            unit=tree.lam_binh,
            period=P("2025-09"),
            indicators=indicators,
            values={"PROC_HANDLED": "10", "PROC_RECEIVED": "-1"},
        )
    except GridError as exc:
        assert list(exc.errors) == ["PROC_RECEIVED"]
    else:
        raise AssertionError("expected GridError")
    assert not IndicatorValue.objects.exists()
