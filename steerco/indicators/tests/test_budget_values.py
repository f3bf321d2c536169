"""The budget as indicators: allocated, disbursed and the disbursement rate of a unit by
month read the same numbers as the budget summary at the month's end (issue 21)."""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from steerco.budget.tests.rows import allocate, disburse
from steerco.indicators.budget_values import (
    ALLOCATED,
    DISBURSED,
    RATE,
    budget_indicators,
    budget_values_compute,
)
from steerco.indicators.figures import entry_indicators
from steerco.indicators.models import IndicatorValue
from steerco.lib.calendar_periods import parse_calendar_period
from tests.factories import make_directive, make_task, small_tree

pytestmark = pytest.mark.django_db
NOVEMBER_END = date(2025, 11, 30)


@pytest.fixture
def tree():
    return small_tree()


@pytest.fixture
def money(tree):
    """Tuyên Quang's department, commune and the province itself, and Cao Bằng, with money
    allocated and paid through the year; some of it after 30 November."""
    tq, cb = make_directive(tree.tuyen_quang), make_directive(tree.cao_bang)
    tasks = {
        "skhcn": make_task(tq, tree.tq_skhcn, reference="1"),
        "lam_binh": make_task(tq, tree.lam_binh, reference="2"),
        "province": make_task(tq, tree.tuyen_quang, reference="3"),
        "cao_bang": make_task(cb, tree.cb_skhcn, reference="1"),
    }
    allocate(tasks["skhcn"], 12_000_000_000, on=date(2025, 2, 10))
    allocate(tasks["lam_binh"], 900_000_000, on=date(2025, 3, 1), source="commune")
    allocate(tasks["province"], 900_000_000_000_000, on=date(2025, 4, 2), source="central")
    allocate(tasks["cao_bang"], 3_000_000_000, on=date(2025, 1, 20))
    allocate(tasks["skhcn"], 1_000_000_000, on=date(2025, 12, 5))  # after November
    disburse(tasks["skhcn"], 4_000_000_000, on=date(2025, 5, 15))
    disburse(tasks["skhcn"], 1_234_567_000, on=date(2025, 11, 30))  # on the last day counts
    disburse(tasks["lam_binh"], 300_000_000, on=date(2025, 10, 1), source="commune")
    disburse(tasks["province"], 123_456_789_012_345, on=date(2025, 9, 9), source="central")
    disburse(tasks["cao_bang"], 2_900_000_000, on=date(2025, 8, 8))
    disburse(tasks["cao_bang"], 50_000_000, on=date(2025, 12, 1))  # after November
    return tasks


