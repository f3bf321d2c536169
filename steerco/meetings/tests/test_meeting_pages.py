"""Recording a meeting and marking it held from the pages (issue 16): the "New meeting"
form on the list (committees the user manages only; units of the province named by code or
name; the directives discussed by symbol; the agenda one item a line, all or nothing) and
the meeting page's "Mark as held", which freezes the pack."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from steerco.meetings.models import Meeting, MeetingStatus
from steerco.units.models import Unit
from tests.factories import make_directive

from .conftest import committees, tuyen_quang  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def client_for(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _form(committee: Unit, /, **extra: str) -> dict[str, str]:
    return {
        "committee": str(committee.pk),
        "number": "4",
        "held_on": "2025-12-20",
        "place": "Trụ sở Tỉnh ủy",
        "chair_name": "Nguyễn Văn A",
        "chair_title": "Bí thư Tỉnh ủy",
        "present": "Nguyễn Văn A, Trưởng ban\n\nTrần Thị B, Phó Trưởng ban",
        "absent": "Lê Văn C",
        "invited_units": "08-SKHCN\nSở Tài chính",
        "directives": "",
        "agenda": "Báo cáo kết quả năm 2025 | Sở Khoa học và Công nghệ\nThảo luận",
        **extra,
    }


def test_a_manager_records_a_meeting_with_its_agenda_then_marks_it_held(
    committees,  # noqa: F811
    people,
    time_machine,
):
    time_machine.move_to(date(2025, 12, 22))
    tq, cb = committees
    plan = make_directive(tq.parent, symbol="01-KH/BCĐ")
    client = client_for(people.tq_manager)
    page = client.get(reverse("web:meetings")).content.decode()
    assert 'data-testid="new-meeting"' in page
    assert f'value="{tq.pk}"' in page and f'value="{cb.pk}"' not in page  # only its own

    response = client.post(reverse("web:meetings"), _form(tq, directives="01-KH/BCĐ"))
    meeting = Meeting.objects.get(committee=tq, number=4)
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.present.splitlines() == [
        "Nguyễn Văn A, Trưởng ban",
        "Trần Thị B, Phó Trưởng ban",
    ]
    assert sorted(u.code for u in meeting.invited_units.all()) == ["08-SKHCN", "08-STC"]
    assert list(meeting.directives.all()) == [plan]
    agenda = [(a.order, a.title, a.presenting_unit) for a in meeting.agenda.all()]
    assert agenda == [
        (1, "Báo cáo kết quả năm 2025", Unit.objects.get(code="08-SKHCN")),
        (2, "Thảo luận", None),
    ]
    assert meeting.status == MeetingStatus.DRAFT and meeting.pack is None

    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="hold-form"' in page
    response = client.post(reverse("web:meeting_held", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.pack is not None
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="hold-form"' not in page  # once only
    assert 'data-testid="pack"' in page


def test_a_bad_line_refuses_the_whole_meeting_naming_the_field(committees, people):  # noqa: F811
    tq, cb = committees
    client = client_for(people.tq_manager)
    cases = {
        "invited_units": {"invited_units": "04-SKHCN"},  # Cao Bằng's department
        "agenda": {"agenda": "Báo cáo | Sở Không Có"},
        "directives": {"directives": "99-KH/NOWHERE"},
        "committee": {"committee": str(cb.pk)},  # a committee it does not manage
        "held_on": {"held_on": "20/13/2025"},
    }
    for field, bad in cases.items():
        response = client.post(reverse("web:meetings"), _form(tq, **bad))
        assert response.status_code == 200, field
        assert field in response.context["form"].errors, (field, response.context["form"].errors)
    assert not Meeting.objects.exists()
    # The number is the committee's own: a second meeting no. 4 is refused too.
    assert client.post(reverse("web:meetings"), _form(tq)).status_code == 302
    response = client.post(reverse("web:meetings"), _form(tq, held_on="2025-12-27"))
    assert "number" in response.context["form"].errors
    assert Meeting.objects.count() == 1


def test_only_a_manager_of_the_committee_records_or_marks_held(committees, people):  # noqa: F811
    tq, _cb = committees
    client_for(people.tq_manager).post(reverse("web:meetings"), _form(tq))
    meeting = Meeting.objects.get()
    # Cao Bằng's manager sees the list but neither Tuyên Quang's committee nor its meeting.
    cb = client_for(people.cb_manager)
    assert cb.post(reverse("web:meetings"), _form(tq, number="5")).status_code == 200
    assert cb.post(reverse("web:meeting_held", args=[meeting.pk])).status_code == 404
    # Tuyên Quang's department reporter holds no role covering a committee.
    dept = client_for(people.tq_dept_reporter)
    assert dept.post(reverse("web:meetings"), _form(tq, number="6")).status_code == 403
    assert dept.post(reverse("web:meeting_held", args=[meeting.pk])).status_code == 404
    assert Meeting.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
