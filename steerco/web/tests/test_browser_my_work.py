"""On a 360 px phone: a reporter's month in 'My work' — the cards, one tap on 'no change
since last month', and the login page's first button (issue 15, items 14 and 15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from steerco.progress.models import ProgressUpdate
from steerco.progress.services import progress_report

from .test_browser import PHONE, _expect, data, session  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reporter_taps_no_change_on_a_phone(session, data):  # noqa: F811
    progress_report(
        task=data.on_track,
        reported_on=data.today - timedelta(days=40),
        state="in_progress",
        percent=60,
        recorded_at=timezone.now() - timedelta(days=40),
    )
    s = session(PHONE).sign_in("tq-skhcn")
    s.go("/my/")
    cards = s.page.get_by_test_id("my-to_report")
    assert "60%" in cards.inner_text()
    width = s.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width  # no sideways scrolling
    s.shot("my-work-month-phone")
    cards.get_by_role("button").first.click()
    s.page.wait_for_load_state("networkidle")
    rows = ProgressUpdate.objects.filter(task=data.on_track).order_by("recorded_at", "pk")
    assert [(r.percent, r.state) for r in rows] == [(60, "in_progress"), (60, "in_progress")]
    assert not s.errors, s.errors


def test_the_first_button_of_the_sign_in_page_is_sign_in(session, data):  # noqa: F811
    s = session(PHONE)
    s.page.goto(s.base + "/accounts/login/")
    first = s.page.locator("button").first
    assert first.inner_text().strip() in ("Đăng nhập", "Sign in")
    s.shot("login-phone")
