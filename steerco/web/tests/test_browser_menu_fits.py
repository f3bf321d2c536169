"""At 1366 px the menu's entries stay on one line with the meetings' entry (issue 16): for
a province's manager (the widest menu but an administrator's), in Vietnamese and in
English, the meetings are grouped under "Reports" (it opens on a click), so the menu is no
wider than before they came."""

from __future__ import annotations

import pytest

from .test_browser import data, session  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 860}

# The vertical centre of each entry of the menu.
ROWS = """() => [...document.querySelectorAll('nav.navbar .navbar-nav > .nav-item')]
  .map((el) => { const r = el.getBoundingClientRect(); return Math.round(r.top + r.height / 2); })"""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_managers_menu_fits_on_one_line_at_1366_px(session, data, language):  # noqa: F811
    s = session(DESKTOP).sign_in("tq-manager")
    s.context.add_cookies([{"name": "django_language", "value": language, "url": s.base}])
    s.go("/tasks/")
    entries = s.page.locator("nav.navbar .navbar-nav > .nav-item").all_inner_texts()
    centres = s.page.evaluate(ROWS)
    assert max(centres) - min(centres) <= 4, (entries, centres)
    s.page.get_by_test_id("reports-menu").click()
    s.page.locator("nav .dropdown-menu a[href='/meetings/']").click()
    s.page.wait_for_load_state("networkidle")
    assert s.page.url.endswith("/meetings/")
    assert not s.errors, s.errors
