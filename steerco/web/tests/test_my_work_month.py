"""'My work' is the reporter's list for the month (issue 15, item 14): every open task
with no report recorded yet in the current reporting month, whatever its deadline, with
a one-tap 'no change since last month' recorded through the progress service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from steerco.progress.models import ProgressUpdate
from steerco.progress.services import progress_report
from tests.factories import make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def far_task(web, tree):  # type: ignore[no-untyped-def]
    """A dated task due in six months, last reported (40%) two months ago."""
    task = make_task(
        web.programme,
        tree.tq_skhcn,
        due_on=web.today + timedelta(days=180),
        assigned_on=web.today - timedelta(days=150),
        reference="IV.1",
        content="Xây dựng kho dữ liệu số dùng chung",
    )
    progress_report(
        task=task,
        reported_on=web.today - timedelta(days=60),
        state="in_progress",
        percent=40,
        obstacles="Thiếu nhân lực",
        recorded_at=timezone.now() - timedelta(days=60),
    )
    task.refresh_from_db()
    return task


def _to_report(client):  # type: ignore[no-untyped-def]
    return [t.pk for t in client.get("/my/").context["work"].to_report]


def test_a_monthly_task_whose_report_is_due_before_the_cut_off_is_on_my_work_even_when_its_deadline_is_months_away(  # noqa: E501
    client, people, far_task, web
):
    client.force_login(people.tq_dept_reporter)
    listed = _to_report(client)
    assert far_task.pk in listed
    assert web.on_track.pk in listed and web.overdue.pk in listed and web.recurring.pk in listed
    # A completion awaiting acceptance is listed once, under awaiting acceptance.
    assert web.awaiting.pk not in listed


def test_a_task_reported_this_month_is_not_due_again(client, people, far_task):
    progress_report(
        task=far_task, reported_on=timezone.localdate(), state="in_progress", percent=45
    )
    client.force_login(people.tq_dept_reporter)
    assert far_task.pk not in _to_report(client)


def test_no_change_since_last_month_records_a_new_report_with_the_last_percent_and_leaves_the_earlier_one_unchanged(  # noqa: E501
    client, people, far_task
):
    earlier = ProgressUpdate.objects.get(task=far_task)
    before = (earlier.pk, earlier.percent, earlier.state, earlier.reported_on, earlier.row_hash)
    client.force_login(people.tq_dept_reporter)
    response = client.post(f"/tasks/{far_task.pk}/report/unchanged/", {"idempotency_key": "k1"})
    assert response.status_code == 302
    rows = list(ProgressUpdate.objects.filter(task=far_task).order_by("recorded_at", "pk"))
    assert len(rows) == 2
    assert (rows[1].percent, rows[1].state) == (40, "in_progress")
    assert rows[1].reported_on == timezone.localdate()
    earlier.refresh_from_db()
    assert (earlier.pk, earlier.percent, earlier.state, earlier.reported_on, earlier.row_hash) == (
        before
    )
    # It is no longer due this month; a double tap records nothing more.
    assert far_task.pk not in _to_report(client)
    client.post(f"/tasks/{far_task.pk}/report/unchanged/", {"idempotency_key": "k1"})
    assert ProgressUpdate.objects.filter(task=far_task).count() == 2


def test_no_change_is_refused_with_a_message_when_nothing_was_ever_reported(client, people, web):
    client.force_login(people.tq_dept_reporter)
    response = client.post(f"/tasks/{web.on_track.pk}/report/unchanged/", follow=True)
    assert ProgressUpdate.objects.filter(task=web.on_track).count() == 0
    assert "Nothing was ever reported" in response.content.decode() or "báo cáo" in (
        response.content.decode()
    )


def test_a_viewer_cannot_use_no_change(client, people, far_task, tree):
    client.force_login(people.central_analyst)  # a viewer who sees the task: 403
    assert client.post(f"/tasks/{far_task.pk}/report/unchanged/").status_code == 403
    client.force_login(people.cb_manager)  # another province does not see it: 404
    assert client.post(f"/tasks/{far_task.pk}/report/unchanged/").status_code == 404
    client.force_login(people.tq_dept_reporter)
    assert client.get(f"/tasks/{far_task.pk}/report/unchanged/").status_code == 405
    assert ProgressUpdate.objects.filter(task=far_task).count() == 1


def test_no_change_needs_the_csrf_token(people, far_task):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people.tq_dept_reporter)
    assert client.post(f"/tasks/{far_task.pk}/report/unchanged/").status_code == 403
    assert ProgressUpdate.objects.filter(task=far_task).count() == 1


def test_the_report_form_is_prefilled_from_the_last_report(client, people, far_task):
    client.force_login(people.tq_dept_reporter)
    form = client.get(f"/tasks/{far_task.pk}/report/").context["form"]
    assert form.initial["percent"] == 40
    assert form.initial["obstacles"] == "Thiếu nhân lực"
    assert form.initial["reported_on"] == timezone.localdate()


def test_my_work_says_what_to_do_when_nothing_is_due(client, people, web):
    client.force_login(people.outsider)  # no open task to report on
    html = client.get("/my/").content.decode()
    assert 'data-testid="my-nothing-due"' in html
    assert 'href="/tasks/"' in html


def test_no_change_after_a_returned_completion_repeats_the_state_the_history_ends_on(
    client, people, web
):
    from steerco.progress.services import completion_return

    task = web.awaiting  # reported completed yesterday, awaiting acceptance
    completion_return(task=task, decided_on=web.today, reason="Thiếu minh chứng")
    task.refresh_from_db()
    client.force_login(people.tq_dept_reporter)
    # (reported yesterday, within this month: not due again, but the button still works)
    client.post(f"/tasks/{task.pk}/report/unchanged/", {"idempotency_key": "k2"})
    last = ProgressUpdate.objects.filter(task=task).order_by("-recorded_at", "-pk").first()
    assert last is not None and last.kind == "report"
    assert last.state == task.state != "completed"
