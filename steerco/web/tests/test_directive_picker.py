"""The directive picker (issue 20): the overview, the ranking and the task list carry only
the chosen directive instead of a drop-down of every directive; typing searches the
directives the user may open by symbol or title, diacritics ignored; without the script
the field takes a symbol typed in."""

from __future__ import annotations

import re

import pytest

from steerco.web.directive_picker import LIMIT, search_directives
from tests.factories import make_directive

from .test_browser import _expect, session  # noqa: F401  (fixtures)

PAGES = ("/", "/ranking/", "/tasks/")


def _found(client, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get("/directives/pick/", {"q": text})
    assert response.status_code == 200
    return [d["symbol"] for d in response.json()["results"]]


@pytest.mark.django_db
def test_typing_part_of_a_symbol_or_title_finds_only_the_directives_one_may_open(
    client, web, people
):
    client.force_login(people.tq_manager)
    assert _found(client, "15-ctr") == ["15-CTr/TU"]  # any case
    # Words of the title without their diacritics ("Kế hoạch thực hiện Nghị quyết")
    by_title = _found(client, "ke hoach thuc hien")
    assert {"15-CTr/TU", "20-KH/UBND", "57-NQ/TW"} <= set(by_title)
    # Cao Bằng's plan is neither found by its title nor by its own symbol.
    assert "08-KH/UBND-CB" not in by_title
    assert _found(client, "08-KH/UBND-CB") == []
    assert _found(client, "  ") == []


@pytest.mark.django_db
def test_a_symbol_starting_with_the_text_comes_first_and_at_most_twenty_are_offered(tree, people):
    for n in range(LIMIT + 5):
        make_directive(tree.tuyen_quang, symbol=f"{n + 100}-KH/UBND")
    make_directive(tree.tuyen_quang, symbol="KH-07/TU")
    found = search_directives(people.tq_manager, "kh")
    assert len(found) == LIMIT
    assert found[0].symbol == "KH-07/TU"


PICKER = re.compile(r'<input[^>]*name="directive"[^>]*>\s*<datalist[^>]*>(.*?)</datalist>', re.S)


@pytest.mark.django_db
def test_the_pages_carry_only_the_chosen_directive(client, web, people):
    client.force_login(people.tq_manager)
    for page in PAGES:
        html = client.get(page).content.decode()
        picker = PICKER.search(html)
        assert picker is not None and "data-directive-picker" in picker.group(0), page
        assert "<option" not in picker.group(1), page  # nothing chosen, nothing listed
        assert 'value="20-KH/UBND"' not in html, page
        chosen = PICKER.search(client.get(page, {"directive": web.programme.pk}).content.decode())
        assert chosen is not None, page
        assert 'value="15-CTr/TU"' in chosen.group(0), page  # shown by its symbol
        assert chosen.group(1).count("<option") == 1, page


@pytest.mark.django_db
def test_a_symbol_typed_in_filters_as_the_chosen_directive_does(client, web, people):
    client.force_login(people.tq_manager)
    for page in ("/", "/ranking/"):
        by_symbol = client.get(page, {"directive": " 15-ctr/tu "})  # any case, spaces cut
        assert by_symbol.status_code == 200, page
        assert by_symbol.context["directive"] == web.programme, page
    by_id = client.get("/tasks/", {"directive": web.programme.pk})
    by_symbol = client.get("/tasks/", {"directive": "15-CTr/TU"})
    assert [t.pk for t in by_symbol.context["page"]] == [t.pk for t in by_id.context["page"]]
    assert by_symbol.context["counted"].total < client.get("/tasks/").context["counted"].total


@pytest.mark.django_db
def test_a_symbol_of_a_directive_one_may_not_open_is_not_found(client, web, people):
    client.force_login(people.tq_manager)
    for page in PAGES:
        for text in ("08-KH/UBND-CB", "99-KH/NOWHERE", "15-CTr"):  # another's, none, a part
            response = client.get(page, {"directive": text})
            assert response.status_code == 404, (page, text)
            assert "Cao Bằng" not in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_type_part_of_a_symbol_pick_it_and_the_task_list_filters_by_it(session, tree, people):  # noqa: F811
    from .conftest import build_web_data

    build_web_data(tree)
    s = session().sign_in("tq-manager")
    s.go("/tasks/")
    total = s.page.get_by_test_id("task-table").locator("tbody tr").count()
    field = s.page.locator("#id_directive")
    with s.page.expect_response(lambda r: "/directives/pick/" in r.url):
        field.press_sequentially("15-c", delay=30)
    s.page.wait_for_function("document.querySelectorAll('#id_directive-list option').length === 1")
    option = s.page.locator("#id_directive-list option")
    assert option.get_attribute("value") == "15-CTr/TU"
    field.fill(option.get_attribute("value") or "")  # what choosing the suggestion does
    field.press("Enter")
    s.page.wait_for_url(re.compile(r"directive=15-CTr"))
    s.page.wait_for_load_state("networkidle")
    rows = s.page.get_by_test_id("task-table").locator("tbody tr")
    assert 0 < rows.count() < total
    assert set(
        s.page.get_by_test_id("task-table")
        .locator("tbody tr td.cell-title > a.text-secondary")
        .all_inner_texts()
    ) == {"15-CTr/TU"}
    s.shot("directive-picker-tasks")
    # The ranking and the overview show the chosen directive in their picker.
    for path in ("/ranking/", "/"):
        s.go(f"{path}?directive=15-CTr/TU")
        picker = s.page.locator("input[name=directive]")
        assert picker.input_value() == "15-CTr/TU"
    s.shot("directive-picker-overview")
    assert not s.errors, s.errors
