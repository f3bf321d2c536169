"""Journeys through the web application in Debian's Chromium, driven by Playwright.

Needs /usr/bin/chromium (`apt-get install -y chromium`; never `playwright install`).
Without it these tests are skipped, except under CI=true where they fail.
Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from steerco.progress.models import ProgressUpdate

from .conftest import build_web_data

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
expect = None  # playwright.sync_api.expect, once the browser fixture has imported it

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def _expect(browser):  # type: ignore[no-untyped-def]
    """Playwright's `expect`, imported once the root conftest's browser fixture has started."""
    global expect
    from playwright.sync_api import expect as playwright_expect

    ARTIFACTS.mkdir(exist_ok=True)
    expect = playwright_expect


@pytest.fixture
def data(tree, people):  # type: ignore[no-untyped-def]
    return build_web_data(tree)


class Session:
    """A signed-in browser tab that records console errors and requests leaving the origin."""

    def __init__(self, browser, live_server, viewport=None):  # type: ignore[no-untyped-def]
        self.base = live_server.url
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 860})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: (
                r.url.startswith(self.base)
                or r.url.startswith("data:")
                or self.foreign.append(r.url)
            ),
        )

    def sign_in(self, username: str, password: str = "pw") -> Session:
        self.page.goto(self.base + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state("networkidle")
        return self

    def go(self, path: str):  # type: ignore[no-untyped-def]
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return response

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()
        assert not self.foreign, f"requests left the origin: {self.foreign}"


@pytest.fixture
def session(browser, live_server):  # type: ignore[no-untyped-def]
    opened: list[Session] = []

    def open_(viewport=None) -> Session:  # type: ignore[no-untyped-def]
        s = Session(browser, live_server, viewport)
        opened.append(s)
        return s

    yield open_
    for s in opened:
        s.close()


def test_sign_in_and_see_the_dashboard_with_figures_and_charts(session, data):
    s = session().sign_in("tq-manager")
    page = s.page
    assert page.url.endswith("/")
    assert page.get_by_test_id("unit-name").inner_text() == "Tuyên Quang"
    assert page.get_by_test_id("tile-total").inner_text() == "7"
    assert page.get_by_test_id("tile-overdue").inner_text() == "2"
    assert page.get_by_test_id("tile-done_on_time").inner_text() == "1"
    assert "Tổng quan" in page.locator("nav.navbar").inner_text()  # Vietnamese by default
    page.wait_for_selector("#chart-status canvas")
    assert page.locator("#chart-directives canvas").count() == 1
    assert page.locator("#chart-trend canvas").count() == 1
    assert page.get_by_test_id("overdue").locator("tbody tr").count() == 2
    s.shot("dashboard-province")
    assert not s.errors, s.errors  # includes Content-Security-Policy violations
    s.go("/ranking/")
    assert page.get_by_test_id("own-row").inner_text().find("Tuyên Quang") >= 0
    s.shot("ranking-provinces")
    s.go(f"/directives/{data.resolution.pk}/")
    assert page.get_by_test_id("task-tree").locator("li").count() >= 2
    s.shot("directive")
    s.go("/my/")
    s.shot("my-work")
    assert not s.errors, s.errors


def test_filter_tasks(session, data):
    s = session().sign_in("tq-manager")
    s.go("/tasks/")
    rows = s.page.get_by_test_id("task-table").locator("tbody tr")
    assert rows.count() == 7
    s.page.select_option("#id_task_class", "overdue")
    expect(s.page.get_by_test_id("task-table").locator("tbody tr")).to_have_count(2)
    assert "task_class=overdue" in s.page.url  # htmx pushed the filtered address
    text = s.page.get_by_test_id("task-table").inner_text()
    assert "Xây dựng nền tảng dữ liệu khoa học" in text and "Thành lập tổ công nghệ số" in text
    s.shot("tasks-filtered")
    with s.page.expect_download() as download:
        s.page.get_by_test_id("export").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert not s.errors, s.errors


def test_submit_an_update_on_a_phone_and_see_the_class_change(session, data):
    s = session(viewport=PHONE).sign_in("tq-skhcn")
    s.go(f"/tasks/{data.overdue.pk}/")
    assert s.page.locator(".cls").first.get_attribute("data-class") == "overdue"
    s.page.get_by_test_id("report-link").click()
    s.page.wait_for_load_state("networkidle")
    width = s.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the report form scrolls sideways at 360 px ({width} px)"
    s.page.locator("label[for=id_state_2]").click()  # completed
    s.page.fill("#id_percent", "100")
    s.page.fill("#id_done", "Nền tảng đã vận hành")
    s.page.fill("#id_product_symbol", "45/QĐ-SKHCN")
    s.shot("report-form-phone")
    s.page.get_by_test_id("submit-report").dblclick()
    s.page.wait_for_url(re.compile(rf"/tasks/{data.overdue.pk}/$"))
    s.page.wait_for_load_state("networkidle")
    assert s.page.locator(".cls").first.get_attribute("data-class") == "done_late"
    assert ProgressUpdate.objects.filter(task=data.overdue).count() == 1
    s.shot("task-after-update-phone")
    assert not s.errors, s.errors


def test_switch_language_is_remembered_after_signing_in_again(session, data):
    s = session().sign_in("tq-manager")
    s.page.get_by_test_id("lang-en").click()
    s.page.wait_for_load_state("networkidle")
    assert "Overview" in s.page.locator("nav.navbar").inner_text()
    assert s.page.get_by_test_id("tile-total").inner_text() == "7"
    s.shot("dashboard-english")
    s.page.locator("nav form[action='/accounts/logout/'] button").click()
    s.page.wait_for_load_state("networkidle")
    s.context.clear_cookies()
    s.sign_in("tq-manager")
    assert "Overview" in s.page.locator("nav.navbar").inner_text()


def test_another_provinces_task_is_not_found_and_a_task_one_may_not_edit_is_refused(session, data):
    s = session().sign_in("tq-skhcn")
    assert s.go(f"/tasks/{data.cb_task.pk}/").status == 404  # as if it did not exist
    response = s.go(f"/tasks/{data.overdue.pk}/edit/")  # sees the task, manages nothing
    assert response.status == 403
    assert s.page.get_by_test_id("forbidden").is_visible()
    s.shot("forbidden")
