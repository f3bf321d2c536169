from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from steerco.indicators.aggregation import (
    Evaluator,
    Facts,
    UnitNode,
    reporting_frontiers,
    roll_up,
)
from steerco.lib.calendar_periods import parse_calendar_period as P

from .specs import spec, specs

D = Decimal
# A province (0001) with a department and three communes, and a second province.
TREE = [
    UnitNode("0001", "central"),
    UnitNode("00010001", "province"),
    UnitNode("000100010001", "department"),
    UnitNode("000100010002", "commune"),
    UnitNode("000100010003", "commune"),
    UnitNode("000100010004", "commune"),
    UnitNode("00010002", "province"),
    UnitNode("000100020001", "commune"),
]
CENTRE, TQ, DEPT, LAM_BINH, THUONG_LAM, MINH_QUANG, CB, THUC_PHAN = (u.path for u in TREE)

HANDLED = spec("PROC_HANDLED", levels="commune")
ON_TIME = spec("PROC_ON_TIME", levels="commune")
SHARE = spec(
    "PROC_ON_TIME_SHARE",
    kind="ratio",
    numerator="PROC_ON_TIME",
    denominator="PROC_HANDLED",
    factor="100",
    levels="commune",
)
TRAINED = spec("OFFICIALS_TRAINED", levels="province;commune")
REUSE = spec("DATA_REUSE", measure_unit="%", aggregation="mean", period_type="quarter")
REVENUE = spec("BUDGET_REVENUE", measure_unit="tỷ đồng", cumulative="yes", levels="province")
FOREST = spec("FOREST_COVER", measure_unit="%", aggregation="none", period_type="year")
CATALOGUE = specs(HANDLED, ON_TIME, SHARE, TRAINED, REUSE, REVENUE, FOREST)


def evaluator(entries):
    return Evaluator(
        Facts(CATALOGUE, TREE, {(c, p, per): D(v) for (c, p, per), v in entries.items()})
    )


def test_a_province_aggregates_its_communes_and_the_centre_its_provinces():
    frontiers = reporting_frontiers(TREE, ("commune",))
    assert frontiers[TQ] == [LAM_BINH, THUONG_LAM, MINH_QUANG]
    assert frontiers[CENTRE] == [LAM_BINH, THUONG_LAM, MINH_QUANG, THUC_PHAN]
    frontiers = reporting_frontiers(TREE, ("province", "commune"))
    assert frontiers[CENTRE] == [TQ, CB]


def test_a_summed_indicator_is_the_sum_over_the_communes_that_report_with_completeness():
    figures = evaluator(
        {("PROC_HANDLED", LAM_BINH, "2025-09"): 100, ("PROC_HANDLED", THUONG_LAM, "2025-09"): 50}
    )
    figure = figures.figure("PROC_HANDLED", TQ, P("2025-09"))
    assert (figure.value, figure.own, figure.aggregate) == (150, None, 150)
    assert (figure.reported, figure.expected) == (2, 3)


def test_a_ratio_aggregates_its_numerator_and_denominator_not_the_communes_percentages():
    figures = evaluator(
        {
            ("PROC_HANDLED", LAM_BINH, "2025-09"): 1000,
            ("PROC_ON_TIME", LAM_BINH, "2025-09"): 990,
            ("PROC_HANDLED", THUONG_LAM, "2025-09"): 10,
            ("PROC_ON_TIME", THUONG_LAM, "2025-09"): 5,
        }
    )
    assert figures.figure("PROC_ON_TIME_SHARE", LAM_BINH, P("2025-09")).value == 99
    assert figures.figure("PROC_ON_TIME_SHARE", THUONG_LAM, P("2025-09")).value == 50
    province = figures.figure("PROC_ON_TIME_SHARE", TQ, P("2025-09"))
    assert round(province.value, 2) == D("98.51")  # 995 / 1010, not (99 + 50) / 2
    assert (province.reported, province.expected) == (2, 3)


def test_a_ratio_with_a_zero_denominator_has_no_value_and_says_why():
    figures = evaluator(
        {("PROC_HANDLED", LAM_BINH, "2025-09"): 0, ("PROC_ON_TIME", LAM_BINH, "2025-09"): 0}
    )
    figure = figures.figure("PROC_ON_TIME_SHARE", LAM_BINH, P("2025-09"))
    assert (figure.value, figure.reason) == (None, "division by zero: PROC_HANDLED is 0")


