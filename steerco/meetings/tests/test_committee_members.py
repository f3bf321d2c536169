"""A committee's members (issue 16): users holding a role on the committee, each with a
title; the new-meeting form offers them ticked (present by default), the meeting records
who was present and who absent, its page lists them with their titles, and without a chair
typed the chair is the member titled head."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from steerco.meetings.models import Attendance, Meeting, MemberTitle
from steerco.meetings.services import (
    MeetingError,
    committee_member_add,
    meeting_create,
    notice_title,
)
from steerco.units.models import Role
from steerco.units.services import membership_grant
from tests.factories import UserFactory

from .conftest import committees, tuyen_quang  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(committees, people):  # noqa: F811
    tq, _cb = committees
    head = UserFactory(username="bcd-head", first_name="Nguyễn", last_name="Văn A")
    membership_grant(user=head, unit=tq, role=Role.VIEWER)
    member = UserFactory(username="bcd-member", first_name="Trần", last_name="Thị B")
    membership_grant(user=member, unit=tq, role=Role.VIEWER)
    add = committee_member_add
    return (
        add(user=people.tq_manager, committee=tq, member=head, title=MemberTitle.HEAD),
        add(
            user=people.tq_manager,
            committee=tq,
            member=people.tq_manager,
            title=MemberTitle.DEPUTY_HEAD,
        ),
        add(user=people.tq_manager, committee=tq, member=member),
    )


def test_a_member_is_a_user_with_a_role_on_the_committee(committees, people, members):  # noqa: F811
    tq, cb = committees
    head, deputy, member = members
    assert [m.order for m in members] == [1, 2, 3] and member.title == MemberTitle.MEMBER
    # Cao Bằng's manager holds no role on Tuyên Quang's committee: refused, naming the user.
    with pytest.raises(MeetingError) as exc:
        committee_member_add(user=people.tq_manager, committee=tq, member=people.cb_manager)
    assert exc.value.field == "user"
    # Nor a department's reporter (a role below the committee covers nothing of it).
    with pytest.raises(MeetingError):
        committee_member_add(user=people.tq_manager, committee=tq, member=people.tq_dept_reporter)
    with pytest.raises(MeetingError) as exc:  # once only
        committee_member_add(user=people.tq_manager, committee=tq, member=head.user)
    assert exc.value.field == "user"
    with pytest.raises(MeetingError) as exc:
        committee_member_add(
            user=people.tq_manager, committee=tq, member=people.tq_manager, title="chief"
        )
    assert exc.value.field == "title"
    with pytest.raises(PermissionError):  # only a manager of the committee adds members
        committee_member_add(user=people.cb_manager, committee=tq, member=head.user)


def test_attendance_is_recorded_and_the_head_chairs_by_default(committees, people, members):  # noqa: F811
    tq, _cb = committees
    head, deputy, member = members
    meeting = meeting_create(
        user=people.tq_manager,
        committee=tq,
        number=1,
        held_on=date(2025, 10, 20),
        members_present=[head, deputy],
        members_absent=[member],
        present="Khách mời: Giám đốc Sở Tư pháp",
    )
    assert meeting.chair_name == "Nguyễn Văn A"  # the member titled head
    assert {(a.member, a.present) for a in Attendance.objects.filter(meeting=meeting)} == {
        (head, True),
        (deputy, True),
        (member, False),
    }
    with pytest.raises(MeetingError) as exc:  # present and absent at once
        meeting_create(
            user=people.tq_manager,
            committee=tq,
            number=2,
            held_on=date(2025, 11, 20),
            members_present=[head],
            members_absent=[head],
        )
    assert exc.value.field == "members"
    typed = meeting_create(
        user=people.tq_manager,
        committee=tq,
        number=3,
        held_on=date(2025, 12, 20),
        chair_name="Phan Huy Ngọc",
        members_present=[deputy],
    )
    assert typed.chair_name == "Phan Huy Ngọc"  # a chair typed is kept


def test_the_form_offers_the_members_ticked_and_the_page_lists_them(
    committees,  # noqa: F811
    people,
    members,
):
    tq, _cb = committees
    head, deputy, member = members
    client = Client()
    client.force_login(people.tq_manager)
    page = client.get(reverse("web:meetings")).content.decode()
    for m in members:
        assert f'name="members" value="{m.pk}" id="member-{m.pk}" checked' in page
    response = client.post(
        reverse("web:meetings"),
        {
            "committee": str(tq.pk),
            "number": "7",
            "held_on": "2025-12-20",
            "members": [str(head.pk), str(member.pk)],  # the deputy head unticked
            "present": "Giám đốc Sở Tư pháp (khách mời)",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get(number=7)
    assert meeting.chair_name == "Nguyễn Văn A"
    assert set(meeting.attendance.filter(present=False).values_list("member", flat=True)) == {
        deputy.pk
    }
    client.cookies["django_language"] = "en"
    page = client.get(reverse("web:meeting", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    present = html.split('data-testid="present"')[1].split("</div>")[0]
    absent = html.split('data-testid="absent"')[1].split("</div>")[0]
    assert "Nguyễn Văn A" in present and "Trần Thị B" in present
    assert "Giám đốc Sở Tư pháp (khách mời)" in present
    assert (people.tq_manager.get_full_name() or "tq-manager") in absent
    assert str(deputy.get_title_display()) in absent


def test_the_operator_seats_members_from_the_command_line(committees, people):  # noqa: F811
    tq, _cb = committees
    out = StringIO()
    call_command(
        "meeting",
        "member-add",
        "--committee",
        tq.code,
        "--user",
        "tq-manager",
        "--title",
        "deputy_head",
        stdout=out,
    )
    assert "tq-manager\tdeputy_head" in out.getvalue()
    for args, field in [
        (["--user", "cb-manager"], "--user"),  # no role on Tuyên Quang's committee
        (["--user", "nobody"], "--user"),
        (["--user", "central", "--title", "chief"], "--title"),
    ]:
        with pytest.raises(CommandError, match=field):
            call_command("meeting", "member-add", "--committee", tq.code, *args)
    with pytest.raises(CommandError, match="--committee"):
        call_command("meeting", "members", "--committee", tq.parent.code)


def test_a_head_seated_later_chairs_a_meeting_recorded_without_a_chair(committees, people):  # noqa: F811
    tq, _cb = committees
    meeting = meeting_create(
        user=people.tq_manager, committee=tq, number=1, held_on=date(2025, 10, 20)
    )
    assert meeting.chair == "" and "đồng chí," in notice_title(meeting)
    head = UserFactory(username="bcd-head", first_name="Nguyễn", last_name="Văn A")
    membership_grant(user=head, unit=tq, role=Role.VIEWER)
    committee_member_add(user=people.tq_manager, committee=tq, member=head, title="head")
    assert meeting.chair == "Nguyễn Văn A"
    assert notice_title(meeting).startswith("Kết luận của đồng chí Nguyễn Văn A, Trưởng Ban")
