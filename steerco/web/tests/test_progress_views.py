"""Reporting progress, accepting, returning and extending through the web forms."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from steerco.progress.models import EvidenceFile, Extension, ProgressUpdate

pytestmark = pytest.mark.django_db


def report(client, task, **fields):  # type: ignore[no-untyped-def]
    data = {
        "idempotency_key": "k-" + str(task.pk),
        "reported_on": fields.pop("reported_on", "").__str__(),
        "state": "in_progress",
        "percent": "40",
        "done": "Đã khảo sát",
    }
    data.update(fields)
    return client.post(f"/tasks/{task.pk}/report/", data)


def test_report_form_shows_a_fresh_idempotency_key(client, web, people):
    client.force_login(people.tq_dept_reporter)
    first = (
        client.get(f"/tasks/{web.overdue.pk}/report/").context["form"].initial["idempotency_key"]
    )
    second = (
        client.get(f"/tasks/{web.overdue.pk}/report/").context["form"].initial["idempotency_key"]
    )
    assert first != second and len(first) == 32


def test_a_double_submission_records_one_update(client, web, people):
    client.force_login(people.tq_dept_reporter)
    for _ in range(2):
        response = report(client, web.overdue, reported_on=web.today)
        assert response.status_code == 302
    assert ProgressUpdate.objects.filter(task=web.overdue).count() == 1
    update = ProgressUpdate.objects.get(task=web.overdue)
    assert update.unit.code == "08-SKHCN" and update.author == people.tq_dept_reporter


def test_coordinating_units_reporter_reports_for_the_coordinating_unit(client, web, people, tree):
    from steerco.units.services import membership_grant
    from tests.factories import UserFactory

    stc = UserFactory(username="stc")
    membership_grant(user=stc, unit=tree.tq_stc, role="reporter")
    client.force_login(stc)
    assert report(client, web.on_track, reported_on=web.today).status_code == 302
    assert ProgressUpdate.objects.get(task=web.on_track).unit == tree.tq_stc


def test_a_viewer_may_not_report(client, web, people):
    client.force_login(people.central_analyst)
    assert client.get(f"/tasks/{web.overdue.pk}/report/").status_code == 403
    assert report(client, web.overdue, reported_on=web.today).status_code == 403


def test_a_report_dated_before_the_latest_update_is_refused_on_its_field(client, web, people):
    client.force_login(people.tq_dept_reporter)
    response = report(client, web.awaiting, reported_on=web.today - timedelta(days=5))
    assert response.status_code == 200
    assert "reported_on" in response.context["form"].errors


def test_completed_with_less_than_100_percent_is_refused(client, web, people):
    client.force_login(people.tq_dept_reporter)
    response = report(client, web.overdue, reported_on=web.today, state="completed", percent="80")
    assert "percent" in response.context["form"].errors


def _docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_evidence_upload_is_checked_by_content(client, web, people):
    client.force_login(people.tq_dept_reporter)
    fake = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = report(client, web.overdue, reported_on=web.today, evidence=fake)
    assert "evidence" in response.context["form"].errors
    renamed = SimpleUploadedFile("bao-cao.docx", b"%PDF-1.7\n...", content_type="application/pdf")
    response = report(client, web.overdue, reported_on=web.today, evidence=renamed)
    assert "evidence" in response.context["form"].errors
    docx = SimpleUploadedFile(
        "bao-cao.docx", _docx_bytes(), content_type="application/octet-stream"
    )
    assert report(client, web.overdue, reported_on=web.today, evidence=docx).status_code == 302
    stored = EvidenceFile.objects.get()
    assert (
        stored.content_type.endswith("wordprocessingml.document") and stored.name == "bao-cao.docx"
    )


def test_evidence_upload_over_the_size_limit_is_refused(client, web, people, settings):
    settings.STEERCO_UPLOAD_MAX_BYTES = 1000
    client.force_login(people.tq_dept_reporter)
    big = SimpleUploadedFile(
        "anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2000, content_type="image/png"
    )
    response = report(client, web.overdue, reported_on=web.today, evidence=big)
    assert "evidence" in response.context["form"].errors


def test_manager_accepts_a_completion(client, web, people):
    client.force_login(people.tq_manager)
    response = client.post(f"/tasks/{web.awaiting.pk}/accept/", {"note": "Đạt yêu cầu"})
    assert response.status_code == 302
    web.awaiting.refresh_from_db()
    assert web.awaiting.accepted_on == web.today


def test_reporter_may_not_accept(client, web, people):
    client.force_login(people.tq_dept_reporter)
    assert client.post(f"/tasks/{web.awaiting.pk}/accept/", {}).status_code == 403


def test_manager_returns_a_completion_with_a_reason(client, web, people):
    client.force_login(people.tq_manager)
    client.post(f"/tasks/{web.awaiting.pk}/return/", {"reason": ""})
    web.awaiting.refresh_from_db()
    assert web.awaiting.state == "completed"  # no reason, nothing done
    client.post(f"/tasks/{web.awaiting.pk}/return/", {"reason": "Thiếu sản phẩm"})
    web.awaiting.refresh_from_db()
    assert web.awaiting.state == "in_progress"


def test_extension_requested_by_reporter_and_approved_by_manager(client, web, people):
    client.force_login(people.tq_dept_reporter)  # before the deadline (after it: a manager)
    new_due = web.today + timedelta(days=30)
    client.post(
        f"/tasks/{web.on_track.pk}/extensions/",
        {"new_due_on": new_due.isoformat(), "reason": "Chờ kinh phí"},
    )
    extension = Extension.objects.get(task=web.on_track)
    assert (
        client.post(f"/extensions/{extension.pk}/decide/", {"decision": "approve"}).status_code
        == 403
    )
    client.force_login(people.tq_manager)
    client.post(f"/extensions/{extension.pk}/decide/", {"decision": "approve", "note": "Đồng ý"})
    web.on_track.refresh_from_db()
    assert web.on_track.due_on == new_due
    page = client.get(f"/tasks/{web.on_track.pk}/")
    assert page.context["task_class"] == "on_track"


def test_xlsx_export_neutralises_formulas(client, web, people):
    from steerco.directives.services import task_update

    task_update(task=web.on_track, responsible_person='=HYPERLINK("http://x","y")', field="+cmd")
    client.force_login(people.tq_manager)
    response = client.get("/tasks/export.xlsx?sort=deadline")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://x","y")' in values and "'+cmd" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert sheet.max_row == 1 + 7


def test_evidence_is_downloaded_only_by_those_who_may_view_the_task(
    client, web, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.tq_dept_reporter)
    pdf = SimpleUploadedFile("qd.pdf", b"%PDF-1.7\n%test\n", content_type="application/pdf")
    report(client, web.overdue, reported_on=web.today, evidence=pdf)
    evidence = EvidenceFile.objects.get()
    response = client.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(people.cb_manager)
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 404  # as if it did not exist


# --- Trust I: the date a report speaks for (finding 3) ---


@pytest.fixture
def frozen(time_machine):  # type: ignore[no-untyped-def]
    """It is 10:00 on 10 March 2026 in Hà Nội, before the dataset is built."""
    time_machine.move_to(datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


def test_the_report_form_shows_the_dates_a_reporter_may_use(client, frozen, web, people):
    client.force_login(people.tq_dept_reporter)
    field = client.get(f"/tasks/{web.overdue.pk}/report/").context["form"]["reported_on"]
    html = str(field)
    assert f'max="{web.today.isoformat()}"' in html
    assert f'min="{(web.today - timedelta(days=45)).isoformat()}"' in html
    client.force_login(people.tq_manager)  # manages the programme: may date back further
    html = str(client.get(f"/tasks/{web.overdue.pk}/report/").context["form"]["reported_on"])
    assert f'min="{web.overdue.assigned_on.isoformat()}"' in html


def test_a_report_dated_2099_is_refused_and_the_manager_can_still_decide(
    client, frozen, web, people
):
    client.force_login(people.tq_dept_reporter)
    response = report(client, web.awaiting, reported_on="2099-01-01", state="completed")
    assert response.status_code == 200
    form = response.context["form"]
    assert str(form.fields["reported_on"].label) in form.errors["reported_on"][0]
    web.awaiting.refresh_from_db()
    assert web.awaiting.last_reported_on == web.today - timedelta(days=1)
    client.force_login(people.tq_manager)
    assert client.post(f"/tasks/{web.awaiting.pk}/accept/", {}).status_code == 302
    web.awaiting.refresh_from_db()
    assert web.awaiting.accepted_on == web.today


def test_only_a_manager_dates_a_report_more_than_45_days_back_and_the_history_says_so(
    client, frozen, web, people
):
    long_ago = web.today - timedelta(days=46)
    client.force_login(people.tq_dept_reporter)
    response = report(client, web.overdue, reported_on=long_ago)
    assert "reported_on" in response.context["form"].errors
    assert not ProgressUpdate.objects.filter(task=web.overdue).exists()
    assert report(client, web.overdue, reported_on=long_ago + timedelta(days=1)).status_code == 302
    client.force_login(people.tq_manager)
    response = report(client, web.commune_overdue, reported_on=long_ago)
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(task=web.commune_overdue).backdated_by_manager
    page = client.get(f"/tasks/{web.commune_overdue.pk}/")
    assert b'data-testid="backdated"' in page.content


def test_an_overdue_task_is_not_made_done_on_time_by_a_completion_dated_before_its_deadline(
    client, frozen, web, people
):
    """Thirty days overdue, the unit reports it completed "on the day before the deadline":
    the task stays overdue until a manager accepts, and then it is done late."""
    client.force_login(people.tq_dept_reporter)
    before_deadline = web.overdue.due_on - timedelta(days=1)
    response = report(
        client, web.overdue, reported_on=before_deadline, state="completed", percent="100"
    )
    assert response.status_code == 302
    page = client.get(f"/tasks/{web.overdue.pk}/")
    assert page.context["task_class"] == "overdue"
    assert b'data-testid="awaiting-acceptance"' in page.content
    assert b'data-testid="needs-acceptance"' in page.content
    assert b'data-testid="accept"' not in page.content  # the reporter does not decide
    client.force_login(people.tq_manager)
    page = client.get(f"/tasks/{web.overdue.pk}/")
    assert b'data-testid="accept"' in page.content and b'data-testid="return"' in page.content
    assert client.post(f"/tasks/{web.overdue.pk}/accept/", {}).status_code == 302
    assert client.get(f"/tasks/{web.overdue.pk}/").context["task_class"] == "done_late"


def test_a_completion_reported_within_a_week_counts_at_once(client, frozen, web, people):
    client.force_login(people.tq_dept_reporter)
    day = web.today - timedelta(days=7)
    report(client, web.on_track, reported_on=day, state="completed", percent="100")
    page = client.get(f"/tasks/{web.on_track.pk}/")
    assert page.context["task_class"] == "done_on_time"
    assert b'data-testid="awaiting-acceptance"' not in page.content


def test_the_time_an_update_is_recorded_is_the_servers(client, frozen, web, people):
    client.force_login(people.tq_dept_reporter)
    report(client, web.overdue, reported_on=web.today, recorded_at="2020-01-01T08:00:00+07:00")
    update = ProgressUpdate.objects.get(task=web.overdue)
    assert update.recorded_at == datetime(2026, 3, 10, 3, tzinfo=UTC)


# --- Trust I: coordinating units report their contribution (finding 4) ---


def test_a_coordinating_unit_reports_its_contribution_without_state_or_percent(
    client, frozen, web, people, tree
):
    from steerco.units.services import membership_grant
    from tests.factories import UserFactory

    stc = UserFactory(username="stc")
    membership_grant(user=stc, unit=tree.tq_stc, role="reporter")
    client.force_login(stc)
    page = client.get(f"/tasks/{web.on_track.pk}/report/")
    assert "state" not in page.context["form"].fields
    assert "percent" not in page.context["form"].fields
    assert b'data-testid="contribution-note"' in page.content
    response = report(client, web.on_track, reported_on=web.today, state="completed", percent="100")
    assert response.status_code == 302
    web.on_track.refresh_from_db()
    assert (web.on_track.state, web.on_track.percent) == ("not_started", 0)
    update = ProgressUpdate.objects.get(task=web.on_track)
    assert (update.unit, update.state, update.done) == (tree.tq_stc, "not_started", "Đã khảo sát")


def test_the_lead_unit_reports_state_and_percent(client, frozen, web, people):
    client.force_login(people.tq_dept_reporter)
    assert "state" in client.get(f"/tasks/{web.on_track.pk}/report/").context["form"].fields
    report(client, web.on_track, reported_on=web.today, state="completed", percent="100")
    web.on_track.refresh_from_db()
    assert web.on_track.state == "completed"


# --- Trust I: idempotency keys (finding 8) ---


def test_a_form_key_sent_by_another_user_is_refused_not_answered_recorded(
    client, frozen, web, people
):
    client.force_login(people.tq_dept_reporter)
    assert report(client, web.overdue, reported_on=web.today, percent="40").status_code == 302
    client.get(f"/tasks/{web.overdue.pk}/")  # shows (and uses up) "Your update is recorded."
    client.force_login(people.tq_manager)
    response = report(client, web.overdue, reported_on=web.today, percent="70")
    assert response.status_code == 200
    assert not list(response.context["messages"])  # no "Your update is recorded."
    form = response.context["form"]
    assert form.non_field_errors()
    fresh = form["idempotency_key"].value()
    assert fresh != "k-" + str(web.overdue.pk)
    assert list(ProgressUpdate.objects.filter(task=web.overdue).values_list("percent")) == [(40,)]
    resent = report(client, web.overdue, reported_on=web.today, percent="70", idempotency_key=fresh)
    assert resent.status_code == 302
    web.overdue.refresh_from_db()
    assert web.overdue.percent == 70
