"""The API's interactive docs in Chromium: Swagger UI renders from the site's own static
files under its Content-Security-Policy, loads nothing from another host, and its 'Try it
out' runs a request with the signed-in session."""

from __future__ import annotations

import pytest

from steerco.web.tests.test_browser import _expect, session  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_render_under_the_csp_from_our_own_files(session, people):  # noqa: F811
    s = session()
    violations: list[str] = []
    s.page.on(
        "console", lambda m: "Content Security Policy" in m.text and violations.append(m.text)
    )
    response = s.go("/api/v1/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    page = s.page
    page.wait_for_selector(".swagger-ui .info .title")
    assert "steerco API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector('[data-path="/api/v1/tasks"]')
    assert page.locator(".opblock").count() >= 10  # the operations, read and write
    assert not violations, violations
    assert not s.errors, s.errors
    s.close()  # fails on any request that left the origin


def test_try_it_out_runs_with_the_signed_in_session(session, people):  # noqa: F811
    s = session().sign_in("tq-manager")
    s.go("/api/v1/docs")
    page = s.page
    page.wait_for_selector("#operations-me-steerco_api_v1_me_me")
    page.click("#operations-me-steerco_api_v1_me_me .opblock-summary")
    page.click("text=Try it out")
    page.click("text=Execute")
    row = ".live-responses-table tbody .response"
    page.wait_for_selector(row)
    assert page.inner_text(f"{row} .response-col_status").strip().startswith("200")
    assert "tq-manager" in page.inner_text(f"{row} .response-col_description")
    assert not s.errors, s.errors
