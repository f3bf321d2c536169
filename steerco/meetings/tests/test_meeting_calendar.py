"""The meetings' month calendar (issue 16): `/meetings/?view=calendar&month=2025-10` puts
each meeting the user may see on its day of a Monday-first grid, linking to it, with the
same meetings listed by day for a phone; a month that cannot be read is said so, naming
the field, and this month shown instead."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from steerco.meetings.services import meeting_create

from .conftest import committees, tuyen_quang  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_the_calendar_shows_the_months_meetings_on_their_days(committees, people, time_machine):  # noqa: F811
    time_machine.move_to(date(2025, 12, 2))
    tq, cb = committees
    october = meeting_create(
        user=people.tq_manager, committee=tq, number=2, held_on=date(2025, 10, 15)
    )
    meeting_create(user=people.tq_manager, committee=tq, number=3, held_on=date(2025, 11, 3))
    hidden = meeting_create(
        user=people.cb_manager, committee=cb, number=1, held_on=date(2025, 10, 16)
    )
    client = Client()
    client.force_login(people.tq_manager)
    url = reverse("web:meetings")
    response = client.get(url, {"view": "calendar", "month": "2025-10"})
    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert all(len(week) == 7 for week in weeks)  # a 7-column grid, Monday first
    assert weeks[0][0][0] == date(2025, 9, 29) and weeks[-1][-1][0] == date(2025, 11, 2)
    on_day = {day: ms for week in weeks for day, _in_month, ms in week if ms}
    assert on_day == {date(2025, 10, 15): [october]}  # Cao Bằng's meeting is not shown
    html = response.content.decode()
    link = f'href="/meetings/{october.pk}/"'
    assert html.count(link) == 2  # on the grid and in the phone's list by day
    assert f'href="/meetings/{hidden.pk}/"' not in html
    assert "view=calendar&amp;month=2025-09" in html and "view=calendar&amp;month=2025-11" in html

    # Without a month: this month; a month that cannot be read is named and this month shown.
    assert client.get(url, {"view": "calendar"}).context["month"] == date(2025, 12, 1)
    response = client.get(url, {"view": "calendar", "month": "2025-13"})
    assert response.context["month"] == date(2025, 12, 1)
    assert any("2025-13" in str(m) for m in response.context["messages"])
    # The list by committee is still the page's default.
    assert "weeks" not in client.get(url).context
