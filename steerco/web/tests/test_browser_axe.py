"""axe-core over the main pages, as each persona and in both languages: no serious or
critical violation (issue 15, item 16). axe is vendored for the tests only."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_browser import _expect, data, session  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = ["/", "/ranking/", "/tasks/", "/my/", "/indicators/", "/reports/", "/help/"]


def _violations(s, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    s.go(path)
    # add_script_tag injects an inline <script>, which the CSP refuses; evaluating the
    # source through the DevTools protocol is not subject to it.
    s.page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = s.page.evaluate("async () => await axe.run()")
    return [
        f"{path}: {v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("username", ["tq-manager", "tq-skhcn"])
def test_main_pages_have_no_serious_axe_violation(session, data, username):  # noqa: F811
    s = session().sign_in(username)
    found: list[str] = []
    for lang in ("vi", "en"):
        if lang == "en":
            s.page.get_by_test_id("lang-en").click()
            s.page.wait_for_load_state("networkidle")
        for path in [*PAGES, f"/tasks/{data.on_track.pk}/"]:
            found += [f"[{lang}] {v}" for v in _violations(s, path)]
    print("\n".join(found))
    assert not found, "\n".join(found)
