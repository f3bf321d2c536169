"""A unit's indicator values for a period as a locked sheet: out, filled in, back in."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from steerco.indicators.imports import catalogue_load
from steerco.indicators.models import Indicator, IndicatorValue, ValueSource
from steerco.indicators.tests.conftest import SEED
from steerco.intake.value_sheets import (
    COLUMNS,
    HEADER_ROW,
    LETTER,
    META,
    SHEET,
    ValueSheetError,
    value_sheet_export,
    value_sheet_import,
)
from steerco.lib.calendar_periods import parse_calendar_period as P

DAY = date(2025, 10, 20)
SEPT = P("2025-09")
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}


@pytest.fixture
def catalogue(db):
    """The seeds' indicators, loaded from the shipped fixture."""
    catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)


def filled(unit, period=SEPT, *, values=None, comments=None, meta=None, extra_row=None) -> bytes:
    """The unit's exported sheet with `values` / `comments` (by code) typed in, hidden
    entries overwritten by `meta`, and `extra_row` appended below."""
    book = load_workbook(io.BytesIO(value_sheet_export(unit=unit, period=period, exported_on=DAY)))
    sheet = book[SHEET]
    last = HEADER_ROW
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        code = sheet.cell(row, COL["code"]).value
        last = row
        if code in (values or {}):
            sheet.cell(row, COL["value"], values[code])
        if code in (comments or {}):
            sheet.cell(row, COL["comment"], comments[code])
    if extra_row:
        for key, value in extra_row.items():
            sheet.cell(last + 1, COL[key], value)
    for cells in book[META].iter_rows():
        if cells[0].value in (meta or {}):
            cells[1].value = meta[cells[0].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(data: bytes, code: str) -> int:
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    return next(
        r for r in range(HEADER_ROW + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == code
    )


def test_the_sheet_lists_the_units_indicators_for_the_period_locked_but_value_and_comment(
    catalogue, tree
):
    book = load_workbook(
        io.BytesIO(value_sheet_export(unit=tree.lam_binh, period=SEPT, exported_on=DAY))
    )
    sheet = book[SHEET]
    codes = [sheet.cell(r, 1).value for r in range(HEADER_ROW + 1, sheet.max_row + 1)]
    assert "PROC_HANDLED" in codes and "BUDGET_REVENUE" not in codes  # a province's
    assert sheet.protection.sheet
    row = HEADER_ROW + 1
    locked = {c.key: sheet.cell(row, COL[c.key]).protection.locked for c in COLUMNS}
    assert locked == {
        "code": True,
        "name": True,
        "measure_unit": True,
        "period": True,
        "value": False,
        "comment": False,
    }
    assert book[META].sheet_state == "hidden"
    meta = {r[0].value: r[1].value for r in book[META].iter_rows()}
    assert (meta["unit"], meta["period"]) == ("02233", "2025-09")


def test_a_value_typed_into_the_downloaded_sheet_is_recorded_for_the_unit_and_period_of_the_sheet(
    catalogue, tree, people
):
    data = filled(
        tree.lam_binh, values={"PROC_HANDLED": 120}, comments={"PROC_HANDLED": "theo sổ thống kê"}
    )
    result = value_sheet_import(
        name="v.xlsx",
        data=data,
        unit=tree.lam_binh,
        period=SEPT,
        user=people.commune_reporter,
        commit=True,
    )
    assert result.rejected == [] and result.committed
    assert result.recorded == ["PROC_HANDLED"]
    value = IndicatorValue.objects.get(unit=tree.lam_binh, indicator__code="PROC_HANDLED")
    assert (value.period, value.value, value.source) == ("2025-09", 120, ValueSource.IMPORTED)
    assert value.comment == "theo sổ thống kê"


def test_without_commit_nothing_is_written(catalogue, tree):
    data = filled(tree.lam_binh, values={"PROC_HANDLED": 120})
    result = value_sheet_import(name="v.xlsx", data=data, unit=tree.lam_binh, period=SEPT)
    assert result.recorded == ["PROC_HANDLED"] and not result.committed
    assert not IndicatorValue.objects.exists()


def test_uploading_the_same_sheet_twice_records_each_value_once(catalogue, tree):
    data = filled(tree.lam_binh, values={"PROC_HANDLED": 120})
    value_sheet_import(name="v.xlsx", data=data, unit=tree.lam_binh, period=SEPT, commit=True)
    again = value_sheet_import(
        name="v.xlsx", data=data, unit=tree.lam_binh, period=SEPT, commit=True
    )
    assert (again.recorded, again.unchanged) == ([], ["PROC_HANDLED"])
    assert IndicatorValue.objects.count() == 1


def test_a_sheet_whose_hidden_unit_names_another_province_is_refused_naming_the_cell(
    catalogue, tree, people
):
    data = filled(tree.tuyen_quang, values={"BUDGET_REVENUE": 10}, meta={"unit": "04"})
    with pytest.raises(ValueSheetError, match=r"'04' \(hidden sheet “steerco”, cell B2\)"):
        value_sheet_import(
            name="v.xlsx",
            data=data,
            unit=tree.tuyen_quang,
            period=SEPT,
            user=people.tq_manager,
            commit=True,
        )
    assert not IndicatorValue.objects.exists()


def test_a_sheet_of_another_period_than_the_one_chosen_is_refused_naming_the_cell(catalogue, tree):
    data = filled(tree.lam_binh, values={"PROC_HANDLED": 1})
    with pytest.raises(ValueSheetError, match=r"'2025-09' \(hidden sheet “steerco”, cell B3\)"):
        value_sheet_import(
            name="v.xlsx", data=data, unit=tree.lam_binh, period=P("2025-08"), commit=True
        )


def test_someone_who_does_not_report_for_the_unit_is_refused_before_the_file_is_read(
    catalogue, tree, people
):
    with pytest.raises(ValueSheetError, match="you do not report for Xã Lâm Bình"):
        value_sheet_import(
            name="v.xlsx", data=b"not a workbook", unit=tree.lam_binh, user=people.cb_manager
        )


def test_a_bad_value_refuses_the_whole_sheet_and_names_row_and_column(catalogue, tree):
    data = filled(tree.lam_binh, values={"PROC_HANDLED": 120, "PROC_ON_TIME": "nhiều"})
    result = value_sheet_import(
        name="v.xlsx", data=data, unit=tree.lam_binh, period=SEPT, commit=True
    )
    assert not result.committed and not IndicatorValue.objects.exists()
    [problem] = result.rejected
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        SHEET,
        row_of(data, "PROC_ON_TIME"),
        LETTER["value"],
        "nhiều",
    )


def test_an_added_row_of_an_indicator_not_on_the_sheet_is_refused(catalogue, tree):
    data = filled(
        tree.lam_binh,
        values={"PROC_HANDLED": 120},
        extra_row={"code": "BUDGET_REVENUE", "period": "2025-09", "value": 5},
    )
    result = value_sheet_import(
        name="v.xlsx", data=data, unit=tree.lam_binh, period=SEPT, commit=True
    )
    assert [(p.column, p.value) for p in result.rejected] == [("A", "BUDGET_REVENUE")]
    assert not IndicatorValue.objects.exists()


def test_the_command_writes_and_reads_a_units_sheet(catalogue, tree, tmp_path):
    out = tmp_path / "v.xlsx"
    call_command(
        "values", "sheet", "export", "--unit", "02233", "--period", "2025-09", "-o", str(out)
    )
    book = load_workbook(out)
    for r in range(HEADER_ROW + 1, book[SHEET].max_row + 1):
        if book[SHEET].cell(r, 1).value == "PROC_HANDLED":
            book[SHEET].cell(r, COL["value"], 77)
    book.save(out)
    stdout = io.StringIO()
    call_command(
        "values",
        "sheet",
        "import",
        str(out),
        "--unit",
        "02233",
        "--commit",
        "--json",
        stdout=stdout,
    )
    assert json.loads(stdout.getvalue())["recorded"] == ["PROC_HANDLED"]
    assert IndicatorValue.objects.get().value == 77
    with pytest.raises(CommandError, match="cell B2"):
        call_command("values", "sheet", "import", str(out), "--unit", "02236", stdout=io.StringIO())


def test_the_sheet_shows_the_latest_value_and_sending_it_back_unchanged_records_nothing(
    catalogue, tree
):
    first = filled(tree.lam_binh, values={"PROC_HANDLED": "125"})
    done = value_sheet_import(
        name="v.xlsx", data=first, unit=tree.lam_binh, period=SEPT, commit=True
    )
    assert done.committed
    again = filled(tree.lam_binh)  # a fresh download, nothing typed
    sheet = load_workbook(io.BytesIO(again))[SHEET]
    assert float(sheet.cell(row_of(again, "PROC_HANDLED"), COL["value"]).value) == 125
    result = value_sheet_import(
        name="v.xlsx", data=again, unit=tree.lam_binh, period=SEPT, commit=True
    )
    assert (result.recorded, result.unchanged) == ([], ["PROC_HANDLED"])


def test_text_that_would_start_a_formula_is_written_as_text(catalogue, tree):
    Indicator.objects.filter(code="PROC_HANDLED").update(name_vi='=HYPERLINK("http://x")')
    data = value_sheet_export(unit=tree.lam_binh, period=SEPT, exported_on=DAY)
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    name = sheet.cell(row_of(data, "PROC_HANDLED"), COL["name"]).value
    assert name == '\'=HYPERLINK("http://x")'
