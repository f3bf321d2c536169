"""A reporter creates an API token, copies it once and revokes it — in Debian's Chromium
(Playwright; marker `browser`, see the root conftest.py); the page has no serious axe
violation and fits a 360 px phone. Screenshots go to test-artifacts/ (git-ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.accounts.tokens import authenticate_token

from .test_people_browser import DESKTOP, PHONE, tabs  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def _serious_axe_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    # Evaluated through the DevTools protocol: an injected <script> would meet the CSP.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("async () => await axe.run()")
    return [
        f"{v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_reporter_creates_a_token_sees_it_once_and_revokes_it(tabs, people):  # noqa: F811
    from playwright.sync_api import expect

    tab = tabs(DESKTOP)
    tab.sign_in("tq-skhcn", "pw")
    tab.page.get_by_test_id("account-menu").click()  # the menu under the user's name
    tab.page.get_by_test_id("tokens-link").click()
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.url.endswith("/account/tokens/")
    tab.page.fill("#id_name", "bảng điều khiển tỉnh")
    tab.page.check("input[name=scopes][value=read]")
    tab.page.check("input[name=scopes][value=report]")
    tab.page.fill("#id_expires_days", "30")
    tab.page.click("[data-testid=token-form] button[type=submit]")
    tab.page.wait_for_load_state("networkidle")
    token = tab.page.get_by_test_id("token-value").input_value()
    opened = authenticate_token(token)
    assert opened is not None and opened.scopes == ["read", "report"]
    assert _serious_axe_violations(tab.page) == []
    tab.shot("tokens-created")

    tab.go("/account/tokens/")  # the token is not shown again
    expect(tab.page.get_by_test_id("issued-token")).to_have_count(0)
    assert token not in tab.page.content()
    row = tab.page.get_by_test_id(f"token-{opened.pk}")
    expect(row).to_contain_text(opened.prefix)
    row.locator("button[type=submit]").click()
    tab.page.wait_for_load_state("networkidle")
    assert authenticate_token(token) is None
    expect(row.locator("button")).to_have_count(0)


def test_the_tokens_page_fits_a_phone(tabs, people):  # noqa: F811
    from steerco.accounts.tokens import token_create

    token_create(actor=None, user=people.tq_dept_reporter, name="ci", scopes="read,report,manage")
    phone = tabs(PHONE)
    phone.sign_in("tq-skhcn", "pw")
    phone.page.click("button.navbar-toggler")
    phone.page.get_by_test_id("account-menu").click()
    phone.page.get_by_test_id("tokens-link").click()
    phone.page.wait_for_load_state("networkidle")
    assert phone.page.url.endswith("/account/tokens/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the tokens page is {width}px wide on a 360px phone"
    phone.shot("tokens-phone")
