import io
import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from steerco.directives.models import TaskState
from steerco.intake.readers import IntakeFileError
from steerco.intake.sheets import (
    HEADER_ROW,
    LETTER,
    SHEET,
    SheetError,
    sheet_export,
    sheet_import,
    sheet_rebase,
)
from steerco.lib.spreadsheets import formula_safe
from steerco.progress.models import ProgressUpdate
from steerco.progress.services import progress_report, task_cancel
from tests.factories import make_directive, make_task

from . import builders

EXPORTED = date(2025, 9, 10)
REPORTED = date(2025, 9, 14)


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _on_the_reporting_day(time_machine):
    """Sheets come back on REPORTED: an update speaks for a day no later than the day it
    is recorded, and at most 45 days before it."""
    time_machine.move_to(
        datetime.combine(REPORTED, time(10), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )


@pytest.fixture
def tasks(tree):
    plan = make_directive(tree.tuyen_quang, symbol="02-KH/UBND")
    return {
        "platform": make_task(plan, tree.tq_skhcn, reference="I.1"),
        "training": make_task(
            plan, tree.tq_skhcn, reference="I.2", content='=HYPERLINK("http://x.example","bấm")'
        ),
        "regular": make_task(
            plan,
            tree.tq_skhcn,
            reference="I.3",
            recurring=True,
            cadence="quarter",
            deadline_text="Thường xuyên",
        ),
        "cancelled": make_task(plan, tree.tq_skhcn, reference="I.4"),
        "elsewhere": make_task(plan, tree.tq_stc, reference="I.5"),
    }


@pytest.fixture
def exported(tree, tasks):
    task_cancel(task=tasks["cancelled"], cancelled_on=date(2025, 2, 1), reason="Trùng nhiệm vụ I.1")
    return sheet_export(unit=tree.tq_skhcn, exported_on=EXPORTED)


def reports():
    return ProgressUpdate.objects.filter(kind="report")


def rows_by_reference(data):
    ws = load_workbook(io.BytesIO(data))[SHEET]
    return {ws[f"{LETTER['reference']}{r}"].value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}


def fill(data, edits):
    """edits: {reference: {column key: value}} -> the edited workbook's bytes."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    rows = {ws[f"{LETTER['reference']}{r}"].value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    for reference, values in edits.items():
        for key, value in values.items():
            ws[f"{LETTER[key]}{rows[reference]}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data, user=None, commit=True, reported_on=REPORTED):
    return sheet_import(
        name="tien-do.xlsx", data=data, reported_on=reported_on, user=user, commit=commit
    )


def test_export_lists_the_units_open_tasks_with_locked_identity_and_a_state_list(exported):
    wb = load_workbook(io.BytesIO(exported))
    ws = wb[SHEET]
    assert list(rows_by_reference(exported)) == ["I.1", "I.2", "I.3"]
    assert ws.protection.sheet
    assert ws.column_dimensions["A"].hidden
    row = HEADER_ROW + 1
    assert ws[f"{LETTER['content']}{row}"].protection.locked
    assert not ws[f"{LETTER['state']}{row}"].protection.locked
    assert not ws[f"{LETTER['done']}{row}"].protection.locked
    assert ws[f"{LETTER['state']}{row}"].value == "Chưa triển khai"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and "Đang thực hiện" in lists[0].formula1
    assert wb["steerco"].sheet_state == "hidden"


def test_export_never_lets_a_cell_start_a_formula(exported):
    ws = load_workbook(io.BytesIO(exported))[SHEET]
    cell = ws[f"{LETTER['content']}{HEADER_ROW + 2}"]
    assert cell.value == "'" + '=HYPERLINK("http://x.example","bấm")'
    assert cell.data_type == "s"
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert formula_safe(text).startswith("'")
    assert formula_safe("Xây dựng - triển khai") == "Xây dựng - triển khai"


def test_round_trip_records_one_update_per_changed_row(exported, tasks, people):
    data = fill(
        exported,
        {
            "I.1": {
                "state": "Đang thực hiện",
                "percent": 40,
                "done": "Đã khảo sát 12/20 cơ quan",
                "obstacles": "Thiếu kinh phí",
                "proposals": "Bổ sung kinh phí",
            },
            "I.3": {
                "done": "Duy trì vận hành",
                "product_symbol": "15/BC-SKHCN",
                "product_date": date(2025, 9, 12),
            },
        },
    )
    preview = upload(data, user=people.tq_dept_reporter, commit=False)
    assert (len(preview.updates), preview.unchanged, preview.rejected, preview.conflicts) == (
        2,
        1,
        [],
        [],
    )
    assert not reports().exists()

    result = upload(data, user=people.tq_dept_reporter)
    assert result.committed
    platform = tasks["platform"]
    platform.refresh_from_db()
    assert (platform.state, platform.percent, platform.last_reported_on) == (
        TaskState.IN_PROGRESS,
        40,
        REPORTED,
    )
    update = ProgressUpdate.objects.get(task=platform)
    assert update.done == "Đã khảo sát 12/20 cơ quan" and update.proposals == "Bổ sung kinh phí"
    assert update.author == people.tq_dept_reporter and update.unit.code == "08-SKHCN"
    regular = ProgressUpdate.objects.get(task=tasks["regular"])
    assert (regular.product_symbol, regular.product_date) == ("15/BC-SKHCN", date(2025, 9, 12))


def test_uploading_the_same_sheet_twice_records_nothing_more(exported, people):
    data = fill(exported, {"I.1": {"state": "Đang thực hiện", "percent": 40}})
    upload(data)
    again = upload(data)
    assert again.rejected == [] and again.conflicts == [] and not again.updates
    assert reports().count() == 1


def test_tasks_changed_since_export_are_conflicts_and_nothing_is_written(exported, tasks):
    progress_report(
        task=tasks["training"],
        reported_on=date(2025, 9, 11),
        state=TaskState.IN_PROGRESS,
        percent=10,
    )
    data = fill(
        exported,
        {
            "I.1": {"state": "Đang thực hiện", "percent": 40},
            "I.2": {"state": "Đang thực hiện", "percent": 30},
        },
    )
    result = upload(data)
    assert [(c.row, c.column) for c in result.conflicts] == [(HEADER_ROW + 2, LETTER["reference"])]
    assert "changed since the sheet was exported" in result.conflicts[0].message
    assert reports().count() == 1  # only the one made outside the sheet


def test_a_sheet_of_a_unit_the_uploader_does_not_report_for_is_refused(exported, people):
    data = fill(exported, {"I.1": {"state": "Đang thực hiện", "percent": 40}})
    with pytest.raises(SheetError, match="you do not report for Sở Khoa học và Công nghệ"):
        upload(data, user=people.commune_reporter)
    assert not reports().exists()


def test_the_hidden_unit_cell_must_name_the_unit_reported_for(exported, tree, people):
    wb = load_workbook(io.BytesIO(exported))
    wb["steerco"]["B2"] = "08-STC"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(SheetError, match=r"'08-STC' \(hidden sheet “steerco”, cell B2\)"):
        sheet_import(
            name="tien-do.xlsx",
            data=out.getvalue(),
            reported_on=REPORTED,
            unit=tree.tq_skhcn,
            user=people.tq_dept_reporter,
        )
    with pytest.raises(SheetError, match="cell B2"):
        sheet_rebase(
            name="tien-do.xlsx", data=out.getvalue(), exported_on=REPORTED, unit=tree.tq_skhcn
        )


def test_even_the_operators_command_takes_only_the_sheets_own_tasks(exported, tasks):
    data = fill(exported, {"I.1": {"id": tasks["elsewhere"].pk, "percent": 40}})
    result = upload(data)
    assert "not a task of the exported sheet" in result.rejected[0].message
    assert not reports().exists()


def test_a_row_of_a_task_completed_since_export_writes_nothing(exported, tasks):
    progress_report(
        task=tasks["platform"],
        reported_on=date(2025, 9, 11),
        state=TaskState.COMPLETED,
        percent=100,
    )
    data = fill(exported, {"I.1": {"percent": 40}, "I.2": {"percent": 10}})
    result = upload(data)
    assert [c.row for c in result.conflicts] == [HEADER_ROW + 1]
    assert reports().count() == 1


@pytest.mark.parametrize(
    ("edits", "column", "fragment"),
    [
        ({"I.1": {"percent": 150}}, "percent", "whole number from 0 to 100"),
        ({"I.1": {"percent": "nhiều"}}, "percent", "whole number"),
        ({"I.1": {"state": "Tạm dừng"}}, "state", "expected one of"),
        ({"I.1": {"state": "Đã hoàn thành", "percent": 80}}, "percent", "100%"),
        ({"I.3": {"state": "Đã hoàn thành"}}, "state", "recurring"),
        ({"I.1": {"product_date": "hôm qua"}}, "product_date", "expected a date"),
        ({"I.1": {"done": "x" * 5000}}, "done", "the limit is"),
    ],
)
def test_bad_cells_are_located_and_nothing_is_written(exported, edits, column, fragment):
    data = fill(exported, {**edits, "I.2": {"state": "Đang thực hiện", "percent": 5}})
    result = upload(data)
    assert not result.committed
    problem = result.rejected[0]
    assert (problem.sheet, problem.column) == (SHEET, LETTER[column])
    assert fragment in problem.message
    assert not reports().exists()


def test_update_dated_before_the_latest_one_is_refused(exported, tasks):
    data = fill(exported, {"I.1": {"state": "Đang thực hiện", "percent": 40}})
    result = upload(data, reported_on=date(2025, 1, 2))
    assert "before the task was assigned" in result.rejected[0].message


def test_added_rows_are_refused(exported):
    wb = load_workbook(io.BytesIO(exported))
    ws = wb[SHEET]
    ws.append([None, None, "02-KH/UBND", "I.9", "Nhiệm vụ tự thêm", "", "", "Đang thực hiện", 10])
    out = io.BytesIO()
    wb.save(out)
    result = upload(out.getvalue())
    assert "not a task of the exported sheet" in result.rejected[0].message


def test_a_plan_workbook_is_not_a_progress_sheet(tree):
    with pytest.raises(SheetError, match="not a steerco progress sheet"):
        upload(builders.xlsx_bytes())
    with pytest.raises(IntakeFileError, match="not an .xlsx file"):
        upload(builders.docx_bytes())


def test_commands_export_then_import(exported, tree, tasks, people, tmp_path, capsys):
    path = tmp_path / "skhcn.xlsx"
    call_command("sheet", "export", "--unit", "08-SKHCN", "-o", str(path))
    assert "wrote the progress sheet" in capsys.readouterr().out
    path.write_bytes(fill(path.read_bytes(), {"I.1": {"state": "Đang thực hiện", "percent": 60}}))
    call_command("sheet", "import", str(path), "--json", "--as-of", "2025-09-14")
    assert json.loads(capsys.readouterr().out)["updates"] == 1
    assert not reports().exists()
    call_command(
        "sheet", "import", str(path), "--commit", "--as-of", "2025-09-14", "--user", "tq-skhcn"
    )
    assert "1 update(s)" in capsys.readouterr().out
    assert reports().get().percent == 60


def test_command_import_exits_non_zero_on_problems(exported, tmp_path, capsys):
    path = tmp_path / "skhcn.xlsx"
    path.write_bytes(fill(exported, {"I.1": {"percent": 101}}))
    with pytest.raises(CommandError, match="nothing written"):
        call_command("sheet", "import", str(path), "--commit", "--json", "--as-of", "2025-09-14")
    assert json.loads(capsys.readouterr().out)["rejected"][0]["column"] == LETTER["percent"]


def test_a_fresh_sheet_after_conflicts_keeps_every_entry_and_flags_the_changed_rows(
    exported, tasks
):
    progress_report(
        task=tasks["training"],
        reported_on=date(2025, 9, 11),
        state=TaskState.IN_PROGRESS,
        percent=10,
    )
    data = fill(
        exported,
        {
            "I.1": {"state": "Đang thực hiện", "percent": 40, "done": "Đã khảo sát"},
            "I.2": {"state": "Đang thực hiện", "percent": 30, "obstacles": "=thiếu người"},
        },
    )
    assert upload(data, commit=False).conflicts
    fresh = sheet_rebase(name="tien-do.xlsx", data=data, exported_on=REPORTED)
    ws = load_workbook(io.BytesIO(fresh))[SHEET]
    rows = rows_by_reference(fresh)
    assert ws[f"{LETTER['done']}{rows['I.1']}"].value == "Đã khảo sát"
    assert ws[f"{LETTER['percent']}{rows['I.2']}"].value == 30
    assert ws[f"{LETTER['obstacles']}{rows['I.2']}"].value is None  # a formula has no value to keep
    assert ws[f"{LETTER['reference']}{rows['I.2']}"].comment is not None
    assert ws[f"{LETTER['reference']}{rows['I.1']}"].comment is None
    result = upload(fresh)
    assert result.committed and len(result.updates) == 2


def test_a_forged_row_for_a_task_no_longer_open_is_refused(exported, tasks):
    from steerco.intake.sheets import _stamp

    cancelled = tasks["cancelled"]
    cancelled.refresh_from_db()
    latest = cancelled.updates.order_by("-id").values_list("id", flat=True).first()
    data = fill(
        exported, {"I.1": {"id": cancelled.pk, "stamp": _stamp(cancelled, latest), "percent": 5}}
    )
    result = upload(data)
    assert "completed or cancelled" in result.rejected[0].message
    assert not reports().exists()


def test_command_import_with_conflicts_can_write_a_fresh_sheet(exported, tasks, tmp_path):
    progress_report(
        task=tasks["training"], reported_on=date(2025, 9, 11), state=TaskState.IN_PROGRESS
    )
    path, fresh = tmp_path / "skhcn.xlsx", tmp_path / "moi.xlsx"
    path.write_bytes(fill(exported, {"I.2": {"percent": 30, "done": "Đã tập huấn"}}))
    with pytest.raises(CommandError, match="nothing written"):
        call_command("sheet", "import", str(path), "--as-of", "2025-09-14")
    with pytest.raises(CommandError, match="nothing written"):
        call_command("sheet", "import", str(path), "--as-of", "2025-09-14", "--rebase", str(fresh))
    ws = load_workbook(fresh)[SHEET]
    assert ws[f"{LETTER['done']}{rows_by_reference(fresh.read_bytes())['I.2']}"].value == (
        "Đã tập huấn"
    )
