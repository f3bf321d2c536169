"""A browser reloading a figure page whose content did not change gets 304 Not Modified,
without the page being rendered again (issue 20, item 3); anything the page shows that
changed — a figure, the user's roles, the language, the day, the money, the inbox — gives
the page again; and a user who may not read a page gets its 403 or 404, never a 304."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from steerco.accounts.services import role_give
from steerco.budget.services import allocation_record
from steerco.notices.models import Notice, NoticeKind

from .conftest import PAGE_TESTS_NOW, WebData

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _conditional_pages(settings):  # type: ignore[no-untyped-def]
    # On in production with a shared cache (CACHE_URL); the tests' cache is one process's.
    settings.STEERCO_CONDITIONAL_PAGES = True


PAGES = {
    "the national ranking": "/ranking/?peers=provinces",
    "the province overview": "/",
    "a department's overview": "/?unit={department}",
    "the task list": "/tasks/?task_class=overdue",
    "a task page": "/tasks/{task}/",
}


def address(page: str, web: WebData) -> str:
    return PAGES[page].format(department=web.overdue.lead_unit.code, task=web.overdue.pk)


def signed_in(user: Any) -> Client:
    """A browser signed in as `user`, holding the CSRF cookie signing in leaves."""
    client = Client()
    client.force_login(user)
    client.get("/help/")
    assert client.cookies.get("csrftoken")
    return client


def reload(client: Client, path: str, tag: str, **headers: str) -> Any:
    return client.get(path, HTTP_IF_NONE_MATCH=tag, **headers)


@pytest.mark.parametrize("page", list(PAGES))
def test_a_reload_of_an_unchanged_page_is_not_modified_and_not_rendered(page, web, people):
    path = address(page, web)
    client = signed_in(people.tq_manager)
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"]
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]

    again = reload(client, path, first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again.templates == []  # nothing rendered
    assert again["ETag"] == first["ETag"]
    assert "private" in again["Cache-Control"]


def test_a_compressed_page_is_revalidated_by_its_weak_tag(web, people):
    client = signed_in(people.central_analyst)
    first = client.get("/ranking/?peers=provinces", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert first["ETag"].startswith('W/"')  # GZipMiddleware: the bytes differ, the page not

    again = reload(client, "/ranking/?peers=provinces", first["ETag"], HTTP_ACCEPT_ENCODING="gzip")

    assert again.status_code == 304


def test_after_a_progress_update_the_reload_shows_the_new_figure(web, people):
    manager = signed_in(people.tq_manager)
    first = manager.get("/")
    overdue_before = first.context["board"].counts.overdue
    reporter = signed_in(people.tq_dept_reporter)
    posted = reporter.post(
        f"/tasks/{web.overdue.pk}/report/",
        {
            "idempotency_key": "k-etag",
            "reported_on": web.today.isoformat(),
            "state": "completed",
            "percent": "100",
            "done": "Đã hoàn thành",
        },
    )
    assert posted.status_code == 302

    again = reload(manager, "/", first["ETag"])

    assert again.status_code == 200
    assert again.context["board"].counts.overdue == overdue_before - 1
    assert again["ETag"] != first["ETag"]


def test_after_a_role_is_given_the_reload_shows_what_the_role_opens(web, people, tree):
    # The central analyst views the country; made manager of Tuyên Quang, they may import
    # a plan there: the menu of the same ranking page offers it.
    client = signed_in(people.central_analyst)
    first = client.get("/ranking/?peers=provinces")
    assert "/intake/plan/" not in first.content.decode()
    assert reload(client, "/ranking/?peers=provinces", first["ETag"]).status_code == 304

    role_give(actor=None, account=people.central_analyst, unit=tree.tuyen_quang, role="manager")

    again = reload(client, "/ranking/?peers=provinces", first["ETag"])
    assert again.status_code == 200
    assert first.context["steerco_menu"].plan_import is False
    assert again.context["steerco_menu"].plan_import is True


def test_after_switching_to_english_the_reload_is_in_english(web, people):
    client = signed_in(people.tq_manager)
    first = client.get(f"/tasks/{web.overdue.pk}/")
    assert '<html lang="vi">' in first.content.decode()
    client.post("/language/", {"language": "en", "next": "/"})

    again = reload(client, f"/tasks/{web.overdue.pk}/", first["ETag"])

    assert again.status_code == 200
    assert '<html lang="en">' in again.content.decode()


def test_after_midnight_the_reload_shows_the_new_day(web, people):
    local = ZoneInfo("Asia/Ho_Chi_Minh")
    evening = datetime.combine(PAGE_TESTS_NOW.date(), datetime.min.time(), local) + timedelta(
        hours=23, minutes=50
    )
    with time_machine.travel(evening, tick=False):
        client = signed_in(people.central_analyst)
        first = client.get("/ranking/?peers=provinces")
        assert first.context["as_of"] == PAGE_TESTS_NOW.date()
        assert reload(client, "/ranking/?peers=provinces", first["ETag"]).status_code == 304
    with time_machine.travel(evening + timedelta(minutes=20), tick=False):  # 00:10
        again = reload(client, "/ranking/?peers=provinces", first["ETag"])

    assert again.status_code == 200
    assert again.context["as_of"] == PAGE_TESTS_NOW.date() + timedelta(days=1)


def test_after_an_allocation_the_task_page_shows_the_money(web, people):
    # The budget is not among the counted tables: the pages' own generation moves with it.
    client = signed_in(people.tq_manager)
    first = client.get(f"/tasks/{web.overdue.pk}/")
    allocation_record(
        task=web.overdue,
        source="provincial",
        year=2025,
        decision_symbol="77/QĐ-UBND",
        decided_on=date(2025, 10, 1),
        amount=1_500_000_000,
    )

    again = reload(client, f"/tasks/{web.overdue.pk}/", first["ETag"])

    assert again.status_code == 200
    assert "77/QĐ-UBND" in again.content.decode()


def test_after_a_new_notice_the_reload_shows_the_unread_count(web, people):
    client = signed_in(people.tq_manager)
    first = client.get("/tasks/?task_class=overdue")
    assert 'data-testid="unread-count"' not in first.content.decode()
    Notice.objects.create(
        recipient=people.tq_manager,
        kind=NoticeKind.ASSIGNED,
        subject=f"task:{web.overdue.pk}",
        unit=web.overdue.lead_unit,
        task=web.overdue,
        occasion_on=web.today,
    )

    again = reload(client, "/tasks/?task_class=overdue", first["ETag"])

    assert again.status_code == 200
    assert 'data-testid="unread-count">1<' in again.content.decode()


def test_a_page_with_a_message_to_show_is_rendered_with_it(web, people):
    client = signed_in(people.tq_manager)
    first = client.get(f"/tasks/{web.overdue.pk}/")
    # A message a write left for the next page ("saved"), as the messages cookie holds it.
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Đã lưu")])

    again = reload(client, f"/tasks/{web.overdue.pk}/", first["ETag"])

    assert again.status_code == 200
    assert "Đã lưu" in again.content.decode()


def test_each_user_has_their_own_tag(web, people):
    manager = signed_in(people.tq_manager)
    first = manager.get("/tasks/")
    other = signed_in(people.cb_manager)

    assert reload(other, "/tasks/", first["ETag"]).status_code == 200


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("outsider", "/ranking/?peers=provinces", 403),
        ("cb_manager", "/?unit={tq}", 400),  # a unit outside their roles: as if unknown
        ("cb_manager", "/tasks/{task}/", 404),
        ("commune_reporter", "/tasks/?directive={cb_plan}", 404),
    ],
)
def test_a_user_who_may_not_read_a_page_gets_no_tag_and_no_304(who, path, status, web, people):
    path = path.format(
        tq=web.overdue.lead_unit.parent.code, task=web.overdue.pk, cb_plan=web.cb_plan.pk
    )
    # The tag a manager who may read the page was given for the same address.
    reader = people.cb_manager if "directive" in path else people.tq_manager
    readable = signed_in(reader).get(path)
    assert readable.status_code == 200
    client = signed_in(getattr(people, who))
    tag = readable["ETag"]

    response = reload(client, path, tag)

    assert response.status_code == status
    assert "ETag" not in response


def test_a_new_csrf_cookie_gives_the_page_again_with_forms_that_work(web, people):
    # The page's sign-out and language forms carry a token of the cookie's secret: a body
    # kept by a 304 must never hold a token the browser's new cookie no longer validates.
    client = signed_in(people.tq_manager)
    first = client.get(f"/tasks/{web.overdue.pk}/")
    client.cookies["csrftoken"] = "n" * 32  # signing in again rotates the secret

    again = reload(client, f"/tasks/{web.overdue.pk}/", first["ETag"])

    assert again.status_code == 200
    token = again.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    checked = Client(enforce_csrf_checks=True)
    checked.cookies = client.cookies
    answer = checked.post(
        "/language/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302
