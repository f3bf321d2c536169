from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steerco.indicators.formula import FormulaError, dependencies, evaluate, parse

D = Decimal


def value(text, **values):
    return evaluate(parse(text), {k: D(str(v)) for k, v in values.items()}).value


def test_the_four_operations_in_the_usual_order_with_parentheses():
    assert value("1 + 2 * 3") == 7
    assert value("(1 + 2) * 3") == 9
    assert value("10 - 4 - 3") == 3
    assert value("24 / 4 / 2") == 3


def test_the_signs_officials_type_are_accepted_as_well_as_the_programmers():
    assert value("RD_SPENDING ÷ GDP × 100", RD_SPENDING=2, GDP=400) == D("0.5")
    assert value("A − B", A=5, B=7) == -2
    assert value("-A + +3", A=1) == 2


def test_min_max_abs_and_if_with_comparisons():
    assert value("min(A, B, 3)", A=5, B=4) == 3
    assert value("max(A, B)", A=5, B=4) == 5
    assert value("abs(A - B)", A=4, B=5) == 1
    assert value("if(A >= 60, 1, 0)", A=60) == 1
    assert value("if(A ≥ 60, 1, 0)", A=59.9) == 0
    assert value("IF(A != B, A, 0)", A=2, B=3) == 2


def test_a_formula_names_the_indicators_it_reads():
    assert dependencies(parse("if(ONTIME > 0, ONTIME / HANDLED * 100, max(X, 1))")) == {
        "ONTIME",
        "HANDLED",
        "X",
    }


def test_division_by_zero_gives_no_value_with_the_reason_not_a_crash():
    outcome = evaluate(parse("A / B * 100"), {"A": D(3), "B": D(0)})
    assert outcome.value is None
    assert outcome.reason == "division by zero"


def test_a_missing_input_gives_no_value_naming_the_indicator():
    outcome = evaluate(parse("A + B"), {"A": D(3), "B": None})
    assert (outcome.value, outcome.reason) == (None, "no value for B")


def test_only_the_branch_if_chooses_is_evaluated():
    assert value("if(B = 0, 0, A / B)", A=1, B=0) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os')", "unknown function '__import__'"),
        ("A.__class__", "unexpected '.'"),
        ("open(A)", "unknown function 'open'"),
        ("A +", "found the end"),
        ("(A + B", "expected ')'"),
        ("A B", "unexpected 'B' after a complete expression"),
        ("if(A, B)", "if() takes 3 argument"),
        ("2 ** 3", "found '*'"),
        ("lambda: 1", "unexpected ':'"),
        ("", "empty"),
        ("A; B", "unexpected ';'"),
    ],
)
def test_anything_outside_the_whitelist_is_refused_with_its_position(text, message):
    with pytest.raises(FormulaError, match="at character") as error:
        parse(text)
    assert message in str(error.value)


def test_a_formula_cannot_nest_without_limit():
    with pytest.raises(FormulaError, match="nested"):
        parse("(" * 100 + "1" + ")" * 100)
    with pytest.raises(FormulaError, match="nested"):
        parse("-" * 100 + "1")


@given(st.text(alphabet="AB01+-*/()<>=,× ÷minaxbsif", max_size=40))
def test_any_text_either_parses_or_is_refused_with_a_formula_error(text):
    try:
        tree = parse(text)
    except FormulaError:
        return
    evaluate(tree, {"A": D(1), "B": D(0)})
