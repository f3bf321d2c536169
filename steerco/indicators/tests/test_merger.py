"""Across the merger of 1 July 2025: periods before it roll up from the former provinces."""

from datetime import date
from decimal import Decimal

import pytest

from steerco.indicators.models import Indicator
from steerco.indicators.problems import IndicatorError
from steerco.indicators.selectors import unit_figure
from steerco.indicators.services import value_record
from steerco.lib.calendar_periods import parse_calendar_period as P
from steerco.units.models import Unit, UnitKind
from steerco.units.services import unit_create


def record(unit, code, period, value):
    value_record(unit=unit, indicator=Indicator.objects.get(code=code), period=period, value=value)


def value(unit, code, period):
    return unit_figure(
        unit=unit, indicator=Indicator.objects.get(code=code), period=P(period)
    ).as_dict()


def former(code, name, successor):
    unit = unit_create(
        code=f"old-{code}",
        name=f"{name} (đến 30/6/2025)",
        kind=UnitKind.FORMER_PROVINCE,
        parent=successor,
    )
    Unit.objects.filter(pk=unit.pk).update(ended_on=date(2025, 6, 30), successor=successor)
    return Unit.objects.get(pk=unit.pk)


@pytest.fixture
def merged(tree):
    """Tuyên Quang (08) since 1 July 2025: the former Tuyên Quang and the former Hà Giang."""
    return former("08", "Tuyên Quang", tree.tuyen_quang), former("02", "Hà Giang", tree.tuyen_quang)


def test_tuyen_quangs_2024_budget_revenue_is_the_sum_of_former_tuyen_quangs_and_ha_giangs(
    catalogue, tree, merged
):
    old_tq, old_hg = merged
    record(old_tq, "BUDGET_REVENUE", "2024-12", "2900")
    record(old_hg, "BUDGET_REVENUE", "2024-12", "2100")
    figure = value(tree.tuyen_quang, "BUDGET_REVENUE", "2024")
    assert (figure["value"], figure["own"], figure["reported"], figure["expected"]) == (
        5000,
        None,
        2,
        2,
    )


def test_a_ratio_before_the_merger_is_the_ratio_of_the_former_provinces_sums(
    catalogue, tree, merged
):
    old_tq, old_hg = merged
    for unit, total, fibre in ((old_tq, "100", "100"), (old_hg, "300", "150")):
        record(unit, "COMMUNES_TOTAL", "2024-Q4", total)
        record(unit, "FIBRE_COMMUNES", "2024-Q4", fibre)
    assert value(tree.tuyen_quang, "FIBRE_SHARE", "2024-Q4")["value"] == 62.5  # 250 of 400


def test_a_trend_crosses_the_merger_a_year_spanning_it_sums_both_sides(catalogue, tree, merged):
    old_tq, old_hg = merged
    record(old_tq, "PROC_RECEIVED", "2025-06", "40")
    record(old_hg, "PROC_RECEIVED", "2025-06", "60")
    record(tree.tuyen_quang, "PROC_RECEIVED", "2025-07", "120")
    assert value(tree.tuyen_quang, "PROC_RECEIVED", "2025-06")["value"] == 100
    assert value(tree.tuyen_quang, "PROC_RECEIVED", "2025-07")["value"] == 120
    year = value(tree.tuyen_quang, "PROC_RECEIVED", "2025")
    assert (year["value"], year["reported"], year["expected"]) == (220, 0, 2)  # its communes


def test_the_provinces_own_entry_before_the_merger_wins_over_the_predecessors(
    catalogue, tree, merged
):
    old_tq, old_hg = merged
    record(old_tq, "GRDP", "2024", "40000")
    record(old_hg, "GRDP", "2024", "30000")
    record(tree.tuyen_quang, "GRDP", "2024", "71000")  # revised by the new province
    assert value(tree.tuyen_quang, "GRDP", "2024")["value"] == 71000


def test_former_provinces_count_in_no_aggregate_after_the_merger(catalogue, tree, merged):
    old_tq, _ = merged
    record(old_tq, "PROC_RECEIVED", "2025-03", "40")
    record(tree.lam_binh, "PROC_RECEIVED", "2025-09", "7")
    figure = value(tree.tuyen_quang, "PROC_RECEIVED", "2025-09")
    assert (figure["value"], figure["expected"]) == (7, 2)  # its two communes, no former province
    assert value(old_tq, "PROC_RECEIVED", "2025-03")["value"] == 40


def test_a_former_province_takes_no_value_after_it_ended(catalogue, tree, merged):
    old_tq, _ = merged
    with pytest.raises(IndicatorError, match="ended on 30/06/2025.*enter it on 08"):
        record(old_tq, "BUDGET_REVENUE", "2025-07", "10")
    record(old_tq, "BUDGET_REVENUE", "2025-06", Decimal("10"))
