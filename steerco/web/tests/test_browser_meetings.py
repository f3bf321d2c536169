"""The meeting journey in a browser (issue 16): a manager opens the committee's meeting,
pastes the concluding notice, reviews the proposals (what was not read flagged), confirms
them, finds the conclusions on the meeting's page and issues the notice there."""

from __future__ import annotations

import pytest

from steerco.directives.models import Task
from steerco.meetings.services import meeting_hold
from steerco.meetings.tests.conftest import (  # noqa: F401  (fixtures)
    NOTICE,
    committees,
    third_meeting,
    tuyen_quang,
)

from .test_browser import PHONE, session  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_reads_the_notice_into_conclusions_and_confirms_them(
    session,  # noqa: F811
    third_meeting,  # noqa: F811
    people,
):
    meeting_hold(user=people.tq_manager, meeting=third_meeting)
    s = session().sign_in("tq-manager")
    s.go("/meetings/")
    s.page.locator(f"a[href$='/meetings/{third_meeting.pk}/']").click()
    s.page.wait_for_load_state("networkidle")
    s.page.locator("[data-testid=conclusions] a").click()
    s.page.fill("#id_text", NOTICE.read_text("utf-8"))
    s.page.locator("button[value=propose]").click()
    s.page.wait_for_load_state("networkidle")
    proposals = s.page.locator("[data-testid=proposals] > li")
    assert proposals.count() >= 14
    assert s.page.locator("[data-testid=problem]").count() >= 1
    kept = s.page.locator("input[name=keep]:checked").count()
    assert 0 < kept < proposals.count()  # the flagged ones without a lead are not kept
    s.shot("meeting-proposals")
    s.page.locator("button[value=confirm]").click()
    s.page.wait_for_load_state("networkidle")
    assert s.page.url.endswith(f"/meetings/{third_meeting.pk}/")
    assert s.page.locator("[data-testid=conclusions] li").count() == kept
    assert third_meeting.conclusions.count() == kept
    # the notice issued from the page: a directive whose tasks are the assignments
    s.page.fill("#id_symbol", "05-TB/BCĐ")
    s.page.fill("#id_issued_on", "2025-10-24")
    s.page.locator("[data-testid=notice-form] button[type=submit]").click()
    s.page.wait_for_load_state("networkidle")
    assert s.page.locator("[data-testid=notice] a", has_text="05-TB/BCĐ").count() == 1
    assert Task.objects.filter(directive__symbol="05-TB/BCĐ").count() == kept
    s.shot("meeting-page")
    assert not s.errors, s.errors


def test_the_meeting_page_fits_a_phone(session, third_meeting, people):  # noqa: F811
    meeting_hold(user=people.tq_manager, meeting=third_meeting)
    s = session(PHONE).sign_in("tq-manager")
    s.go(f"/meetings/{third_meeting.pk}/")
    width = s.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert not s.errors, s.errors
