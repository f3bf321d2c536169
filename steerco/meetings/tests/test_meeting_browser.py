"""In a browser (issue 16): the month calendar shows a meeting on its day and links to it —
on a grid at desk width, listed by day on a 360 px phone — and the calendar, the new-meeting
form with the members' checkboxes and the meeting's attendance pass axe-core (no serious or
critical violation), in Vietnamese and in English."""

from __future__ import annotations

from datetime import date

import pytest

from steerco.meetings.models import MemberTitle
from steerco.meetings.services import committee_member_add, meeting_create
from steerco.units.models import Role
from steerco.units.services import membership_grant
from steerco.web.tests.test_browser import PHONE, _expect, session  # noqa: F401  (fixtures)
from steerco.web.tests.test_browser_axe import _violations
from tests.factories import UserFactory

from .conftest import committees, tuyen_quang  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_calendar_and_attendance_in_a_browser(session, committees, people):  # noqa: F811
    tq, _cb = committees
    head = UserFactory(username="bcd-head", first_name="Nguyễn", last_name="Văn A")
    membership_grant(user=head, unit=tq, role=Role.VIEWER)
    seated = [
        committee_member_add(user=people.tq_manager, committee=tq, member=head, title="head"),
        committee_member_add(
            user=people.tq_manager,
            committee=tq,
            member=people.tq_manager,
            title=MemberTitle.DEPUTY_HEAD,
        ),
    ]
    meeting = meeting_create(
        user=people.tq_manager,
        committee=tq,
        number=2,
        held_on=date(2025, 10, 15),
        members_present=seated[:1],
        members_absent=seated[1:],
    )
    calendar = "/meetings/?view=calendar&month=2025-10"
    link = f'a[href="/meetings/{meeting.pk}/"]'

    desk = session().sign_in("tq-manager")
    desk.go(calendar)
    grid = desk.page.locator("table.meetings-calendar")
    assert grid.is_visible() and grid.locator("tbody tr").first.locator("td").count() == 7
    grid.locator(link).click()
    desk.page.wait_for_load_state("load")
    assert desk.page.url.endswith(f"/meetings/{meeting.pk}/")
    assert "Nguyễn Văn A" in desk.page.locator('[data-testid="present"]').inner_text()

    phone = session(PHONE).sign_in("tq-manager")
    phone.go(calendar)
    assert not phone.page.locator("table.meetings-calendar").is_visible()
    assert phone.page.locator(f'[data-testid="calendar-days"] {link}').is_visible()
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the calendar scrolls sideways on a phone"

    problems = []
    for lang in ("vi", "en"):
        desk.context.add_cookies([{"name": "django_language", "value": lang, "url": desk.base}])
        for path in (calendar, "/meetings/", f"/meetings/{meeting.pk}/"):
            problems += _violations(desk, path)
    problems += _violations(phone, calendar)
    assert not problems, "\n".join(problems)
