from decimal import Decimal

from steerco.indicators.catalogue import (
    default_rollup,
    evaluation_order,
    graph_problems,
    spec_from_row,
)

from .specs import spec, specs

ROW = {
    "code": "FOREST_COVER",
    "name_vi": "Tỷ lệ che phủ rừng",
    "name_en": "Forest cover",
    "measure_unit": "%",
    "kind": "entered",
    "direction": "higher",
    "aggregation": "none",
    "period_type": "year",
}


def test_a_percent_measure_unit_makes_a_percent_kept_as_a_rate_by_default():
    forest, problems = spec_from_row(ROW)
    assert problems == []
    assert (forest.value_type, forest.rollup) == ("percent", "mean")


def test_flows_sum_stocks_and_cumulative_figures_take_the_last_rates_the_mean():
    assert default_rollup(kind="entered", value_type="count", cumulative=False) == "sum"
    assert default_rollup(kind="entered", value_type="amount", cumulative=True) == "last"
    assert default_rollup(kind="entered", value_type="percent", cumulative=False) == "mean"


def test_a_ratio_needs_both_parts_and_a_formula_needs_a_formula():
    _, problems = spec_from_row({**ROW, "kind": "ratio", "numerator": "A"})
    assert ("denominator", "a ratio needs a numerator and a denominator") in problems
    _, problems = spec_from_row({**ROW, "kind": "formula"})
    assert ("formula", "a formula indicator needs a formula") in problems


def test_bad_cells_are_each_named_by_their_column():
    _, problems = spec_from_row(
        {**ROW, "code": "1X", "kind": "computed", "factor": "abc", "levels": "province;village"}
    )
    assert {column for column, _ in problems} == {"code", "kind", "factor", "levels"}


def test_a_formula_is_parsed_at_definition_and_its_codes_extracted():
    rd = spec("RD_SHARE", kind="formula", formula="RD_SPENDING ÷ GRDP × 100")
    assert rd.dependencies == {"RD_SPENDING", "GRDP"}
    _, problems = spec_from_row({**ROW, "kind": "formula", "formula": "__import__('os')"})
    assert problems == [
        (
            "formula",
            "formula of FOREST_COVER: unknown function '__import__'; the functions are "
            "min, max, abs, if (at character 1)",
        )
    ]


def test_a_formula_reading_an_unknown_code_is_refused_naming_the_formula_and_the_code():
    catalogue = specs(spec("GRDP"), spec("RD_SHARE", kind="formula", formula="RD_SPENDING / GRDP"))
    assert graph_problems(catalogue) == [
        ("RD_SHARE", "formula", "formula of RD_SHARE: unknown indicator code RD_SPENDING")
    ]


def test_an_indicator_that_depends_on_itself_through_others_is_refused():
    catalogue = specs(
        spec("A", kind="formula", formula="B + 1"),
        spec("B", kind="ratio", numerator="C", denominator="A", factor="100"),
        spec("C"),
    )
    [(code, column, message)] = graph_problems(catalogue)
    assert code == "A"
    assert message == "A depends on itself: A → B → A"


def test_inputs_come_before_what_is_computed_from_them():
    catalogue = specs(
        spec("SHARE", kind="ratio", numerator="ON_TIME", denominator="HANDLED", factor="100"),
        spec("ON_TIME"),
        spec("HANDLED"),
        spec("GAP", kind="formula", formula="100 - SHARE"),
    )
    order = evaluation_order(catalogue)
    assert order.index("SHARE") > order.index("ON_TIME")
    assert order.index("GAP") > order.index("SHARE")
    assert catalogue["SHARE"].factor == Decimal(100)
