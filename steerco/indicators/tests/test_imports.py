import io

from openpyxl import Workbook

from steerco.indicators.imports import catalogue_load, targets_import, values_import
from steerco.indicators.models import Indicator, IndicatorValue, Target

from .conftest import SEED, csv_file

HEADER = "code,name_vi,name_en,measure_unit,kind,direction,aggregation,period_type,numerator,denominator,factor,formula"


def test_the_seed_catalogue_loads_and_loading_it_again_changes_nothing(catalogue):
    assert catalogue.created == 28
    share = Indicator.objects.get(code="PROC_ON_TIME_SHARE")
    assert (share.numerator.code, share.denominator.code, share.factor) == (
        "PROC_ON_TIME",
        "PROC_HANDLED",
        100,
    )
    rd = Indicator.objects.get(code="RD_SHARE_GRDP")
    assert set(rd.dependencies.values_list("code", flat=True)) == {"RD_SPENDING", "GRDP"}
    again = catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 28)


def test_a_changed_definition_is_updated_by_code(catalogue):
    data = csv_file(
        HEADER + "\nFOREST_COVER,Tỷ lệ che phủ rừng,Forest cover (%),%,entered,higher,none,year,,,,"
    )
    result = catalogue_load(name="c.csv", data=data, commit=True)
    assert (result.created, result.updated) == (0, 1)
    assert Indicator.objects.get(code="FOREST_COVER").name_en == "Forest cover (%)"


def test_bad_formulas_are_refused_with_their_row_and_nothing_is_written(db):
    data = csv_file(
        HEADER
        + "\nA,A,A,%,formula,higher,sum,year,,,,B + 1"
        + "\nB,B,B,%,formula,higher,sum,year,,,,A * 2"
        + "\nC,C,C,%,formula,higher,sum,year,,,,GRDPX / 2"
        + "\nD,D,D,%,formula,higher,sum,year,,,,__import__('os')"
    )
    result = catalogue_load(name="c.csv", data=data, commit=True)
    assert [(p.row, p.column, p.message) for p in result.rejected] == [
        (
            5,
            "formula",
            "formula of D: unknown function '__import__'; the functions are min, max, abs, if "
            "(at character 1)",
        ),
        (4, "formula", "formula of C: unknown indicator code GRDPX"),
        (2, "formula", "A depends on itself: A → B → A"),
    ]
    assert not result.committed
    assert not Indicator.objects.exists()


def test_a_file_without_the_required_columns_says_which_are_missing(db):
    result = catalogue_load(name="c.csv", data=b"code,name_vi\nA,A\n", commit=True)
    [problem] = result.rejected
    assert problem.message.startswith("missing column(s) name_en, measure_unit, kind")


def test_values_are_imported_all_or_nothing_with_located_problems(catalogue, tree):
    data = csv_file(
        """
unit,indicator,period,value
02233,PROC_HANDLED,2025-09,100
Xã Thượng Lâm,PROC_HANDLED,2025-09,50
02233,PROC_ON_TIME,2025-09,120
Xã Không Có,PROC_HANDLED,2025-09,1
02236,DATA_REUSE,2025-09,60
02236,PROC_HANDLED,2025-13,1
"""
    )
    result = values_import(name="v.csv", data=data, commit=True)
    assert [(p.row, p.column, p.value) for p in result.rejected] == [
        (5, "unit", "Xã Không Có"),
        (6, "period", "2025-09"),
        (7, "period", "2025-13"),
        (2, "value", "100"),
        (4, "value", "120"),
    ]
    assert "below its numerator PROC_ON_TIME (120)" in result.rejected[-2].message
    assert "above its denominator PROC_HANDLED (100)" in result.rejected[-1].message
    assert not IndicatorValue.objects.exists()


def test_a_values_workbook_imports_and_a_second_import_only_adds_what_changed(catalogue, tree):
    wb = Workbook()
    wb.active.append(["unit", "indicator", "period", "value"])
    wb.active.append(["02233", "PROC_HANDLED", "2025-09", 100])
    wb.active.append(["08", "BUDGET_REVENUE", "2025-09", 3312.5])
    out = io.BytesIO()
    wb.save(out)
    result = values_import(name="v.xlsx", data=out.getvalue(), commit=True)
    assert (result.created, result.rejected) == (2, [])
    data = csv_file(
        "unit,indicator,period,value\n02233,PROC_HANDLED,2025-09,100\n08,BUDGET_REVENUE,2025-09,3400"
    )
    result = values_import(name="v.csv", data=data, commit=True)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert IndicatorValue.objects.filter(indicator__code="BUDGET_REVENUE").count() == 2


def test_targets_import_with_a_baseline_and_replace_by_unit_indicator_period(catalogue, tree):
    data = csv_file(
        """
unit,indicator,period,target,baseline,baseline_period
TW,RD_SHARE_GRDP,2030,2,"0,5",2024
08,BUDGET_REVENUE,2025,2000,,
"""
    )
    result = targets_import(name="t.csv", data=data, commit=True)
    assert (result.created, result.rejected) == (2, [])
    rd = Target.objects.get(indicator__code="RD_SHARE_GRDP")
    assert (rd.baseline, rd.baseline_period) == (0.5, "2024")
    again = targets_import(name="t.csv", data=data.replace(b"2000", b"2100"), commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)


def test_a_target_for_a_period_shorter_than_the_indicators_is_refused(catalogue, tree):
    data = csv_file("unit,indicator,period,target\n08,FOREST_COVER,2025-09,60")
    [problem] = targets_import(name="t.csv", data=data, commit=True).rejected
    assert (problem.row, problem.column) == (2, "period")
    assert not Target.objects.exists()


def test_an_indicator_with_values_keeps_its_kind_and_period_type(catalogue, tree):
    values_import(
        name="v.csv",
        data=csv_file("unit,indicator,period,value\n08,FOREST_COVER,2025,60"),
        commit=True,
    )
    data = csv_file(
        HEADER + "\nFOREST_COVER,Tỷ lệ che phủ rừng,Forest cover,%,entered,higher,none,quarter,,,,"
    )
    [problem] = catalogue_load(name="c.csv", data=data, commit=True).rejected
    assert (problem.row, problem.column) == (2, "period_type")
    assert problem.message == "FOREST_COVER has 1 value(s) kept by year; it stays so"
