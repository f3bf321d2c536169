from decimal import Decimal

import pytest

from steerco.indicators.numbers import parse_number
from steerco.indicators.validation import Counterpart, check_value

from .specs import spec

D = Decimal
HANDLED = spec("PROC_HANDLED")
SHARE = spec("REUSE", measure_unit="%", aggregation="mean")
CONNECTED = spec("FIBRE", measure_unit="yes/no")
GROWTH = spec("GRDP_GROWTH", measure_unit="%", min_value="-100")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1938", D(1938)),
        ("60.5", D("60.5")),
        ("98,6", D("98.6")),
        ("1.299.000", D(1299000)),
        ("1,299,000", D(1299000)),
        ("3.312,5", D("3312.5")),
        ("60%", D(60)),
        ("−2.1", D("-2.1")),
    ],
)
def test_numbers_as_people_type_them(text, number):
    assert parse_number(text) == number


def test_a_count_is_a_whole_number_at_least_zero():
    assert check_value(HANDLED, "120").value == 120
    assert check_value(HANDLED, "12.5").error == "12.5: a count is a whole number"
    assert "below 0" in check_value(HANDLED, "-1").error
    assert check_value(HANDLED, "many").error == "'many' is not a number"


def test_a_percent_lies_between_0_and_100_unless_its_definition_says_otherwise():
    assert check_value(SHARE, "60").value == 60
    assert "above 100" in check_value(SHARE, "101").error
    assert check_value(GROWTH, "-2.5").value == D("-2.5")


def test_yes_no_is_recorded_as_1_or_0():
    assert check_value(CONNECTED, "có").value == 1
    assert check_value(CONNECTED, "không").value == 0
    assert "not yes or no" in check_value(CONNECTED, "maybe").error


def test_a_numerator_above_its_denominator_is_refused():
    on_time = spec("PROC_ON_TIME")
    checked = check_value(on_time, "120", counterparts=(Counterpart("PROC_HANDLED", D(100), True),))
    assert checked.error == (
        "the numerator PROC_ON_TIME (120) is above its denominator PROC_HANDLED (100) "
        "for the same unit and period"
    )
    checked = check_value(HANDLED, "90", counterparts=(Counterpart("PROC_ON_TIME", D(95), False),))
    assert "below its numerator" in checked.error


def test_a_value_far_from_the_previous_period_is_a_warning_not_an_error():
    checked = check_value(HANDLED, "300", previous=D(100))
    assert checked.value == 300
    assert checked.warning == "300 is 200% above the previous period's 100; check it"
    assert check_value(HANDLED, "120", previous=D(100)).warning == ""


def test_a_computed_indicator_is_not_entered():
    ratio = spec("SHARE", kind="ratio", numerator="ON_TIME", denominator="HANDLED", factor="100")
    assert (
        check_value(ratio, "99").error
        == "SHARE is computed from ON_TIME and HANDLED; enter those instead"
    )
