"""A query parameter a page cannot use is answered, never quietly replaced by a default:
404 for what names nothing (or nothing the user may see), 400 naming a malformed one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_ranking_of_an_unknown_province_is_refused_not_the_users_own(client, web, people):
    client.force_login(people.tq_manager)
    unknown = client.get("/ranking/?peers=communes&unit=99")  # the picker's error, named
    assert unknown.status_code == 400 and "unit" in dict(unknown.context["problems"])
    own = client.get("/ranking/?peers=communes&unit=08")
    assert own.status_code == 200 and own.context["parent"].code == "08"
    assert client.get("/ranking/?peers=communes").context["parent"].code == "08"  # the default


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/?as_of=20-10-2025", "as_of"),
        ("/ranking/?as_of=yesterday", "as_of"),
        ("/ranking/?peers=wards", "peers"),
        ("/ranking/?metric=luck", "metric"),
        ("/tasks/?due_from=soon", "due_from"),
        ("/tasks/?sort=random", "sort"),
        ("/tasks/?task_class=purple", "task_class"),
        ("/tasks/?due_from=2025-10-01&due_to=2025-09-01", "due_to"),
        ("/tasks/export.xlsx?as_of=x", "as_of"),
    ],
)
def test_a_malformed_parameter_is_a_400_page_naming_it(client, web, people, url, named):
    client.force_login(people.tq_manager)
    response = client.get(url)
    assert response.status_code == 400
    assert named in dict(response.context["problems"])
    assert f"<code>{named}</code>" in response.content.decode()


def test_the_task_list_no_longer_lists_every_task_for_a_malformed_filter(client, web, people):
    client.force_login(people.tq_manager)
    response = client.get("/tasks/?due_from=soon&q=nothing-matches-this")
    assert response.status_code == 400
    assert "page" not in response.context


def test_a_directive_the_user_may_not_open_stays_404_whatever_else_is_wrong(client, web, people):
    client.force_login(people.tq_manager)
    for page in ("/", "/ranking/", "/tasks/"):
        assert client.get(f"{page}?directive=abc&as_of=x").status_code == 404
        assert client.get(f"{page}?directive={web.cb_plan.pk}").status_code == 404


def test_the_task_list_filters_by_any_units_code_and_shows_only_visible_tasks(client, web, people):
    client.force_login(people.tq_manager)
    assert client.get("/tasks/?unit=ZZ").status_code == 400  # the picker names the field
    response = client.get("/tasks/?unit=04")  # Cao Bằng: public code, none of its tasks visible
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    own = client.get("/tasks/?unit=08-SKHCN")
    assert own.status_code == 200
    assert {t.lead_unit.code for t in own.context["page"]} == {"08-SKHCN"}


def test_other_bad_requests_keep_djangos_page(rf):
    from django.core.exceptions import SuspiciousOperation

    from steerco.web.views.errors import bad_request

    response = bad_request(rf.get("/"), SuspiciousOperation("secret detail"))
    assert response.status_code == 400
    assert b"secret detail" not in response.content
