"""The main pages on a 360 px phone, as a province manager, a department reporter and a
commune reporter: nothing scrolls sideways, and the lists' cells — the days late and
deadlines of the overdue list, the task list's dates, the ranking's own row — are on
screen (the lists become cards); at 1366 px the lists stay tables (issue 15, item 13)."""

from __future__ import annotations

import pytest

from . import test_browser
from .test_browser import PHONE, _expect, data, session  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 860}

# The lists' cells that must be readable without scrolling: every visible cell of the
# overview's by-unit table and overdue list, of the task list and the ranking's own row.
LIST_CELLS = ", ".join(
    [
        "[data-testid=children] td",
        "[data-testid=children] tbody th",
        "[data-testid=overdue] td",
        "[data-testid=task-table] td",
        "[data-testid=ranking] tr.own td",
    ]
)

# Elements sticking out of the viewport: their tag, class, text and right edge.
OFF_SCREEN = """(selector) => {
  const width = window.innerWidth;
  return [...document.querySelectorAll(selector)]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.left < 0 || r.right > width + 0.5); })
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${el.innerText.trim().slice(0, 30)}" right=${Math.round(el.getBoundingClientRect().right)}`);
}"""


def _pages(data, username: str) -> list[str]:  # type: ignore[no-untyped-def]  # noqa: F811
    # A task each persona sees: the manager's has sub-tasks listed under it.
    task = {
        "tq-manager": data.central_task,
        "tq-skhcn": data.overdue,
        "tq-lambinh": data.commune_overdue,
    }[username]
    return [
        "/",
        "/ranking/",
        "/tasks/",
        f"/tasks/{task.pk}/",
        f"/directives/{data.programme.pk}/",
        "/my/",
        "/inbox/",
        "/reports/",
        "/help/",
    ]


@pytest.mark.parametrize("username", ["tq-manager", "tq-skhcn", "tq-lambinh"])
def test_main_pages_fit_a_phone_without_sideways_scrolling(session, data, username):  # noqa: F811
    s = session(PHONE).sign_in(username)
    found: list[str] = []
    for path in _pages(data, username):
        response = s.go(path)
        assert response.status == 200, f"{path}: {response.status}"
        scroll = s.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll[0] > scroll[1]:
            found.append(f"{path}: the page is {scroll[0]} px wide on a {scroll[1]} px screen")
        found += [f"{path}: off screen: {cell}" for cell in s.page.evaluate(OFF_SCREEN, LIST_CELLS)]
        s.shot(f"phone-{username}-{path.strip('/').replace('/', '-') or 'overview'}")
    assert not found, "\n".join(found)
    assert not s.errors, s.errors


def test_the_overdue_list_on_a_phone_shows_each_tasks_deadline_and_days_late(session, data):  # noqa: F811
    s = session(PHONE).sign_in("tq-manager")
    s.go("/")
    rows = s.page.get_by_test_id("overdue").locator("tbody tr")
    assert rows.count() == 2
    for i in range(2):
        days, due = rows.nth(i).locator("td").nth(4), rows.nth(i).locator("td").nth(3)
        assert days.is_visible() and due.is_visible()
        assert int(days.inner_text().split()[-1]) > 0
        assert due.inner_text().count("/") == 2  # the whole date, dd/mm/yyyy
    # On a phone the donut's counts are in its legend, not in labels that ran into it.
    s.page.wait_for_selector("#chart-status canvas")
    label_shown = s.page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-status'))"
        ".getOption().series[0].label.show"
    )
    assert label_shown is False
    assert not s.errors, s.errors


def test_on_a_desktop_the_lists_stay_tables(session, data):  # noqa: F811
    s = session(DESKTOP).sign_in("tq-manager")
    s.go("/")
    display = (
        "(sel) => [...document.querySelectorAll(sel)].map((el) => getComputedStyle(el).display)"
    )
    assert set(s.page.evaluate(display, "[data-testid=overdue] tbody tr")) == {"table-row"}
    assert set(s.page.evaluate(display, "[data-testid=overdue] thead")) == {"table-header-group"}
    s.page.wait_for_selector("#chart-status canvas")
    label_shown = s.page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-status'))"
        ".getOption().series[0].label.show"
    )
    assert label_shown is True
    s.go("/tasks/")
    assert set(s.page.evaluate(display, "[data-testid=task-table] tbody tr")) == {"table-row"}
    s.go("/ranking/")
    assert set(s.page.evaluate(display, "[data-testid=ranking] tbody tr")) == {"table-row"}
    assert not s.errors, s.errors


def test_on_a_phone_the_task_filters_fold_under_more_filters(session, data):  # noqa: F811
    s = session(PHONE).sign_in("tq-lambinh")
    s.go("/tasks/")
    assert s.page.locator("#id_q").is_visible() and s.page.locator("#id_task_class").is_visible()
    assert not s.page.locator("#id_due_from").is_visible()  # the list starts on the first screen
    s.page.get_by_test_id("more-filters").click()
    test_browser.expect(s.page.locator("#id_due_from")).to_be_visible()
    # A filter in use stays open when the page is opened again.
    s.go(f"/tasks/?directive={data.programme.pk}")
    assert s.page.locator("#id_directive").is_visible()
    assert not s.errors, s.errors
