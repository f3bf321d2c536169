"""The demo obeys the extension rule (issue 15, item 3): a request filed after the
deadline in force is refused unless a manager of the task records it, saying why it comes
late (`progress.services.extension_request`). The demo bulk-loads its requests, so it
must write them as the service would.

The full tree and the demo are loaded once for the module (rolled back afterwards)."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.utils import translation

from steerco.directives.permissions import Action, may
from steerco.notices.models import Notice
from steerco.progress.models import Extension
from steerco.progress.services import late_request_reason

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(demo_dataset):  # type: ignore[no-untyped-def]
    return demo_dataset


def _late_marker() -> str:
    """How the service words the late reason's line, in the demo's language."""
    with translation.override("vi"):
        return late_request_reason("", "").strip()


def test_no_request_after_the_deadline_without_a_recording_manager_and_a_reason(demo):
    late = list(
        Extension.objects.filter(requested_on__gt=F("previous_due_on")).select_related(
            "task__assigned_by", "requested_by"
        )
    )
    assert len(late) > 50  # the demo has them: stalled tasks asking long after the deadline
    marker = _late_marker()
    wrong = [
        (e.pk, e.task.assigned_by.code, e.requested_by)
        for e in late
        if e.requested_by is None
        or not may(e.requested_by, Action.MANAGE, e.task)
        or marker not in e.reason
        or not e.reason.split(marker, 1)[1].strip()
    ]
    assert wrong == []


def test_the_offices_that_record_late_requests_cannot_sign_in_and_are_told_nothing(demo):
    recorders = {
        e.requested_by
        for e in Extension.objects.filter(requested_on__gt=F("previous_due_on")).select_related(
            "requested_by"
        )
    }
    offices = {u for u in recorders if u.username.startswith("office-")}
    assert offices and not any(u.has_usable_password() for u in offices)
    assert not Notice.objects.filter(recipient__in=offices).exists()  # nobody reads them
    # In Tuyên Quang and Cao Bằng the demo's own managers record them.
    assert {u.username for u in recorders - offices} <= {"tq-manager", "cb-manager"}


def test_a_request_before_the_deadline_keeps_its_reason_as_the_lead_gave_it(demo):
    marker = _late_marker()
    on_time = Extension.objects.filter(requested_on__lte=F("previous_due_on"))
    assert on_time.exists()
    assert not any(marker in reason for reason in on_time.values_list("reason", flat=True))
