"""Forms and navigation as each persona meets them (issue 15, items 6-8): the peer
groups the ranking offers, the menu's entries, the dates pre-filled."""

from __future__ import annotations

import re

import pytest

RANKING = "/ranking/"


def _peer_options(page: str) -> list[str]:
    select = re.search(r'<select name="peers".*?</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="(\w+)"', select.group(0))


def _selected_peers(page: str) -> str:
    select = re.search(r'<select name="peers".*?</select>', page, re.S)
    assert select is not None
    found = re.search(r'<option value="(\w+)" selected', select.group(0))
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("persona", "offered", "default"),
    [
        ("central_analyst", ["provinces", "departments", "communes"], "provinces"),
        ("tq_manager", ["provinces", "departments", "communes"], "provinces"),
        ("tq_dept_reporter", ["departments"], "departments"),
        ("commune_reporter", ["communes"], "communes"),
    ],
)
def test_the_ranking_offers_only_the_peer_groups_the_user_may_see(
    client, web, people, persona, offered, default
):
    client.force_login(getattr(people, persona))
    response = client.get(RANKING)
    assert response.status_code == 200
    page = response.content.decode()
    assert _peer_options(page) == offered
    assert _selected_peers(page) == default == response.context["kind"]
    # The as-of date is filled in (today in Hanoi, the tests' fixed day).
    assert 'name="as_of" value="2025-10-20"' in page


def test_a_department_reporter_changes_the_measure_without_a_403(client, web, people):
    """The form shows the departments it ranks; submitted as shown, with another
    measure, it answers the same peers."""
    client.force_login(people.tq_dept_reporter)
    page = client.get(RANKING).content.decode()
    assert "Sở" in page and 'value="Tuyên Quang"' in page  # the province picker, filled
    response = client.get(
        RANKING, {"peers": "departments", "unit": "Tuyen Quang", "metric": "completion_rate"}
    )
    assert response.status_code == 200
    assert response.context["kind"] == "departments"
    assert response.context["parent"].code == "08"
    assert client.get(RANKING, {"peers": "provinces"}).status_code == 403


def test_the_province_picker_lists_only_provinces_whose_peers_the_user_sees(client, web, people):
    client.force_login(people.tq_manager)
    page = client.get(RANKING, {"peers": "communes"}).content.decode()
    assert '<option value="Tuyên Quang">08</option>' in page
    assert '<option value="Cao Bằng">04</option>' not in page
    client.force_login(people.central_analyst)
    page = client.get(RANKING, {"peers": "communes", "unit": "08"}).content.decode()
    assert '<option value="Cao Bằng">04</option>' in page


# --- the menu ----------------------------------------------------------------------------

MENU = {
    "/": "Tổng quan",
    "/ranking/": "Xếp hạng",
    "/tasks/": "Nhiệm vụ",
    "/my/": "Việc của tôi",
    "/indicators/": "Chỉ tiêu",
    "/reports/": "Báo cáo",
    "/meetings/": "Meetings",  # "Phiên họp" once translated
    "/intake/plans/": "Nhập kế hoạch",
    "/intake/sheets/": "Phiếu tiến độ",
}


def _menu(page: str) -> list[str]:
    nav = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>\s*<div class="d-flex', page, re.S)
    assert nav is not None  # its entries, and those of a group (Reports, Meetings)
    return re.findall(r'class="(?:nav-link|dropdown-item)[^"]*" href="([^"]+)"', nav.group(1))


@pytest.mark.parametrize(
    ("persona", "hidden"),
    [
        ("central_analyst", {"/intake/plans/", "/intake/sheets/"}),
        ("tq_manager", set()),
        # A department's or a commune's roles cover no steering committee.
        ("tq_dept_reporter", {"/intake/plans/", "/meetings/"}),
        ("commune_reporter", {"/intake/plans/", "/meetings/"}),
        ("outsider", {"/", "/ranking/", "/intake/plans/", "/intake/sheets/", "/meetings/"}),
    ],
)
def test_the_menu_offers_each_user_only_what_they_may_open(client, web, people, persona, hidden):
    client.force_login(getattr(people, persona))
    entries = [url for url in _menu(client.get("/my/").content.decode()) if url in MENU]
    assert set(entries) == set(MENU) - hidden
    for url in entries:
        assert client.get(url).status_code == 200, url
    for url in hidden - {"/intake/sheets/"}:  # the sheets page opens, with nothing to do
        assert client.get(url).status_code == 403, url


def test_the_task_list_prefills_the_as_of_date(client, web, people):
    client.force_login(people.tq_manager)
    page = client.get("/tasks/").content.decode()
    assert 'name="as_of" value="2025-10-20"' in page


# --- units of several provinces are named with their province ----------------------------


def test_units_of_several_provinces_are_named_with_their_province(client, tree, people):
    from steerco.directives.models import DirectiveKind
    from steerco.units.labels import unit_labels
    from tests.factories import make_directive, make_task

    notice = make_directive(tree.committee, symbol="45-TB/BCĐTW", kind=DirectiveKind.DECISION)
    make_task(notice, tree.tq_skhcn, reference="1")
    make_task(notice, tree.cb_skhcn, reference="1")
    client.force_login(people.central_analyst)
    for url in (f"/directives/{notice.pk}/", f"/tasks/?directive={notice.pk}"):
        page = client.get(url).content.decode()
        assert "Sở Khoa học và Công nghệ (Tuyên Quang)" in page, url
        assert "Sở Khoa học và Công nghệ (Cao Bằng)" in page, url
    # One province's units need no province.
    labels = unit_labels([tree.tq_skhcn, tree.tq_stc, tree.lam_binh])
    assert labels[tree.tq_skhcn.pk] == "Sở Khoa học và Công nghệ"
    assert unit_labels([tree.tuyen_quang, tree.cb_skhcn])[tree.cb_skhcn.pk] == (
        "Sở Khoa học và Công nghệ (Cao Bằng)"
    )


def test_my_work_names_the_province_of_each_overdue_unit(client, tree, people):
    from datetime import date

    from steerco.directives.models import DirectiveKind
    from steerco.units.services import membership_grant
    from tests.factories import make_directive, make_task

    notice = make_directive(tree.committee, symbol="45-TB/BCĐTW", kind=DirectiveKind.DECISION)
    make_task(notice, tree.tq_skhcn, reference="1", due_on=date(2024, 5, 31))
    make_task(notice, tree.cb_skhcn, reference="1", due_on=date(2024, 5, 31))
    membership_grant(user=people.central_analyst, unit=tree.root, role="reporter")
    client.force_login(people.central_analyst)
    page = client.get("/my/").content.decode()
    assert "Sở Khoa học và Công nghệ (Tuyên Quang)" in page
    assert "Sở Khoa học và Công nghệ (Cao Bằng)" in page
