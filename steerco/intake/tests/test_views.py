import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from steerco.directives.models import Task
from steerco.intake.sheets import HEADER_ROW, LETTER, SHEET
from steerco.progress.models import ProgressUpdate
from tests.factories import make_directive, make_task

from . import builders


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(tq):
    return make_directive(tq.tuyen_quang, symbol="02-KH/UBND", issued_on=date(2025, 3, 1))


def upload_plan(client, plan, tq, data, name="ke-hoach.xlsx"):
    return client.post(
        reverse("intake:plan_upload"),
        {"directive": plan.pk, "within": tq.tuyen_quang.pk, "file": SimpleUploadedFile(name, data)},
    )


def test_manager_previews_then_commits_a_plan(client, plan, tq, people):
    client.force_login(people.tq_manager)
    assert client.get(reverse("intake:plan_upload")).status_code == 200
    preview = upload_plan(client, plan, tq, builders.xlsx_bytes())
    assert preview.status_code == 200
    assert preview.context["result"].created == 6
    assert "II.1.4" in preview.content.decode()
    assert not Task.objects.exists()
    context = preview.context
    response = client.post(
        reverse("intake:plan_commit"),
        {
            "token": context["token"],
            "kind": "xlsx",
            "name": "ke-hoach.xlsx",
            "directive": plan.pk,
            "within": tq.tuyen_quang.pk,
        },
    )
    assert response.status_code == 302
    assert Task.objects.filter(directive=plan, parent__isnull=True).count() == 6


def test_plan_preview_shows_located_problems_and_no_commit_button(client, plan, tq, people):
    client.force_login(people.tq_manager)
    rows = [list(r) for r in builders.plan_rows()]
    rows[7][2] = "Sở Ma"
    page = upload_plan(client, plan, tq, builders.xlsx_bytes(rows)).content.decode()
    assert "Sở Ma" in page and 'data-testid="commit"' not in page


def test_wrong_file_type_is_a_form_error(client, plan, tq, people):
    client.force_login(people.tq_manager)
    response = upload_plan(client, plan, tq, b"%PDF-1.7 hello", name="ke-hoach.xlsx")
    assert response.status_code == 200
    assert "đây không phải tệp .xlsx" in response.content.decode()


def test_commit_with_someone_elses_token_is_not_found(client, plan, tq, people):
    client.force_login(people.tq_manager)
    token = upload_plan(client, plan, tq, builders.xlsx_bytes()).context["token"]
    client.force_login(people.cb_manager)
    response = client.post(
        reverse("intake:plan_commit"),
        {"token": token, "kind": "xlsx", "directive": plan.pk, "within": tq.cao_bang.pk},
    )
    assert response.status_code == 404
    assert not Task.objects.exists()


def test_reporters_may_not_import_plans(client, people):
    client.force_login(people.tq_dept_reporter)
    assert client.get(reverse("intake:plan_upload")).status_code == 403


def test_reporter_downloads_fills_and_uploads_a_progress_sheet(client, tq, people):
    plan = make_directive(tq.tuyen_quang, symbol="02-KH/UBND")
    task = make_task(plan, tq.tq_skhcn, reference="I.1")
    client.force_login(people.tq_dept_reporter)
    page = client.get(reverse("intake:sheets"))
    assert "08-SKHCN" in page.content.decode()
    download = client.get(reverse("intake:sheet_export", args=["08-SKHCN"]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(download.content))
    wb[SHEET][f"{LETTER['state']}{HEADER_ROW + 1}"] = "Đang thực hiện"
    wb[SHEET][f"{LETTER['percent']}{HEADER_ROW + 1}"] = 35
    out = io.BytesIO()
    wb.save(out)
    preview = client.post(
        reverse("intake:sheets"), {"file": SimpleUploadedFile("tien-do.xlsx", out.getvalue())}
    )
    assert preview.status_code == 200 and not ProgressUpdate.objects.exists()
    done = client.post(
        reverse("intake:sheet_commit"), {"token": preview.context["token"], "name": "tien-do.xlsx"}
    )
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.percent == 35


def test_another_units_sheet_is_forbidden(client, tq, people):
    client.force_login(people.tq_dept_reporter)
    assert client.get(reverse("intake:sheet_export", args=["08-STC"])).status_code == 403


def test_conflicting_upload_offers_a_fresh_sheet_keeping_the_entries(client, tq, people):
    from steerco.directives.models import TaskState
    from steerco.progress.services import progress_report

    plan = make_directive(tq.tuyen_quang, symbol="02-KH/UBND")
    task = make_task(plan, tq.tq_skhcn, reference="I.1")
    client.force_login(people.tq_dept_reporter)
    exported = client.get(reverse("intake:sheet_export", args=["08-SKHCN"])).content
    progress_report(
        task=task, reported_on=date(2025, 9, 1), state=TaskState.IN_PROGRESS, percent=10
    )
    wb = load_workbook(io.BytesIO(exported))
    wb[SHEET][f"{LETTER['done']}{HEADER_ROW + 1}"] = "Đã làm xong bước 1"
    out = io.BytesIO()
    wb.save(out)
    preview = client.post(
        reverse("intake:sheets"), {"file": SimpleUploadedFile("tien-do.xlsx", out.getvalue())}
    )
    assert 'data-testid="rebase"' in preview.content.decode()
    fresh = client.post(
        reverse("intake:sheet_rebase"), {"token": preview.context["token"], "name": "tien-do.xlsx"}
    )
    ws = load_workbook(io.BytesIO(fresh.content))[SHEET]
    assert ws[f"{LETTER['done']}{HEADER_ROW + 1}"].value == "Đã làm xong bước 1"


def test_pages_speak_vietnamese(client, people):
    client.force_login(people.tq_manager)
    page = client.get(reverse("intake:plan_upload"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nhập kế hoạch" in page and "Xem trước" in page
