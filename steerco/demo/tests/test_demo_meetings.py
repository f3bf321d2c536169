"""After `steerco demo load`, Tuyên Quang's steering committee has held its meetings of
2025 (issue 16): the first issued concluding notice 18-TB/BCĐ, whose assignments are tasks
of the departments with their histories; the second meeting's frozen pack reports them as
they stood on its date, the overdue ones named with their lead unit."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from steerco.directives.models import Directive, DirectiveKind
from steerco.meetings.models import CommitteeMember, Meeting, MeetingStatus, MemberTitle
from steerco.meetings.pack import notices_of
from steerco.progress.models import ProgressUpdate

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(demo_dataset):  # type: ignore[no-untyped-def]
    return demo_dataset


def test_tuyen_quang_held_its_meetings_and_the_notices_tasks_are_tracked(demo):  # type: ignore[no-untyped-def]
    first, second = Meeting.objects.filter(committee__code="08-BCD").order_by("number")
    assert (first.held_on, first.status) == (date(2025, 5, 23), MeetingStatus.NOTICE_ISSUED)
    assert (second.held_on, second.status) == (date(2025, 10, 15), MeetingStatus.HELD)
    assert first.agenda.count() == 3 and second.pack is not None

    notice = first.notice
    assert notice is not None and notice.symbol == "18-TB/BCĐ"
    assert notice.kind == DirectiveKind.NOTICE and notice.issuer.code == "08-BCD"
    tasks = list(notice.tasks.select_related("lead_unit"))
    assert 6 <= len(tasks) <= 10
    assert all(t.lead_unit.parent.code == "08" for t in tasks)  # departments lead them
    assert ProgressUpdate.objects.filter(task__in=tasks).count() >= 2 * len(tasks)

    (status,) = notices_of(second.pack)
    assert status.symbol == "18-TB/BCĐ"
    assert status.counts.total == len(tasks)
    assert (status.counts.completed, status.counts.overdue, status.counts.regular) == (4, 2, 1)
    assert {o.lead_code for o in status.overdue} == {"08-SCT", "08-SXD"}


def test_the_demo_manager_reads_the_second_meetings_pack_on_its_page(demo):  # type: ignore[no-untyped-def]
    second = Meeting.objects.get(committee__code="08-BCD", number=2)
    client = Client()
    client.force_login(get_user_model().objects.get(username="tq-manager"))
    page = client.get(f"/meetings/{second.pk}/")
    assert page.status_code == 200
    assert "18-TB/BCĐ" in page.content.decode() and "Sở Công Thương" in page.content.decode()
    # A reset keeps working: the notice is the demo's, not a directive of the user's own.
    assert Directive.objects.filter(symbol="18-TB/BCĐ").count() == 1


def test_the_committee_has_its_members_and_the_meetings_their_attendance(demo):  # type: ignore[no-untyped-def]
    members = list(CommitteeMember.objects.filter(committee__code="08-BCD").select_related("user"))
    titles = {m.user.username: m.title for m in members}
    assert titles["tq-manager"] == MemberTitle.DEPUTY_HEAD
    offices = [m.user for m in members if m.user.username.startswith("office-08-BCD-")]
    assert len(offices) == 3 and not any(u.has_usable_password() for u in offices)
    first, second = Meeting.objects.filter(committee__code="08-BCD").order_by("number")
    assert first.attendance.filter(present=True).count() == 4
    assert list(
        second.attendance.filter(present=False).values_list("member__user__username", flat=True)
    ) == ["office-08-BCD-snv"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="tq-manager"))
    page = client.get(f"/meetings/{second.pk}/").content.decode()
    absent = page.split('data-testid="absent"')[1].split("</div>")[0]
    assert "Giám đốc Sở Nội vụ" in absent
