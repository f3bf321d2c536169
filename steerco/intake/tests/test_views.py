import io
from datetime import UTC, date, datetime

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
    assert {t.assigned_by for t in Task.objects.filter(parent__isnull=True)} == {tq.tuyen_quang}


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
    cb_plan = make_directive(tq.cao_bang, symbol="03-KH/UBND")
    response = client.post(
        reverse("intake:plan_commit"),
        {"token": token, "kind": "xlsx", "directive": cb_plan.pk, "within": tq.cao_bang.pk},
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
        reverse("intake:sheets"),
        {"unit": "08-SKHCN", "file": SimpleUploadedFile("tien-do.xlsx", out.getvalue())},
    )
    assert preview.status_code == 200 and not ProgressUpdate.objects.exists()
    done = client.post(
        reverse("intake:sheet_commit"),
        {"token": preview.context["token"], "name": "tien-do.xlsx", "unit": "08-SKHCN"},
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
        task=task,
        reported_on=date(2025, 9, 1),
        state=TaskState.IN_PROGRESS,
        percent=10,
        recorded_at=datetime(2025, 9, 1, 3, tzinfo=UTC),  # reported on that day
    )
    wb = load_workbook(io.BytesIO(exported))
    wb[SHEET][f"{LETTER['done']}{HEADER_ROW + 1}"] = "Đã làm xong bước 1"
    out = io.BytesIO()
    wb.save(out)
    preview = client.post(
        reverse("intake:sheets"),
        {"unit": "08-SKHCN", "file": SimpleUploadedFile("tien-do.xlsx", out.getvalue())},
    )
    assert 'data-testid="rebase"' in preview.content.decode()
    fresh = client.post(
        reverse("intake:sheet_rebase"),
        {"token": preview.context["token"], "name": "tien-do.xlsx", "unit": "08-SKHCN"},
    )
    ws = load_workbook(io.BytesIO(fresh.content))[SHEET]
    assert ws[f"{LETTER['done']}{HEADER_ROW + 1}"].value == "Đã làm xong bước 1"


