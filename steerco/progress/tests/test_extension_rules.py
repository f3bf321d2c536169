"""Extensions (issue 15, item 3): a request filed after the deadline is refused unless a
manager of the task records it saying why it comes late; approving after the task was
completed is refused (it would turn "done late" into "done on time"); the decision is a
history row of its own, and the task page shows it in the task's history with the
deadline in force."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from steerco.directives.models import Task
from steerco.progress import services
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import ExtensionDecision
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2025, 8, 1, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def task(tree):  # type: ignore[no-untyped-def]
    directive = make_directive(tree.tuyen_quang, symbol="12-KH/UBND", issued_on=date(2025, 1, 2))
    return make_task(
        directive, tree.tq_skhcn, due_on=date(2025, 6, 30), assigned_on=date(2025, 1, 15)
    )


def class_of(task: Task, as_of: date) -> str:
    return classify_tasks(Task.objects.filter(pk=task.pk), as_of).get().task_class


def test_approving_an_extension_after_the_task_was_completed_is_refused(task, people):
    ext = services.extension_request(
        task=task,
        requested_on=date(2025, 6, 20),
        new_due_on=date(2025, 9, 30),
        reason="Chờ bố trí kinh phí",
        author=people.tq_dept_reporter,
    )
    services.progress_report(task=task, reported_on=date(2025, 7, 30), state="completed")
    assert class_of(task, date(2025, 8, 1)) == "done_late"

    with pytest.raises(services.ProgressError, match="đã hoàn thành"):  # completed
        services.extension_decide(
            extension=ext, approve=True, decided_on=date(2025, 8, 1), author=people.tq_manager
        )
    assert class_of(task, date(2025, 8, 1)) == "done_late"  # still done late
    assert not ExtensionDecision.objects.filter(extension=ext).exists()

    # The request can still be closed: a rejection moves nothing.
    services.extension_decide(
        extension=ext, approve=False, decided_on=date(2025, 8, 1), author=people.tq_manager
    )
    task.refresh_from_db()
    assert task.due_on == date(2025, 6, 30)


def test_a_reporter_cannot_request_an_extension_after_the_deadline_a_manager_can_with_a_reason(
    task, people
):
    late = {"task": task, "requested_on": date(2025, 7, 30), "new_due_on": date(2025, 9, 30)}
    with pytest.raises(services.ProgressError, match="người quản lý") as refused:  # a manager
        services.extension_request(**late, reason="Chờ kinh phí", author=people.tq_dept_reporter)
    assert "30/06/2025" in str(refused.value)  # the deadline as the page writes it
    with pytest.raises(services.ProgressError) as no_reason:
        services.extension_request(**late, reason="Chờ kinh phí", author=people.tq_manager)
    assert no_reason.value.field == "late_reason"

    ext = services.extension_request(
        **late,
        reason="Chờ kinh phí",
        author=people.tq_manager,
        late_reason="Công văn đề nghị gửi ngày 25/6 nhưng chưa được nhập vào hệ thống",
    )
    assert "Chờ kinh phí" in ext.reason and "chưa được nhập" in ext.reason
    # On or before the deadline the reporter asks as before.
    services.extension_request(
        task=task,
        requested_on=date(2025, 6, 30),
        new_due_on=date(2025, 10, 31),
        reason="Chờ kinh phí",
        author=people.tq_dept_reporter,
    )


def test_an_approved_extension_appears_in_the_tasks_history(client, task, people):
    ext = services.extension_request(
        task=task,
        requested_on=date(2025, 6, 20),
        new_due_on=date(2025, 9, 30),
        reason="Chờ bố trí kinh phí",
        author=people.tq_dept_reporter,
    )
    services.extension_decide(
        extension=ext,
        approve=True,
        decided_on=date(2025, 6, 25),
        author=people.tq_manager,
        note="Đồng ý gia hạn",
    )
    client.force_login(people.tq_dept_reporter)
    page = client.get(f"/tasks/{task.pk}/")
    entries = [e for e in page.context["history"] if getattr(e, "is_extension", False)]
    assert [(e.status, e.on) for e in entries] == [
        ("approved", date(2025, 6, 25)),
        ("requested", date(2025, 6, 20)),
    ]
    html = page.content.decode()
    assert 'data-testid="history-extension" data-status="approved"' in html
    assert "Đồng ý gia hạn" in html
    # The "clear time" line gives the deadline in force, and the original beside it.
    clear_time = html.split('data-testid="clear-time">', 1)[1].split("</dd>", 1)[0]
    assert "30/09/2025" in clear_time and "30/06/2025" in clear_time
