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


def test_the_whole_loop_from_recording_a_meeting_to_the_next_meetings_pack(
    session,  # noqa: F811
    committees,  # noqa: F811
    people,
):
    """Issue 16's loop in the browser, every step on the pages: a manager records meeting
    no. 3 with the form, marks it held, pastes the concluding notice, confirms the
    proposals, issues the notice and downloads it as Word; then records meeting no. 4,
    marks it held, and its pack reports the notice's tasks by class."""
    from datetime import date

    from steerco.directives.models import Directive
    from steerco.meetings.models import Meeting
    from tests.factories import make_directive, make_task

    tq_committee, _ = committees
    plan = make_directive(tq_committee.parent, symbol="01-KH/BCĐ", issued_on=date(2025, 9, 1))
    make_task(plan, plan.issuer.children.get(code="08-SKHCN"), due_on=date(2025, 9, 30))
    s = session().sign_in("tq-manager")

    def record(number: int, day: str) -> Meeting:
        s.go("/meetings/")
        s.page.locator("[data-testid=new-meeting] summary").click()
        s.page.select_option("#id_committee", str(tq_committee.pk))
        s.page.fill("#id_number", str(number))
        s.page.fill("#id_held_on", day)
        s.page.fill("#id_place", "Trụ sở Tỉnh ủy Tuyên Quang")
        s.page.fill("#id_chair_name", "Nguyễn Văn A")
        s.page.fill("#id_directives", "01-KH/BCĐ")
        s.page.locator("[data-testid=new-meeting] button[type=submit]").click()
        s.page.wait_for_load_state("networkidle")
        meeting = Meeting.objects.get(committee=tq_committee, number=number)
        assert s.page.url.endswith(f"/meetings/{meeting.pk}/"), s.page.url
        s.page.locator("[data-testid=hold-form] button").click()
        s.page.wait_for_load_state("networkidle")
        meeting.refresh_from_db()
        assert meeting.status == "held"
        return meeting

    third = record(3, "2025-10-20")
    s.page.locator("[data-testid=conclusions] a").click()
    s.page.fill("#id_text", NOTICE.read_text("utf-8"))
    s.page.locator("button[value=propose]").click()
    s.page.wait_for_load_state("networkidle")
    kept = s.page.locator("input[name=keep]:checked").count()
    assert kept > 0
    s.page.locator("button[value=confirm]").click()
    s.page.wait_for_load_state("networkidle")
    s.page.fill("#id_symbol", "05-TB/BCĐ")
    s.page.fill("#id_issued_on", "2025-10-24")
    s.page.locator("[data-testid=notice-form] button[type=submit]").click()
    s.page.wait_for_load_state("networkidle")
    notice = Directive.objects.get(symbol="05-TB/BCĐ")
    assert notice.tasks.count() == kept
    with s.page.expect_download() as download:
        s.page.locator("[data-testid=notice] a", has_text="Word").first.click()
    assert download.value.suggested_filename.endswith(".docx")
    third.refresh_from_db()
    assert third.notice_id == notice.pk

    record(4, "2025-11-20")
    pack = s.page.locator("[data-testid=pack]")
    row = pack.locator("tbody tr", has_text="05-TB/BCĐ").first
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert int(cells[0]) == kept  # every task of the notice, counted by class beside it
    assert sum(int(c) for c in cells[1:]) == kept
    s.shot("meeting-loop-next-pack")
    assert not s.errors, s.errors
