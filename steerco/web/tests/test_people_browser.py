"""A manager invites an official, and the official signs in through the link — in Debian's
Chromium (Playwright; marker `browser`, see the root conftest.py). Screenshots of the
pages at 1280 px and on a 360 px phone go to test-artifacts/ (git-ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}
PASSWORD = "sông Lô chảy qua Tuyên Quang"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Tab:
    """A browser tab that records console errors and requests leaving the origin."""

    def __init__(self, browser, base: str, viewport: dict) -> None:  # type: ignore[no-untyped-def]
        self.base = base
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: (
                r.url.startswith(base) or r.url.startswith("data:") or self.foreign.append(r.url)
            ),
        )

    def go(self, url: str) -> None:
        self.page.goto(url if url.startswith("http") else self.base + url)
        self.page.wait_for_load_state("networkidle")

    def sign_in(self, username: str, password: str) -> None:
        self.go("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()
        assert not self.foreign, f"requests left the origin: {self.foreign}"
        assert not self.errors, self.errors  # includes Content-Security-Policy violations


@pytest.fixture
def tabs(browser, live_server):  # type: ignore[no-untyped-def]
    opened: list[Tab] = []

    def open_(viewport: dict = DESKTOP) -> Tab:
        tab = Tab(browser, live_server.url, viewport)
        opened.append(tab)
        return tab

    yield open_
    for tab in opened:
        tab.close()


def test_a_manager_invites_an_official_who_signs_in_through_the_link(tabs, people):
    from playwright.sync_api import expect

    manager = tabs()
    manager.sign_in("tq-manager", "pw")
    manager.page.get_by_test_id("people-menu").click()  # Accounts and roles sit under People
    manager.page.click("nav a[href='/people/']")
    manager.page.wait_for_load_state("networkidle")
    expect(manager.page.get_by_test_id("roles").locator("a")).to_have_count(3)
    manager.shot("people-directory")
    manager.page.get_by_test_id("new-account").click()
    manager.page.fill("#id_username", "nguyen-van-an")
    manager.page.fill("#id_full_name", "Nguyễn Văn An")
    manager.page.fill("#id_email", "an@example.org")
    manager.page.fill("#id_unit", "08-SKHCN")
    manager.page.select_option("#id_role", "reporter")
    manager.shot("people-new")
    manager.page.click("[data-testid=account-form] button[type=submit]")
    manager.page.wait_for_load_state("networkidle")
    link = manager.page.get_by_test_id("link-url").input_value()
    assert "/people/link/" in link
    manager.shot("people-account-invited")

    official = tabs(PHONE)
    official.go(link)
    expect(official.page.locator("main")).to_contain_text("nguyen-van-an")
    official.shot("people-link-phone")
    official.page.fill("#id_new_password1", PASSWORD)
    official.page.fill("#id_new_password2", PASSWORD)
    official.page.click("[data-testid=set-password] button[type=submit]")
    official.page.wait_for_load_state("networkidle")
    assert official.page.url.endswith("/accounts/login/")
    official.sign_in("nguyen-van-an", PASSWORD)
    assert official.page.url.rstrip("/") == official.base
    expect(official.page.locator("nav.navbar")).to_contain_text("nguyen-van-an")

    official.go(link)  # a second time: refused
    expect(official.page.get_by_test_id("link-refused")).to_be_visible()
    assert official.errors == [
        "Failed to load resource: the server responded with a status of 410 (Gone)"
    ]
    official.errors.clear()


def test_the_people_pages_fit_a_phone(tabs, people):
    phone = tabs(PHONE)
    phone.sign_in("tq-manager", "pw")
    phone.go("/people/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the roles page is {width}px wide on a 360px phone"
    phone.shot("people-directory-phone")
    phone.go(f"/people/{people.tq_dept_reporter.pk}/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the account page is {width}px wide on a 360px phone"
    phone.shot("people-account-phone")
