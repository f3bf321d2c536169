"""A task reported completed but not yet accepted: its class badge says what the
classification says (overdue, until the completion counts) and a separate badge says it
awaits acceptance; "my work" lists it once, under "waiting for acceptance"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from steerco.progress.services import progress_report
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported_done_overdue(web, tree):  # type: ignore[no-untyped-def]
    """A task of a directive requiring acceptance, due a month ago, reported completed
    yesterday and not accepted yet."""
    directive = make_directive(
        tree.tuyen_quang,
        symbol="30-KH/UBND",
        issued_on=web.today - timedelta(days=200),
        requires_acceptance=True,
    )
    task = make_task(
        directive,
        tree.tq_skhcn,
        due_on=web.today - timedelta(days=30),
        assigned_on=web.today - timedelta(days=100),
        reference="1",
        content="Xây dựng cổng dữ liệu mở",
    )
    progress_report(task=task, reported_on=web.today - timedelta(days=1), state="completed")
    task.refresh_from_db()
    return task


def test_a_completion_awaiting_acceptance_shows_its_class_and_its_acceptance_apart(
    client, people, reported_done_overdue
):
    client.force_login(people.tq_manager)
    html = client.get(f"/tasks/{reported_done_overdue.pk}/").content.decode()
    assert 'data-class="overdue"' in html  # what the classification says
    assert 'data-testid="awaiting-acceptance"' in html  # and, beside it, the acceptance

    rows = client.get("/tasks/", {"q": "cổng dữ liệu mở"}).content.decode()
    assert 'data-class="overdue"' in rows and 'data-testid="awaiting-acceptance"' in rows


def test_my_work_lists_a_completion_awaiting_acceptance_once(client, people, reported_done_overdue):
    for person in (people.tq_manager, people.tq_dept_reporter):
        client.force_login(person)
        work = client.get("/my/").context["work"]
        assert reported_done_overdue.pk in [t.pk for t in work.awaiting_acceptance]
        assert reported_done_overdue.pk not in [t.pk for t in work.overdue]
        assert reported_done_overdue.pk not in [t.pk for t in work.due_soon]
