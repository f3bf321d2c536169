from datetime import UTC, datetime
from decimal import Decimal

from steerco.indicators.models import Indicator
from steerco.indicators.selectors import unit_figure
from steerco.indicators.services import target_set, value_record
from steerco.lib.calendar_periods import parse_calendar_period as P
from steerco.units.models import UnitKind
from steerco.units.services import unit_create

D = Decimal


def record(unit, code, period, value):
    value_record(unit=unit, indicator=Indicator.objects.get(code=code), period=period, value=value)


def figure(unit, code, period):
    return unit_figure(unit=unit, indicator=Indicator.objects.get(code=code), period=P(period))


def test_a_provinces_on_time_share_is_the_ratio_of_its_communes_sums(catalogue, tree):
    record(tree.lam_binh, "PROC_HANDLED", "2025-09", "1000")
    record(tree.lam_binh, "PROC_ON_TIME", "2025-09", "990")
    record(tree.thuong_lam, "PROC_HANDLED", "2025-09", "10")
    record(tree.thuong_lam, "PROC_ON_TIME", "2025-09", "5")
    province = figure(tree.tuyen_quang, "PROC_ON_TIME_SHARE", "2025-09").as_dict()
    assert province["value"] == 98.514851  # 995 of 1,010 files, not the mean of 99% and 50%
    assert (province["own"], province["reported"], province["expected"]) == (None, 2, 2)


def test_a_province_aggregate_is_four_queries_however_many_communes(
    catalogue, tree, django_assert_num_queries
):
    for n in range(30):
        commune = unit_create(
            code=f"09{n:03d}", name=f"Xã {n}", kind=UnitKind.COMMUNE, parent=tree.tuyen_quang
        )
        record(commune, "PROC_HANDLED", "2025-09", "10")
    indicator = Indicator.objects.get(code="PROC_HANDLED")
    with django_assert_num_queries(5):  # catalogue (2), subtree, values, targets
        result = unit_figure(unit=tree.tuyen_quang, indicator=indicator, period=P("2025-Q3"))
    assert (result.figure.value, result.figure.reported, result.figure.expected) == (300, 30, 32)


def test_the_show_object_against_a_year_plan(catalogue, tree):
    record(tree.tuyen_quang, "BUDGET_REVENUE", "2025-09", "3312")
    target_set(
        unit=tree.tuyen_quang,
        indicator=Indicator.objects.get(code="BUDGET_REVENUE"),
        period="2025",
        target=Decimal(2000),
    )
    assert figure(tree.tuyen_quang, "BUDGET_REVENUE", "2025-09").as_dict() == {
        "code": "08",
        "unit": "Tuyên Quang",
        "indicator": "BUDGET_REVENUE",
        "period": "2025-09",
        "value": 3312,
        "own": 3312,
        "aggregate": None,
        "target": 2000,
        "expected_value": 1500,  # nine months of a cumulative year plan
        "achievement": 165.6,
        "status": "GREEN",
        "reported": 0,
        "expected": 0,
        "reason": "",
    }


def test_lower_is_better_turns_achievement_and_status_round(catalogue, tree):
    rd = Indicator.objects.get(code="GRDP")
    rd.direction = "lower"  # (for the test: a cost to keep down)
    rd.save()
    record(tree.tuyen_quang, "GRDP", "2025", "105")
    target_set(unit=tree.tuyen_quang, indicator=rd, period="2025", target=Decimal(100))
    result = figure(tree.tuyen_quang, "GRDP", "2025").as_dict()
    assert (result["achievement"], result["status"]) == (95.2, "YELLOW")


def test_the_formula_of_r_and_d_share_has_no_value_when_grdp_is_zero(catalogue, tree):
    record(tree.tuyen_quang, "RD_SPENDING", "2025", "100")
    record(tree.tuyen_quang, "GRDP", "2025", "0")
    result = figure(tree.tuyen_quang, "RD_SHARE_GRDP", "2025").as_dict()
    assert (result["value"], result["reason"]) == (None, "division by zero")


def test_the_centres_r_and_d_share_is_computed_from_the_national_sums(catalogue, tree):
    record(tree.tuyen_quang, "RD_SPENDING", "2025", "100")
    record(tree.tuyen_quang, "GRDP", "2025", "10000")
    record(tree.cao_bang, "RD_SPENDING", "2025", "300")
    record(tree.cao_bang, "GRDP", "2025", "10000")
    result = figure(tree.root, "RD_SHARE_GRDP", "2025").as_dict()
    assert (result["value"], result["reported"], result["expected"]) == (2, 2, 2)


def test_the_status_rules_come_from_the_settings(catalogue, tree, settings):
    settings.STEERCO_INDICATOR_THRESHOLDS = {"higher": [("GREEN", "1.2")], "lower": []}
    record(tree.tuyen_quang, "FOREST_COVER", "2025", "65")
    target_set(
        unit=tree.tuyen_quang,
        indicator=Indicator.objects.get(code="FOREST_COVER"),
        period="2025",
        target=Decimal(60),
    )
    assert figure(tree.tuyen_quang, "FOREST_COVER", "2025").status == "RED"


def test_what_a_closed_period_read_stays_readable_after_a_correction(catalogue, tree):
    forest = Indicator.objects.get(code="FOREST_COVER")
    told = datetime(2025, 10, 20, 9, tzinfo=UTC)
    value_record(
        unit=tree.tuyen_quang,
        indicator=forest,
        period="2025",
        value="60.2",
        recorded_at=datetime(2025, 10, 1, tzinfo=UTC),
    )
    value_record(
        unit=tree.tuyen_quang,
        indicator=forest,
        period="2025",
        value="61.0",
        recorded_at=datetime(2025, 10, 25, tzinfo=UTC),
    )
    assert figure(tree.tuyen_quang, "FOREST_COVER", "2025").figure.value == 61
    closed = unit_figure(
        unit=tree.tuyen_quang, indicator=forest, period=P("2025"), recorded_by=told
    )
    assert closed.figure.value == D("60.2")