def test_pages_speak_vietnamese(client, people):
    client.force_login(people.tq_manager)
    page = client.get(reverse("intake:plan_upload"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nhập kế hoạch" in page and "Xem trước" in page


# --- attacks on the progress sheet round trip (trust review, findings 1 and 5) -------


SECRET = "Bí mật của Cao Bằng: danh sách nhà thầu"


@pytest.fixture
def cao_bang_task(tq):
    programme = make_directive(tq.cao_bang, symbol="05-CTr/TU")
    task = make_task(programme, tq.cao_bang, reference="CB.7", content=SECRET)
    from steerco.directives.models import TaskState
    from steerco.progress.services import progress_report

    progress_report(
        task=task,
        reported_on=date(2025, 9, 3),
        state=TaskState.IN_PROGRESS,
        percent=20,
        recorded_at=datetime(2025, 9, 3, 3, tzinfo=UTC),  # reported on that day
    )
    return task


def own_sheet(client, code="08-SKHCN"):
    return client.get(reverse("intake:sheet_export", args=[code])).content


def edited(data, meta=None, first_row=None):
    """The workbook with hidden cells of the "steerco" sheet and cells of the first task row
    (column key -> value) changed, as an attacker would in Excel."""
    wb = load_workbook(io.BytesIO(data))
    for cell, value in (meta or {}).items():
        wb["steerco"][cell] = value
    for key, value in (first_row or {}).items():
        wb[SHEET][f"{LETTER[key]}{HEADER_ROW + 1}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def everything_in(response) -> str:
    """All the text a response gives away: a page's HTML or every cell of a workbook."""
    try:
        wb = load_workbook(io.BytesIO(response.content))
    except Exception:  # noqa: BLE001 - not a workbook: the page itself
        return response.content.decode(errors="replace")
    return " ".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )


def preview_sheet(client, data, unit="08-SKHCN"):
    return client.post(
        reverse("intake:sheets"),
        {"unit": unit, "file": SimpleUploadedFile("tien-do.xlsx", data)},
    )


def test_reporter_cannot_relabel_their_sheet_to_download_another_provinces_tasks(
    client, tq, people, cao_bang_task
):
    make_task(make_directive(tq.tuyen_quang), tq.tq_skhcn, reference="I.1")
    client.force_login(people.tq_dept_reporter)
    forged = edited(own_sheet(client), meta={"B2": "04"}, first_row={"stamp": "stale"})
    preview = preview_sheet(client, forged)
    page = preview.content.decode()
    assert "B2" in page  # the refusal names the hidden cell
    assert preview.context.get("token") is None
    rebased = client.post(
        reverse("intake:sheet_rebase"),
        {"token": preview.context.get("token") or "0" * 32, "name": "x.xlsx", "unit": "04"},
    )
    assert rebased.status_code == 403
    assert SECRET not in everything_in(preview) + everything_in(rebased)


def test_user_without_a_role_cannot_download_another_provinces_tasks_through_a_rebase(
    client, tq, people, cao_bang_task
):
    from steerco.intake.sheets import sheet_export

    crafted = edited(
        sheet_export(unit=tq.tq_skhcn, exported_on=date(2025, 9, 10)), meta={"B2": "04"}
    )
    client.force_login(people.outsider)
    preview = preview_sheet(client, crafted, unit="04")
    assert preview.context.get("token") is None
    rebased = client.post(
        reverse("intake:sheet_rebase"),
        {"token": preview.context.get("token") or "0" * 32, "name": "x.xlsx", "unit": "04"},
    )
    assert rebased.status_code == 403
    assert SECRET not in everything_in(preview) + everything_in(rebased)
    assert "CB.7" not in everything_in(rebased)


def test_preview_does_not_reveal_another_units_task_by_its_id(client, tq, people, cao_bang_task):
    make_task(make_directive(tq.tuyen_quang), tq.tq_skhcn, reference="I.1")
    client.force_login(people.tq_dept_reporter)
    sheet = own_sheet(client)
    problems = {}
    for label, task_id in (("foreign", cao_bang_task.pk), ("missing", 987654)):
        forged = edited(sheet, first_row={"id": task_id, "stamp": "stale", "percent": 30})
        preview = preview_sheet(client, forged)
        page = preview.content.decode()
        assert "CB.7" not in page and "2025-09-03" not in page and "03/09/2025" not in page
        problems[label] = [(p.column, p.message) for p in preview.context["result"].rejected]
        assert not preview.context["result"].conflicts
    assert problems["foreign"] == problems["missing"] == [(LETTER["id"], problems["missing"][0][1])]


def test_sheet_relabelled_to_a_sibling_department_is_not_recorded_in_its_name(client, tq, people):
    task = make_task(make_directive(tq.tuyen_quang), tq.tq_skhcn, reference="I.1")
    client.force_login(people.tq_dept_reporter)
    forged = edited(own_sheet(client), meta={"B2": "08-STC"}, first_row={"state": "Đang thực hiện"})
    preview = preview_sheet(client, forged)
    assert "B2" in preview.content.decode()
    client.post(
        reverse("intake:sheet_commit"),
        {"token": preview.context.get("token") or "", "name": "x.xlsx", "unit": "08-SKHCN"},
    )
    assert not ProgressUpdate.objects.filter(task=task).exists()


def test_commit_for_a_unit_the_user_does_not_report_for_is_forbidden(client, tq, people):
    make_task(make_directive(tq.tuyen_quang), tq.tq_skhcn, reference="I.1")
    client.force_login(people.tq_dept_reporter)
    sheet = edited(own_sheet(client), first_row={"state": "Đang thực hiện"})
    token = preview_sheet(client, sheet).context["token"]
    response = client.post(
        reverse("intake:sheet_commit"), {"token": token, "name": "x.xlsx", "unit": "08-STC"}
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_province_manager_uploads_a_departments_sheet_in_its_name(client, tq, people):
    task = make_task(make_directive(tq.tuyen_quang), tq.tq_skhcn, reference="I.1")
    client.force_login(people.tq_manager)
    sheet = edited(own_sheet(client), first_row={"state": "Đang thực hiện", "percent": 15})
    preview = preview_sheet(client, sheet)
    done = client.post(
        reverse("intake:sheet_commit"),
        {"token": preview.context["token"], "name": "x.xlsx", "unit": "08-SKHCN"},
    )
    assert done.status_code == 302
    update = ProgressUpdate.objects.get(task=task)
    assert (update.unit, update.author, update.percent) == (tq.tq_skhcn, people.tq_manager, 15)


# --- attacks on plan import (trust review, finding 2) ---------------------------------


@pytest.fixture
def foreign(tq):
    """Directives a Tuyên Quang manager does not issue: Cao Bằng's programme and a
    conclusion of the central level."""
    from steerco.directives.models import DirectiveKind

    return {
        "programme": make_directive(
            tq.cao_bang,
            symbol="12-CTr/TU",
            kind=DirectiveKind.PROGRAMME,
            issued_on=date(2025, 3, 1),
        ),
        "conclusion": make_directive(
            tq.root, symbol="81-KL/TW", kind=DirectiveKind.CONCLUSION, issued_on=date(2025, 3, 1)
        ),
    }


def commit_plan(client, token, directive, within):
    return client.post(
        reverse("intake:plan_commit"),
        {
            "token": token,
            "kind": "xlsx",
            "name": "ke-hoach.xlsx",
            "directive": directive,
            "within": within,
        },
    )


# Cao Bằng's programme, which a Tuyên Quang manager may not even open, is not found exactly
# like a directive that does not exist; the central conclusion they read is forbidden.
@pytest.mark.parametrize(("target", "status"), [("programme", 404), ("conclusion", 403)])
def test_province_manager_cannot_create_tasks_in_another_bodys_directive(
    client, plan, tq, people, foreign, target, status
):
    client.force_login(people.tq_manager)
    token = upload_plan(client, plan, tq, builders.xlsx_bytes()).context["token"]
    response = commit_plan(client, token, foreign[target].pk, tq.tuyen_quang.pk)
    assert response.status_code == status
    assert not Task.objects.exists()
    assert commit_plan(client, token, plan.pk, tq.tuyen_quang.pk).status_code == 302  # still held


def test_commit_into_a_directive_the_user_may_not_manage_is_refused_before_any_upload_is_read(
    client, plan, tq, people, foreign
):
    client.force_login(people.tq_manager)
    no_upload = "0" * 32
    assert (
        commit_plan(client, no_upload, foreign["programme"].pk, tq.tuyen_quang.pk).status_code
        == 404
    )
    assert (
        commit_plan(client, no_upload, foreign["conclusion"].pk, tq.tuyen_quang.pk).status_code
        == 403
    )
    assert commit_plan(client, no_upload, plan.pk, tq.cao_bang.pk).status_code == 403


def test_a_directive_the_user_may_not_open_answers_a_plan_commit_like_an_unknown_one(
    client, plan, tq, people, foreign
):
    client.force_login(people.tq_manager)
    hidden = commit_plan(client, "0" * 32, foreign["programme"].pk, tq.tuyen_quang.pk)
    missing = commit_plan(client, "0" * 32, 987654, tq.tuyen_quang.pk)
    assert hidden.status_code == missing.status_code == 404
    assert "12-CTr/TU" not in hidden.content.decode()


def test_plan_form_offers_only_directives_the_manager_may_import_into(
    client, plan, tq, people, foreign
):
    client.force_login(people.tq_manager)
    offered = set(
        client.get(reverse("intake:plan_upload")).context["form"].fields["directive"].queryset
    )
    assert plan in offered
    assert not offered & set(foreign.values())
    response = upload_plan(client, foreign["conclusion"], tq, builders.xlsx_bytes())
    assert response.status_code == 200 and "token" not in response.context


@pytest.mark.parametrize(
    ("directive", "within"), [("abc", "tq"), ("plan", "1 OR 1=1"), ("", ""), ("plan", "99999")]
)
def test_malformed_or_unknown_ids_in_a_plan_commit_are_not_found(
    client, plan, tq, people, directive, within
):
    client.force_login(people.tq_manager)
    ids = {"plan": plan.pk, "tq": tq.tuyen_quang.pk}
    response = commit_plan(client, "0" * 32, ids.get(directive, directive), ids.get(within, within))
    assert response.status_code == 404
