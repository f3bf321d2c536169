"""The intake pages and command as a user meets them (issue 15, item 12): the sheet page
offers a province manager its departments and communes through the unit picker, the
previews show every column that will be written, the sheet's states are the web form's
words, and the command names the page's choice after conflicts."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from steerco.directives.models import TaskState
from steerco.intake.sheets import HEADER_ROW, LETTER, SHEET, STATE_LABELS
from steerco.progress.services import progress_report
from tests.factories import make_directive, make_task

from . import builders


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_sheet_page_offers_a_province_manager_its_departments_and_communes(client, tq, people):
    client.force_login(people.tq_manager)
    page = client.get(reverse("intake:sheets")).content.decode()
    for name, code in [("Sở Khoa học và Công nghệ", "08-SKHCN"), ("Xã Lâm Bình", "02233")]:
        assert f'<option value="{name}">{code}</option>' in page
    # A name typed without diacritics downloads that unit's sheet; one that names nothing
    # is an error on the field.
    response = client.get(reverse("intake:sheets"), {"unit": "xa lam binh"})
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:sheet_export", args=["02233"])
    wrong = client.get(reverse("intake:sheets"), {"unit": "Xã Không Có"})
    assert wrong.status_code == 400 and "Xã Không Có" in wrong.content.decode()


def test_the_sheet_states_are_the_web_forms_words():
    with translation.override("vi"):
        assert STATE_LABELS == {state: capfirst(str(state.label)) for state in TaskState}


def _stale_sheet(client, tq, people) -> bytes:  # type: ignore[no-untyped-def]
    plan = make_directive(tq.tuyen_quang, symbol="02-KH/UBND")
    task = make_task(plan, tq.tq_skhcn, reference="I.1")
    client.force_login(people.tq_dept_reporter)
    exported = client.get(reverse("intake:sheet_export", args=["08-SKHCN"])).content
    progress_report(
        task=task,
        reported_on=date(2025, 9, 1),
        state=TaskState.IN_PROGRESS,
        percent=10,
        recorded_at=datetime(2025, 9, 1, 3, tzinfo=UTC),
    )
    wb = load_workbook(io.BytesIO(exported))
    ws = wb[SHEET]
    ws[f"{LETTER['done']}{HEADER_ROW + 1}"] = "Đã làm xong bước 1"
    ws[f"{LETTER['obstacles']}{HEADER_ROW + 1}"] = "Thiếu kinh phí"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_stale_sheet_command_names_the_pages_choice_and_takes_it(client, tq, people, tmp_path):
    path, fresh = tmp_path / "cu.xlsx", tmp_path / "moi.xlsx"
    path.write_bytes(_stale_sheet(client, tq, people))
    with pytest.raises(CommandError, match="--rebase NEW.xlsx for a fresh sheet"):
        call_command("sheet", "import", str(path), "--user", "tq-skhcn")
    with pytest.raises(CommandError, match="nothing written$"):
        call_command("sheet", "import", str(path), "--user", "tq-skhcn", "--rebase", str(fresh))
    ws = load_workbook(fresh)[SHEET]
    assert ws[f"{LETTER['obstacles']}{HEADER_ROW + 1}"].value == "Thiếu kinh phí"


def test_the_sheet_preview_shows_obstacles_and_proposals(client, tq, people):
    plan = make_directive(tq.tuyen_quang, symbol="02-KH/UBND")
    make_task(plan, tq.tq_skhcn, reference="I.1")
    client.force_login(people.tq_dept_reporter)
    exported = client.get(reverse("intake:sheet_export", args=["08-SKHCN"])).content
    wb = load_workbook(io.BytesIO(exported))
    ws = wb[SHEET]
    ws[f"{LETTER['percent']}{HEADER_ROW + 1}"] = 20
    ws[f"{LETTER['obstacles']}{HEADER_ROW + 1}"] = "Thiếu kinh phí"
    ws[f"{LETTER['proposals']}{HEADER_ROW + 1}"] = "Bổ sung dự toán"
    out = io.BytesIO()
    wb.save(out)
    preview = client.post(
        reverse("intake:sheets"),
        {"unit": "08-SKHCN", "file": SimpleUploadedFile("tien-do.xlsx", out.getvalue())},
    )
    page = preview.content.decode()
    assert preview.status_code == 200 and len(preview.context["result"].updates) == 1
    assert "Thiếu kinh phí" in page and "Bổ sung dự toán" in page


def test_the_plan_preview_shows_coordinating_units_and_products(client, tq, people):
    plan = make_directive(tq.tuyen_quang, symbol="02-KH/UBND", issued_on=date(2025, 3, 1))
    client.force_login(people.tq_manager)
    preview = client.post(
        reverse("intake:plan_upload"),
        {
            "directive": plan.pk,
            "within": tq.tuyen_quang.pk,
            "file": SimpleUploadedFile("ke-hoach.xlsx", builders.xlsx_bytes()),
        },
    )
    page = preview.content.decode()
    rows = preview.context["result"].rows
    coordinated = next(r for r in rows if r.coordinating)
    assert coordinated.coordinating[0].name in page
    assert "Hệ thống quan trắc tự động" in page  # a product