def show(unit: str, code: str, period: str) -> dict:
    out = StringIO()
    call_command(
        "indicator",
        "show",
        "--unit",
        unit,
        "--indicator",
        code,
        "--period",
        period,
        "--json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def summary(unit: str, as_of: date) -> dict:
    out = StringIO()
    call_command(
        "budget",
        "summary",
        "--unit",
        unit,
        "--year",
        str(as_of.year),
        "--as-of",
        as_of.isoformat(),
        "--json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def one_decimal(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("unit", ["08", "04", "TW", "08-SKHCN", "02233"])
def test_a_units_november_indicators_equal_its_budget_summary_as_of_30_november(
    tree, money, unit
) -> None:
    budget_values_compute(period="2025-11")
    budget = summary(unit, NOVEMBER_END)
    allocated = show(unit, ALLOCATED, "2025-11")["value"]
    disbursed = show(unit, DISBURSED, "2025-11")["value"]
    rate = show(unit, RATE, "2025-11")["value"]
    assert (allocated, disbursed) == (budget["allocated"], budget["disbursed"])
    assert Decimal(str(rate)) == round(Decimal(100) * budget["disbursed"] / budget["allocated"], 6)
    assert one_decimal(rate) == budget["rate_percent"]


def test_amounts_above_a_million_billion_dong_are_recorded_to_the_dong(tree, money) -> None:
    allocate(money["province"], 100_000_000_000_001, on=date(2025, 5, 1), source="central")
    first = budget_values_compute(period="2025-11")
    allocated = 1_000_000_000_000_001 + 12_000_000_000 + 900_000_000
    if connection.vendor == "postgresql":  # SQLite's decimals are read with 15 digits
        value = IndicatorValue.objects.get(
            indicator__code=ALLOCATED, unit=tree.tuyen_quang, period="2025-11"
        ).value
        assert value == allocated == summary("08", NOVEMBER_END)["allocated"]
    # on either database, a second run finds every value already recorded
    assert budget_values_compute(period="2025-11").unchanged == first.recorded


def test_running_the_computation_twice_records_nothing_new(tree, money) -> None:
    first = budget_values_compute(period="2025-11")
    count = IndicatorValue.objects.count()
    second = budget_values_compute(period="2025-11")
    assert first.recorded > 0 and first.recorded == 2 * first.units
    assert (second.recorded, second.unchanged) == (0, first.recorded)
    assert IndicatorValue.objects.count() == count


def test_a_payment_recorded_later_adds_a_version_and_keeps_the_first(tree, money) -> None:
    budget_values_compute(period="2025-11")
    disburse(money["lam_binh"], 100_000_000, on=date(2025, 11, 20), source="commune")
    again = budget_values_compute(period="2025-11")
    versions = list(
        IndicatorValue.objects.filter(
            indicator__code=DISBURSED, unit=tree.lam_binh, period="2025-11"
        ).order_by("version")
    )
    assert [(v.version, v.value, v.source) for v in versions] == [
        (1, 300_000_000, "computed"),
        (2, 400_000_000, "computed"),
    ]
    # the commune and the units above it changed, nothing else: 08 and the centre
    assert again.recorded == 3


def test_the_rate_of_units_without_values_is_the_ratio_of_the_sums_below(tree, money) -> None:
    """The centre records nothing of its own here: its rate is its provinces' disbursed over
    their allocated, not the mean of the two provinces' rates."""
    budget_values_compute(period="2025-11", unit=tree.tuyen_quang)
    budget_values_compute(period="2025-11", unit=tree.cao_bang)
    centre = show("TW", RATE, "2025-11")
    assert centre["own"] is None
    allocated = 900_000_000_000_000 + 12_000_000_000 + 900_000_000 + 3_000_000_000
    disbursed = 123_456_789_012_345 + 4_000_000_000 + 1_234_567_000 + 300_000_000 + 2_900_000_000
    assert Decimal(str(centre["value"])) == round(Decimal(100) * disbursed / allocated, 6)
    provinces = [show(code, RATE, "2025-11")["value"] for code in ("08", "04")]
    assert centre["value"] != pytest.approx(sum(provinces) / 2)
    assert one_decimal(centre["value"]) == summary("TW", NOVEMBER_END)["rate_percent"]


def test_a_quarter_reads_its_last_month_not_the_sum_of_its_months(tree, money) -> None:
    for month in ("2025-10", "2025-11", "2025-12"):
        budget_values_compute(period=month)
    december = summary("08", date(2025, 12, 31))
    assert show("08", ALLOCATED, "2025-Q4")["value"] == december["allocated"]
    assert show("08", DISBURSED, "2025")["value"] == december["disbursed"]
    assert one_decimal(show("08", RATE, "2025-Q4")["value"]) == december["rate_percent"]


def test_a_month_not_over_is_computed_as_of_the_day_given(tree, money) -> None:
    result = budget_values_compute(period="2025-12", as_of=date(2025, 12, 3))
    assert result.as_of == date(2025, 12, 3)
    assert show("04", DISBURSED, "2025-12")["value"] == 2_950_000_000


def test_the_budget_indicators_have_vietnamese_names_and_are_not_entered_by_hand(tree) -> None:
    indicators = budget_indicators()
    assert [indicators[c].name_vi for c in (ALLOCATED, DISBURSED, RATE)] == [
        "Kinh phí đã phân bổ",
        "Kinh phí đã giải ngân",
        "Tỷ lệ giải ngân",
    ]
    assert indicators[RATE].kind == "ratio"
    entered = entry_indicators(tree.tuyen_quang, parse_calendar_period("2025-11"))
    assert not {i.code for i in entered} & {ALLOCATED, DISBURSED}


def test_the_command_computes_a_month_or_the_months_of_a_year_to_date(tree, money) -> None:
    out = StringIO()
    call_command("indicators", "budget", "--period", "2025", "--as-of", "2025-03-15", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines] == [
        "budget indicators 2025-01",
        "budget indicators 2025-02",
        "budget indicators 2025-03",
    ]
    assert "as of 2025-03-15" in lines[-1]
    with pytest.raises(CommandError, match="kept by month"):
        call_command("indicators", "budget", "--period", "2025-Q4")
