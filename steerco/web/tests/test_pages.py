"""Every page answers, for the personas of the org chart, and refuses what their roles do not cover."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def signed_in(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_every_page_requires_sign_in(client, web):
    for url in [
        "/",
        "/ranking/",
        "/tasks/",
        f"/tasks/{web.overdue.pk}/",
        "/my/",
        f"/directives/{web.programme.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_vietnamese_by_default_even_for_an_english_browser(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_province_manager_sees_the_province_dashboard(client, web, people):
    response = signed_in(client, people.tq_manager).get("/")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.unit.code == "08"
    assert board.counts.overdue == 2
    assert board.counts.done_on_time == 1
    assert board.counts.regular == 1
    assert [t.pk for t in board.most_overdue] == [web.overdue.pk, web.commune_overdue.pk]
    assert {row.unit.code for row in board.children} == {"08-SKHCN", "08-STC", "02233", "02236"}


def test_central_viewer_sees_the_nation(client, web, people):
    response = signed_in(client, people.central_analyst).get("/")
    assert response.context["board"].unit.code == "TW"
    assert response.context["board"].counts.overdue == 3


def test_the_nations_overdue_list_says_which_province_a_department_belongs_to(client, web, people):
    page = signed_in(client, people.central_analyst).get("/").content.decode()
    assert 'data-testid="lead-unit-parent">Tuyên Quang<' in page
    province_page = signed_in(client, people.tq_manager).get("/").content.decode()
    assert "lead-unit-parent" not in province_page


def test_dashboard_of_another_province_is_refused(client, web, people):
    response = signed_in(client, people.tq_manager).get("/?unit=04")
    assert response.status_code == 400  # as a unit that does not exist (test_unit_parameter)


def test_dashboard_pages_carry_a_strict_content_security_policy(client, web, people):
    response = signed_in(client, people.tq_manager).get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in response.content.decode()  # no inline script: JSON data only


def test_ranking_of_provinces_highlights_the_users_province(client, web, people):
    response = signed_in(client, people.tq_manager).get("/ranking/")
    assert response.status_code == 200
    entries = response.context["entries"]
    assert {e.unit.code for e in entries} == {"08", "04"}
    own = response.context["own_ids"]
    assert own == {e.unit.pk for e in entries if e.unit.code == "08"}


def test_department_reporter_ranks_among_the_provinces_departments(client, web, people):
    response = signed_in(client, people.tq_dept_reporter).get("/ranking/")
    assert {e.unit.code for e in response.context["entries"]} == {"08-SKHCN", "08-STC"}


def test_commune_ranking_of_another_province_is_refused(client, web, people):
    response = signed_in(client, people.commune_reporter).get("/ranking/?peers=communes&unit=04")
    assert response.status_code == 403


def test_directive_page_shows_the_task_tree(client, web, people):
    response = signed_in(client, people.tq_manager).get(f"/directives/{web.resolution.pk}/")
    assert response.status_code == 200
    tree = response.context["tree"]
    assert [n.task.pk for n in tree] == [web.central_task.pk]
    assert web.overdue.pk in [c.task.pk for c in tree[0].children]


def test_task_list_filters_by_class_and_text(client, web, people):
    c = signed_in(client, people.tq_manager)
    overdue = c.get("/tasks/?task_class=overdue")
    assert {t.pk for t in overdue.context["page"]} == {web.overdue.pk, web.commune_overdue.pk}
    text = c.get("/tasks/?q=kinh+phí")
    assert [t.pk for t in text.context["page"]] == [web.done.pk]
    not_clear = c.get("/tasks/?not_five_clear=on")
    assert web.commune_overdue.pk in {t.pk for t in not_clear.context["page"]}


def test_task_list_shows_only_visible_tasks(client, web, people):
    response = signed_in(client, people.cb_manager).get("/tasks/")
    pks = {t.pk for t in response.context["page"]}
    assert web.cb_task.pk in pks and web.overdue.pk not in pks


def test_task_list_answers_htmx_with_the_results_only(client, web, people):
    response = signed_in(client, people.tq_manager).get(
        "/tasks/?task_class=overdue", HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.content.decode()
    assert 'data-testid="task-table"' in response.content.decode()


def test_task_detail_and_404_for_another_province(client, web, people):
    c = signed_in(client, people.tq_dept_reporter)
    assert c.get(f"/tasks/{web.overdue.pk}/").status_code == 200
    assert c.get(f"/tasks/{web.cb_task.pk}/").status_code == 404  # as if it did not exist
    assert c.get("/tasks/999999/").status_code == 404


def test_my_work_lists_overdue_due_soon_awaiting_and_recurring(client, web, people):
    response = signed_in(client, people.tq_dept_reporter).get("/my/")
    work = response.context["work"]
    assert [t.pk for t in work.overdue] == [web.overdue.pk]
    assert [t.pk for t in work.due_soon] == [web.on_track.pk]
    assert [t.pk for t in work.awaiting_acceptance] == [web.awaiting.pk]
    # A recurring task not yet reported this month is on the month's list to report.
    assert web.recurring.pk in [t.pk for t in work.to_report]


def test_language_switch_is_remembered_on_the_user(client, web, people):
    c = signed_in(client, people.tq_manager)
    c.post(reverse("web:language"), {"language": "en", "next": "/"})
    assert "Overview" in c.get("/").content.decode()
    c.logout()
    c.post("/accounts/login/", {"username": "tq-manager", "password": "pw"})
    assert "Overview" in c.get("/").content.decode()
    c.post(reverse("web:language"), {"language": "vi", "next": "/"})
    assert "Tổng quan" in c.get("/").content.decode()


def test_language_switch_refuses_an_outside_redirect(client, db):
    response = client.post(
        reverse("web:language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_central_directives_are_readable_by_every_role_holder_but_not_by_outsiders(
    client, web, people
):
    client.force_login(people.commune_reporter)
    assert client.get(f"/directives/{web.resolution.pk}/").status_code == 200
    assert client.get(f"/directives/{web.cb_plan.pk}/").status_code == 404
    client.force_login(people.outsider)
    assert client.get(f"/directives/{web.resolution.pk}/").status_code == 404
    assert client.get("/").status_code == 403  # no role on any unit yet


def test_many_cascaded_tasks_are_summarised_by_class(client, web, people, tree):
    from tests.factories import make_task

    for i in range(12):
        make_task(
            web.programme, tree.tq_skhcn, parent=web.overdue, reference=f"c{i}", due_on=web.today
        )
    client.force_login(people.tq_manager)
    body = client.get(f"/directives/{web.programme.pk}/").content.decode()
    assert "12 nhiệm vụ giao tiếp cho cấp dưới" in body


def test_central_viewer_ranks_a_provinces_departments(client, web, people):
    client.force_login(people.central_analyst)
    response = client.get("/ranking/?peers=departments&unit=08")
    assert {e.unit.code for e in response.context["entries"]} == {"08-SKHCN", "08-STC"}
    assert client.get("/ranking/?peers=communes").status_code == 403  # no province chosen


def test_a_directive_lists_only_the_implementing_directives_the_reader_may_open(
    client, tree, people
):
    from tests.factories import make_directive

    resolution = make_directive(tree.committee, symbol="57-NQ/TW", kind="resolution")
    make_directive(
        tree.tuyen_quang, symbol="10-CTr/TU (Tuyên Quang)", kind="programme", implements=resolution
    )
    make_directive(
        tree.cao_bang, symbol="07-CTr/TU (Cao Bằng)", kind="programme", implements=resolution
    )
    page = (
        signed_in(client, people.tq_manager).get(f"/directives/{resolution.pk}/").content.decode()
    )
    assert "10-CTr/TU (Tuyên Quang)" in page
    assert "07-CTr/TU (Cao Bằng)" not in page
    central = (
        signed_in(client, people.central_analyst)
        .get(f"/directives/{resolution.pk}/")
        .content.decode()
    )
    assert "07-CTr/TU (Cao Bằng)" in central and "10-CTr/TU (Tuyên Quang)" in central


def test_a_directive_parameter_the_user_may_not_open_is_not_found_on_every_scoped_page(
    client, web, people
):
    """`?directive=` naming another province's directive shows neither its symbol nor all
    tasks: it answers like an id that does not exist, or one that is not a number."""
    client.force_login(people.tq_manager)
    for page in ["/", "/ranking/", "/tasks/", "/tasks/export.xlsx"]:
        foreign = client.get(page, {"directive": web.cb_plan.pk})
        assert foreign.status_code == 404, page
        assert web.cb_plan.symbol not in foreign.content.decode(), page
        assert client.get(page, {"directive": 10**9}).status_code == 404, page
        assert client.get(page, {"directive": "abc"}).status_code == 404, page
        assert client.get(page, {"directive": web.programme.pk}).status_code == 200, page
    assert web.programme.symbol in client.get("/", {"directive": web.programme.pk}).content.decode()


def test_the_task_list_never_widens_a_directive_filter_to_all_tasks(client, web, people, tree):
    from tests.factories import make_directive

    client.force_login(people.tq_manager)
    # A central notice the province may open, with no task of its own yet: no tasks, not all.
    notice = make_directive(tree.committee, symbol="45-TB/BCĐTW", kind="notice")
    assert client.get("/tasks/", {"directive": notice.pk}).context["page"].paginator.count == 0
    # Another filter that does not parse does not drop the directive's: it is answered 400
    # naming it (a directive the user may not open is still 404 first).
    response = client.get("/tasks/", {"directive": web.cb_plan.pk, "due_from": "soon"})
    assert response.status_code == 404
    response = client.get("/tasks/", {"directive": web.programme.pk, "due_from": "soon"})
    assert response.status_code == 400 and "page" not in response.context


def test_a_task_page_links_its_parent_task_only_for_those_who_may_open_it(client, web, people):
    parent_link = f'href="/tasks/{web.central_task.pk}/"'
    client.force_login(people.tq_dept_reporter)  # the department's task; the province's parent
    body = client.get(f"/tasks/{web.overdue.pk}/").content.decode()
    assert parent_link not in body
    assert client.get(f"/tasks/{web.central_task.pk}/").status_code == 404
    client.force_login(people.tq_manager)
    assert parent_link in client.get(f"/tasks/{web.overdue.pk}/").content.decode()


def test_a_directive_page_names_what_it_implements_only_for_those_who_may_open_it(
    client, tree, people
):
    from tests.factories import make_directive

    cb_plan = make_directive(tree.cao_bang, symbol="11-KH/UBND-CB")
    tq_plan = make_directive(tree.tuyen_quang, symbol="12-KH/UBND", implements=cb_plan)
    client.force_login(people.tq_manager)
    body = client.get(f"/directives/{tq_plan.pk}/").content.decode()
    assert cb_plan.symbol not in body and f"/directives/{cb_plan.pk}/" not in body
    client.force_login(people.central_analyst)
    assert cb_plan.symbol in client.get(f"/directives/{tq_plan.pk}/").content.decode()
