"""A completion waits for a manager's acceptance when it does not count yet — its directive
requires acceptance, or it was recorded more than STEERCO_LATE_COMPLETION_DAYS after the
day it speaks for — and the task page and "my work" ask the same predicate
(`steerco.progress.actions.awaiting_acceptance`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings

from steerco.directives.models import Task
from steerco.progress.actions import awaiting_acceptance, awaiting_acceptance_q
from steerco.progress.services import progress_report, task_cancel
from tests.factories import make_task

pytestmark = pytest.mark.django_db


def signed_in(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


@pytest.fixture
def late(web, tree):  # type: ignore[no-untyped-def]
    """A task of a programme that does not require acceptance, completed as of a day
    further back than STEERCO_LATE_COMPLETION_DAYS, recorded today."""
    task = make_task(
        web.programme,
        tree.tq_skhcn,
        due_on=web.today + timedelta(days=30),
        assigned_on=web.today - timedelta(days=100),
        reference="IV.1",
        content="Xây dựng kho dữ liệu dùng chung",
    )
    days = settings.STEERCO_LATE_COMPLETION_DAYS + 3
    update = progress_report(
        task=task, reported_on=web.today - timedelta(days=days), state="completed"
    )
    assert update.needs_acceptance and not web.programme.requires_acceptance
    task.refresh_from_db()
    return task


def test_a_late_completion_is_in_the_managers_waiting_for_acceptance_list(
    client, web, people, late
):
    c = signed_in(client, people.tq_manager)
    response = c.get("/my/")
    waiting = [t.pk for t in response.context["work"].awaiting_acceptance]
    assert waiting == [late.pk, web.awaiting.pk]  # by completion date
    assert late.content in response.content.decode()
    assert web.done.pk not in waiting  # completed in time: it counts, nothing to accept

    assert c.post(f"/tasks/{late.pk}/accept/", {"note": "Đạt yêu cầu"}).status_code == 302
    waiting = [t.pk for t in c.get("/my/").context["work"].awaiting_acceptance]
    assert waiting == [web.awaiting.pk]


def test_the_task_page_offers_the_manager_to_accept_a_late_completion(client, web, people, late):
    page = signed_in(client, people.tq_manager).get(f"/tasks/{late.pk}/")
    actions = page.context["actions"]
    assert actions.awaiting_acceptance and actions.accept and actions.return_completion
    assert not actions.request_extension  # completed: no deadline to move
    html = page.content.decode()
    assert 'data-testid="awaiting-acceptance"' in html and 'data-testid="accept"' in html


def test_the_reporter_sees_the_completion_waiting_but_may_not_accept_it(client, people, late):
    page = signed_in(client, people.tq_dept_reporter).get(f"/tasks/{late.pk}/")
    actions = page.context["actions"]
    assert actions.awaiting_acceptance and actions.report
    assert not (actions.accept or actions.return_completion or actions.request_extension)
    html = page.content.decode()
    assert 'data-testid="awaiting-acceptance"' in html and 'data-testid="accept"' not in html


def test_a_completion_that_counts_offers_a_return_not_an_acceptance(client, web, people):
    page = signed_in(client, people.tq_manager).get(f"/tasks/{web.done.pk}/")
    actions = page.context["actions"]
    assert actions.return_completion and not actions.accept and not actions.awaiting_acceptance
    assert 'data-testid="return"' in page.content.decode()


def test_a_cancelled_task_offers_nothing(client, web, people, late):
    task_cancel(task=late, cancelled_on=web.today, reason="Không còn phù hợp")
    late.refresh_from_db()
    page = signed_in(client, people.tq_manager).get(f"/tasks/{late.pk}/")
    actions = page.context["actions"]
    assert not (
        actions.report
        or actions.accept
        or actions.return_completion
        or actions.request_extension
        or actions.awaiting_acceptance
    )
    waiting = [
        t.pk
        for t in signed_in(client, people.tq_manager)
        .get("/my/")
        .context["work"]
        .awaiting_acceptance
    ]
    assert late.pk not in waiting


def test_the_predicate_and_its_filter_agree(web, late):
    tasks = list(Task.objects.all())
    assert (
        {t.pk for t in tasks if awaiting_acceptance(t)}
        == set(Task.objects.filter(awaiting_acceptance_q()).values_list("pk", flat=True))
        == {web.awaiting.pk, late.pk}
    )