def test_a_formula_is_evaluated_after_aggregation():
    gap = spec("GAP", kind="formula", formula="PROC_HANDLED - PROC_ON_TIME", levels="commune")
    figures = Evaluator(
        Facts(
            {**CATALOGUE, "GAP": gap},
            TREE,
            {
                ("PROC_HANDLED", LAM_BINH, "2025-09"): D(10),
                ("PROC_ON_TIME", LAM_BINH, "2025-09"): D(9),
                ("PROC_HANDLED", THUONG_LAM, "2025-09"): D(20),
                ("PROC_ON_TIME", THUONG_LAM, "2025-09"): D(15),
            },
        )
    )
    assert figures.figure("GAP", TQ, P("2025-09")).value == 6


def test_a_units_own_entry_counts_before_the_aggregate_of_those_below_it():
    figures = evaluator(
        {
            ("OFFICIALS_TRAINED", TQ, "2025-09"): 3000,
            ("OFFICIALS_TRAINED", LAM_BINH, "2025-09"): 40,
            ("OFFICIALS_TRAINED", THUC_PHAN, "2025-09"): 25,
        }
    )
    province = figures.figure("OFFICIALS_TRAINED", TQ, P("2025-09"))
    assert (province.value, province.own, province.aggregate) == (3000, 3000, 40)
    centre = figures.figure("OFFICIALS_TRAINED", CENTRE, P("2025-09"))
    assert (centre.value, centre.reported, centre.expected) == (3025, 2, 2)


def test_a_flow_sums_its_months_a_cumulative_figure_takes_the_last_a_rate_the_mean():
    figures = evaluator(
        {
            ("PROC_HANDLED", LAM_BINH, "2025-07"): 10,
            ("PROC_HANDLED", LAM_BINH, "2025-08"): 20,
            ("PROC_HANDLED", LAM_BINH, "2025-09"): 30,
            ("BUDGET_REVENUE", TQ, "2025-08"): 2900,
            ("BUDGET_REVENUE", TQ, "2025-09"): 3312,
            ("DATA_REUSE", TQ, "2025-Q1"): 50,
            ("DATA_REUSE", TQ, "2025-Q2"): 60,
        }
    )
    assert figures.figure("PROC_HANDLED", LAM_BINH, P("2025-Q3")).value == 60
    assert figures.figure("BUDGET_REVENUE", TQ, P("2025-Q3")).value == 3312
    assert figures.figure("DATA_REUSE", TQ, P("2025-H1")).value == 55


def test_a_yearly_indicator_has_no_value_for_a_month_and_says_why():
    figure = evaluator({("FOREST_COVER", TQ, "2025"): 65}).figure("FOREST_COVER", TQ, P("2025-09"))
    assert figure.value is None
    assert figure.reason == "FOREST_COVER is kept by year; 2025-09 is shorter"


def test_an_indicator_that_does_not_aggregate_has_no_national_figure():
    figures = evaluator({("FOREST_COVER", TQ, "2025"): 65, ("FOREST_COVER", CB, "2025"): 55})
    centre = figures.figure("FOREST_COVER", CENTRE, P("2025"))
    assert (centre.value, centre.reported, centre.expected) == (None, 2, 2)


def test_the_last_value_of_a_period_is_the_latest_present():
    assert roll_up("last", [(P("2025-09"), D(3)), (P("2025-07"), D(1))]) == 3
    assert roll_up("sum", []) is None


@given(
    st.lists(
        st.tuples(st.integers(0, 1000), st.integers(0, 1000)).map(sorted),
        min_size=1,
        max_size=3,
    )
)
def test_a_provinces_ratio_lies_between_its_communes_ratios_and_equals_the_ratio_of_sums(pairs):
    communes = [LAM_BINH, THUONG_LAM, MINH_QUANG][: len(pairs)]
    entries = {}
    for path, (on_time, handled) in zip(communes, pairs, strict=True):
        entries[("PROC_ON_TIME", path, "2025-09")] = on_time
        entries[("PROC_HANDLED", path, "2025-09")] = handled
    figures = evaluator(entries)
    province = figures.figure("PROC_ON_TIME_SHARE", TQ, P("2025-09")).value
    handled = sum(h for _, h in pairs)
    if handled == 0:
        assert province is None
        return
    assert province == D(sum(o for o, _ in pairs)) / D(handled) * 100
    shares = [figures.figure("PROC_ON_TIME_SHARE", c, P("2025-09")).value for c in communes]
    shares = [s for s in shares if s is not None]
    assert min(shares) <= province <= max(shares)
