"""The access helpers answer exactly what steerco.directives.permissions.may answers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from django.views.defaults import page_not_found

from steerco.directives.models import Task
from steerco.directives.permissions import Action, may
from steerco.progress.models import EvidenceFile
from steerco.progress.services import UploadedEvidence, extension_request, progress_report
from steerco.units.services import membership_grant
from tests.factories import UserFactory

from ..access import task_to_report

pytestmark = pytest.mark.django_db


def test_task_to_report_allows_exactly_whom_may_lets_report(web, people):
    users = [*vars(people).values()]
    for user in users:
        for task in Task.objects.all():
            allowed = may(user, Action.REPORT, task)
            try:
                _task, unit = task_to_report(user, task.pk)
            except PermissionDenied:  # sees the task, may not report
                assert not allowed, (user.username, task.reference)
                assert may(user, Action.VIEW, task), (user.username, task.reference)
            except Http404:  # may not even see it: as if it did not exist
                assert not may(user, Action.VIEW, task), (user.username, task.reference)
            else:
                assert allowed, (user.username, task.reference)
                assert may(user, Action.REPORT, unit)


def test_the_lead_units_reporter_reports_for_the_lead_unit(web, people, tree):
    assert task_to_report(people.tq_dept_reporter, web.on_track.pk)[1] == tree.tq_skhcn


def test_a_viewer_of_the_lead_unit_reports_for_the_coordinating_unit_they_report_for(web, tree):
    user = UserFactory(username="stc-and-viewer")
    membership_grant(user=user, unit=tree.tuyen_quang, role="viewer")
    membership_grant(user=user, unit=tree.tq_stc, role="reporter")
    assert task_to_report(user, web.on_track.pk)[1] == tree.tq_stc


def test_an_unknown_task_is_not_found(people):
    with pytest.raises(Http404):
        task_to_report(people.tq_dept_reporter, 10**9)


# --- what an id tells: 404 for what the user may not see, 403 for what they may see ---


def _page(response) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Status and body, with what differs by request alone blanked: the CSRF token (masked
    anew on each render) and the language switch's return address (the requested path)."""
    body = re.sub(r'name="(csrfmiddlewaretoken|next)" value="[^"]*"', "", response.content.decode())
    return response.status_code, body


UNKNOWN = 10**9


def test_another_provinces_task_answers_exactly_like_a_task_that_does_not_exist(
    client, web, people
):
    client.force_login(people.tq_manager)
    for suffix, method in [
        ("", "get"),
        ("edit/", "get"),
        ("report/", "get"),
        ("accept/", "post"),
        ("return/", "post"),
        ("extensions/", "post"),
    ]:
        foreign = getattr(client, method)(f"/tasks/{web.cb_task.pk}/{suffix}")
        missing = getattr(client, method)(f"/tasks/{UNKNOWN}/{suffix}")
        assert _page(foreign) == _page(missing), suffix
        assert foreign.status_code == 404, suffix


def test_a_task_the_user_sees_but_may_not_act_on_is_refused_with_403(client, web, people):
    client.force_login(people.central_analyst)  # viewer of the whole nation
    assert client.get(f"/tasks/{web.overdue.pk}/").status_code == 200
    assert client.get(f"/tasks/{web.overdue.pk}/report/").status_code == 403
    assert client.get(f"/tasks/{web.overdue.pk}/edit/").status_code == 403
    assert client.post(f"/tasks/{web.awaiting.pk}/accept/", {}).status_code == 403
    assert client.post(f"/tasks/{web.overdue.pk}/extensions/", {}).status_code == 403


def test_another_provinces_evidence_answers_exactly_like_a_file_that_does_not_exist(
    client, web, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    evidence = _evidence(web.cb_task)
    client.force_login(people.tq_manager)
    foreign = client.get(f"/evidence/{evidence.pk}/")
    assert _page(foreign) == _page(client.get(f"/evidence/{UNKNOWN}/"))
    assert foreign.status_code == 404
    client.force_login(people.cb_manager)
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 200


def test_another_provinces_extension_answers_exactly_like_one_that_does_not_exist(
    client, web, people
):
    extension = extension_request(
        task=web.cb_task,
        requested_on=web.today - timedelta(days=5),  # before its deadline
        new_due_on=web.today + timedelta(days=30),
        reason="Chờ kinh phí",
    )
    client.force_login(people.tq_manager)
    foreign = client.post(f"/extensions/{extension.pk}/decide/", {"decision": "approve"})
    missing = client.post(f"/extensions/{UNKNOWN}/decide/", {"decision": "approve"})
    assert _page(foreign) == _page(missing)
    assert foreign.status_code == 404
    client.force_login(people.central_analyst)  # sees the task, may not decide
    response = client.post(f"/extensions/{extension.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403


def test_another_provinces_directive_answers_exactly_like_one_that_does_not_exist(
    client, web, people
):
    client.force_login(people.tq_manager)
    foreign = client.get(f"/directives/{web.cb_plan.pk}/")
    assert _page(foreign) == _page(client.get(f"/directives/{UNKNOWN}/"))
    assert foreign.status_code == 404
    assert web.cb_plan.symbol not in foreign.content.decode()


def test_a_new_task_under_another_provinces_directive_or_task_is_not_found(client, web, people):
    client.force_login(people.tq_manager)
    for query in [
        f"directive={web.cb_plan.pk}",
        f"directive={UNKNOWN}",
        "directive=abc",
        "",
        f"directive={web.programme.pk}&parent={web.cb_task.pk}",
        f"directive={web.programme.pk}&parent={UNKNOWN}",
        f"directive={web.programme.pk}&parent=abc",
    ]:
        assert client.get(f"/tasks/new/?{query}").status_code == 404, query


def test_the_not_found_page_does_not_echo_why(rf):
    """404.html shows no exception message: "no such task" and "not yours" read the same."""
    request = rf.get("/tasks/1/")
    request.user = AnonymousUser()
    marker = "a-message-that-must-not-show"
    response = page_not_found(request, Http404(marker))
    assert response.status_code == 404
    assert marker not in response.content.decode()


def _evidence(task: Task) -> EvidenceFile:
    upload = SimpleUploadedFile("qd.pdf", b"%PDF-1.7\n%test\n", content_type="application/pdf")
    update = progress_report(
        task=task,
        reported_on=timezone.localdate(),
        state="in_progress",
        percent=10,
        files=[UploadedEvidence("qd.pdf", "application/pdf", upload.size, upload)],
    )
    return EvidenceFile.objects.get(update=update)
