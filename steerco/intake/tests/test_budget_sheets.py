"""The disbursement sheet's round trip: export a unit's tasks with money, fill in the
payments, preview, commit — once, however often the same sheet comes back."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from steerco.budget.models import Disbursement
from steerco.budget.services import allocation_record
from steerco.intake.budget_sheet_import import BudgetSheetError, budget_sheet_import
from steerco.intake.budget_sheets import COLUMNS, HEADER_ROW, META, SHEET, budget_sheet_export
from tests.factories import make_directive, make_task

TODAY = date(2025, 11, 20)
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}


@pytest.fixture
def tasks(tree):
    plan = make_directive(tree.tuyen_quang)
    first = make_task(plan, tree.tq_skhcn, reference="1", content='=HYPERLINK("http://x")')
    second = make_task(plan, tree.tq_skhcn, reference="2")
    for task, amount in ((first, 1_000_000_000), (second, 10**15)):
        allocation_record(
            task=task,
            source="provincial",
            year=2025,
            decision_symbol="12/QĐ-UBND",
            decided_on=date(2025, 3, 15),
            amount=amount,
            today=TODAY,
        )
    return first, second


def filled(
    data: bytes, rows: dict[int, dict[str, object]], meta: dict[str, str] | None = None
) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    for offset, values in rows.items():
        for key, value in values.items():
            ws.cell(HEADER_ROW + offset, COL[key], value)
    for row in wb[META].iter_rows():
        if meta and row[0].value in meta:
            row[1].value = meta[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def imported(data: bytes, unit, *, commit: bool):  # type: ignore[no-untyped-def]
    return budget_sheet_import(
        name="giai-ngan.xlsx", data=data, unit=unit, commit=commit, today=TODAY
    )


def test_a_sheet_filled_in_and_uploaded_twice_pays_once(tree, tasks):
    first, second = tasks
    sheet = budget_sheet_export(unit=tree.tq_skhcn, year=2025, exported_on=TODAY)
    data = filled(
        sheet,
        {
            1: {"amount": "300 triệu", "paid_on": "15/06/2025", "voucher": "PC-15"},
            2: {"amount": 999_999_999_999_999, "paid_on": "01/07/2025", "voucher": "PC-16"},
        },
    )
    preview = imported(data, tree.tq_skhcn, commit=False)
    assert not preview.rejected and len(preview.payments) == 2
    assert not Disbursement.objects.exists()

    result = imported(data, tree.tq_skhcn, commit=True)
    assert result.committed
    assert sorted(Disbursement.objects.values_list("task_id", "amount")) == sorted(
        [(first.pk, 300_000_000), (second.pk, 999_999_999_999_999)]
    )
    again = imported(data, tree.tq_skhcn, commit=True)
    assert not again.payments and len(again.already) == 2
    assert Disbursement.objects.count() == 2
    # The next export shows what was paid.
    ws = load_workbook(
        io.BytesIO(budget_sheet_export(unit=tree.tq_skhcn, year=2025, exported_on=TODAY))
    )[SHEET]
    assert ws.cell(HEADER_ROW + 1, COL["disbursed"]).value == 300_000_000


def test_a_payment_beyond_the_allocation_is_refused_by_row_and_column_and_nothing_is_paid(
    tree, tasks
):
    sheet = budget_sheet_export(unit=tree.tq_skhcn, year=2025, exported_on=TODAY)
    data = filled(
        sheet,
        {
            1: {"amount": "2 tỷ", "paid_on": "15/06/2025", "voucher": "PC-15"},
            2: {"amount": "1.000", "paid_on": "31/02/2025", "voucher": "PC-16"},
        },
    )
    result = imported(data, tree.tq_skhcn, commit=True)
    where = {(p.row, p.column) for p in result.rejected}
    assert where == {(HEADER_ROW + 2, "I")}  # the impossible date, found before writing
    data = filled(
        sheet,
        {
            1: {"amount": "2 tỷ", "paid_on": "15/06/2025", "voucher": "PC-15"},
            2: {"amount": "1.000", "paid_on": "16/06/2025", "voucher": "PC-16"},
        },
    )
    result = imported(data, tree.tq_skhcn, commit=True)
    assert [(p.row, p.column) for p in result.rejected] == [(HEADER_ROW + 1, "H")]
    assert not result.committed and not Disbursement.objects.exists()


def test_tampered_hidden_cells_are_refused(tree, tasks):
    sheet = budget_sheet_export(unit=tree.tq_skhcn, year=2025, exported_on=TODAY)
    with pytest.raises(BudgetSheetError, match="hidden cells were changed"):
        imported(filled(sheet, {}, meta={"unit": tree.cb_skhcn.code}), tree.cb_skhcn, commit=True)
    # A row key copied from another unit's sheet (or edited) is not one of this sheet's rows.
    ws = load_workbook(io.BytesIO(sheet))[SHEET]
    key = ws.cell(HEADER_ROW + 1, COL["key"]).value
    forged = key.replace(f":{tasks[0].pk}:", f":{tasks[1].pk}:")
    data = filled(sheet, {1: {"key": forged, "amount": 5, "paid_on": "15/06/2025", "voucher": "X"}})
    result = imported(data, tree.tq_skhcn, commit=True)
    assert [(p.row, p.column) for p in result.rejected] == [(HEADER_ROW + 1, "A")]
    # Another unit's uploader is refused before any row is read.
    with pytest.raises(BudgetSheetError):
        imported(sheet, tree.cb_skhcn, commit=True)


def test_task_text_starting_a_formula_stays_text(tree, tasks):
    ws = load_workbook(
        io.BytesIO(budget_sheet_export(unit=tree.tq_skhcn, year=2025, exported_on=TODAY))
    )[SHEET]
    assert ws.cell(HEADER_ROW + 1, COL["content"]).value == '\'=HYPERLINK("http://x")'
    assert ws.protection.sheet


def test_the_command_line_round_trip(tree, tasks, tmp_path, time_machine):
    time_machine.move_to(TODAY)
    path = tmp_path / "giai-ngan.xlsx"
    call_command(
        "sheet",
        "budget-export",
        "--unit",
        "08-SKHCN",
        "--year",
        "2025",
        "-o",
        str(path),
        stdout=io.StringIO(),
    )
    path.write_bytes(
        filled(
            path.read_bytes(),
            {1: {"amount": "1,5 triệu", "paid_on": "15/06/2025", "voucher": "PC-1"}},
        )
    )
    out = io.StringIO()
    call_command("sheet", "budget-import", str(path), "--json", stdout=out)
    assert '"committed": false' in out.getvalue() and not Disbursement.objects.exists()
    call_command("sheet", "budget-import", str(path), "--commit", stdout=io.StringIO())
    assert Disbursement.objects.get().amount == 1_500_000
    path.write_bytes(
        filled(
            path.read_bytes(), {2: {"amount": "abc", "paid_on": "15/06/2025", "voucher": "PC-2"}}
        )
    )
    with pytest.raises(CommandError, match="1 problem"):
        call_command("sheet", "budget-import", str(path), "--commit", stdout=io.StringIO())
