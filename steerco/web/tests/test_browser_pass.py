"""What the screenshot pass of every page at 1366 px and 360 px found (issue 15, closing
requirement): the glossary's "?" is a target a finger can tap, the report form's selects
show their whole choice on a phone, the overview's by-unit table fits its card on a
desktop."""

from __future__ import annotations

import pytest

from .test_browser import PHONE, data, session  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 860}

# Each "?" glossary link's size, as [width, height].
Q_SIZES = """() => [...document.querySelectorAll('.glossary-q')]
  .map((a) => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })"""

# Each select whose chosen option's text is wider than the room the select gives it.
CUT_SELECTS = """() => [...document.querySelectorAll('form select')].filter((s) => {
  const style = getComputedStyle(s);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return ctx.measureText(s.options[s.selectedIndex].text).width > room;
}).map((s) => `${s.name}: "${s.options[s.selectedIndex].text}"`)"""


def test_the_glossary_question_marks_are_big_enough_to_tap_on_a_phone(session, data):  # noqa: F811
    s = session(PHONE).sign_in("tq-manager")
    s.go("/")
    sizes = s.page.evaluate(Q_SIZES)
    assert len(sizes) >= 9  # the tiles', the ranks line's and the by-unit table's
    assert all(w >= 24 and h >= 24 for w, h in sizes), sizes
    assert not s.errors, s.errors


def test_the_help_pages_links_to_each_other_are_big_enough_to_tap(session, data):  # noqa: F811
    s = session(PHONE).sign_in("tq-lambinh")
    for path in ("/help/reporter/", "/help/glossary/"):
        s.go(path)
        heights = s.page.evaluate(
            "() => [...document.querySelectorAll('nav.help-nav a')]"
            ".map((a) => a.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= 24, (path, heights)
    assert not s.errors, s.errors


def test_the_report_forms_choices_are_not_cut_off_on_a_phone(session, data):  # noqa: F811
    s = session(PHONE).sign_in("tq-skhcn")
    s.go("/reports/")
    assert s.page.evaluate(CUT_SELECTS) == []
    # The two layouts, longer than a phone's select, are radio buttons shown whole.
    for choice in ("state", "party"):
        label = s.page.locator(f"input[name=layout][value={choice}] + label")
        box = label.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    s.page.locator("input[name=layout][value=party]").check()
    with s.page.expect_download() as download:
        s.page.locator("[data-testid=report-form] button[type=submit]").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert not s.errors, s.errors


def test_the_task_lists_more_filters_show_their_whole_choice_on_a_phone(session, data):  # noqa: F811
    # Half a phone's width cut "thời hạn, sớm nhất trước" and "tất cả lĩnh vực".
    s = session(PHONE).sign_in("tq-skhcn")
    s.go("/tasks/")
    s.page.get_by_test_id("more-filters").click()
    s.page.locator("#id_sort").wait_for(state="visible")
    assert s.page.evaluate(CUT_SELECTS) == []
    assert not s.errors, s.errors


def test_the_task_lists_sort_shows_its_whole_choice_on_a_desktop(session, data):  # noqa: F811
    s = session(DESKTOP).sign_in("tq-skhcn")
    s.go("/tasks/")
    assert s.page.evaluate(CUT_SELECTS) == []
    assert not s.errors, s.errors


def test_the_overviews_by_unit_table_fits_its_card_on_a_desktop(session, data):  # noqa: F811
    s = session(DESKTOP).sign_in("tq-manager")
    s.go("/")
    box = s.page.locator("[data-testid=children]").locator("xpath=..")
    scroll, room = box.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert scroll <= room, f"the table is {scroll} px wide in a {room} px card"
    assert not s.errors, s.errors


def test_on_a_laptop_each_menu_entry_keeps_to_one_line(session, data):  # noqa: F811
    # A manager's menu at 1366 px broke every entry over two lines ("Nhập kế / hoạch").
    s = session(DESKTOP).sign_in("tq-manager")
    s.go("/")
    heights = s.page.evaluate(
        "() => [...document.querySelectorAll('#nav .nav-link, #nav .btn')]"
        ".map((a) => [a.innerText.trim(), a.getBoundingClientRect().height])"
    )
    assert len(heights) >= 8
    assert all(h < 45 for _text, h in heights), heights
    assert s.page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert not s.errors, s.errors
