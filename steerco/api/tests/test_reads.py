"""The API's read routes, route by route and persona by persona: each persona sees exactly
what the pages show them, Cao Bằng sees nothing of Tuyên Quang and the reverse, a bad
date is refused naming its field, and the task list's pages hold every task once."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from steerco.directives.models import Task
from steerco.web.tests.conftest import build_web_data

pytestmark = pytest.mark.django_db

CENTRAL, TQM, TQR, LB, CBM, OUT = (
    "central",
    "tq-manager",
    "tq-skhcn",
    "tq-lambinh",
    "cb-manager",
    "outsider",
)
PERSONAS = (CENTRAL, TQM, TQR, LB, CBM, OUT)
NOW = datetime(2025, 10, 20, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _fixed_day():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def web(tree, people):  # type: ignore[no-untyped-def]
    return build_web_data(tree)


@pytest.fixture
def users(people):  # type: ignore[no-untyped-def]
    return {
        CENTRAL: people.central_analyst,
        TQM: people.tq_manager,
        TQR: people.tq_dept_reporter,
        LB: people.commune_reporter,
        CBM: people.cb_manager,
        OUT: people.outsider,
    }


def get(users: dict[str, Any], persona: str, url: str, **params: Any) -> Any:
    client = Client()
    client.force_login(users[persona])
    return client.get(url, params)


def task_ids(users: dict[str, Any], persona: str, **params: Any) -> list[int]:
    response = get(users, persona, "/api/v1/tasks", limit=500, **params)
    assert response.status_code == 200, response.content
    return [t["id"] for t in response.json()["items"]]


# --- who sees what, route by route ---------------------------------------------------


def test_each_persona_lists_the_units_of_their_roles(web, users):
    expected = {
        CENTRAL: ["TW"],
        TQM: ["08"],
        TQR: ["08-SKHCN"],
        LB: ["02233"],
        CBM: ["04"],
        OUT: [],
    }
    for persona, codes in expected.items():
        response = get(users, persona, "/api/v1/units")
        assert response.status_code == 200
        assert [u["code"] for u in response.json()] == codes, persona


@pytest.mark.parametrize(
    ("code", "allowed"),
    [("08", {CENTRAL, TQM}), ("04", {CENTRAL, CBM}), ("08-SKHCN", {CENTRAL, TQM, TQR})],
)
@pytest.mark.parametrize("suffix", ["", "/tree", "/scorecard"])
def test_a_unit_its_tree_and_scorecard_are_for_whoever_covers_it(web, users, code, allowed, suffix):
    for persona in PERSONAS:
        response = get(users, persona, f"/api/v1/units/{code}{suffix}")
        expected = 200 if persona in allowed else 403
        assert response.status_code == expected, (persona, response.content)
        if expected == 403:
            assert response["Content-Type"] == "application/problem+json"


def test_an_unknown_unit_code_is_404_for_everyone(web, users):
    for persona in PERSONAS:
        assert get(users, persona, "/api/v1/units/99999").status_code == 404


def test_the_tree_under_tuyen_quang_holds_its_departments_and_communes(web, users):
    body = get(users, TQM, "/api/v1/units/08/tree").json()
    assert body["unit"]["code"] == "08"
    assert [c["code"] for c in body["unit"]["children"]] == ["08-SKHCN", "08-STC", "02233", "02236"]
    assert get(users, TQM, "/api/v1/units/TW/tree").status_code == 403


def test_each_persona_lists_exactly_the_tasks_the_task_list_page_shows(web, users):
    tq_all = {
        web.central_task.pk,
        web.overdue.pk,
        web.on_track.pk,
        web.done.pk,
        web.commune_overdue.pk,
        web.recurring.pk,
        web.awaiting.pk,
    }
    expected = {
        CENTRAL: tq_all | {web.cb_task.pk},
        TQM: tq_all,
        TQR: {web.overdue.pk, web.on_track.pk, web.recurring.pk, web.awaiting.pk},
        LB: {web.commune_overdue.pk},
        CBM: {web.cb_task.pk},
        OUT: set(),
    }
    for persona, ids in expected.items():
        listed = task_ids(users, persona)
        assert set(listed) == ids, persona
        assert len(listed) == len(ids), persona


def test_one_task_and_its_history_are_404_to_whoever_may_not_see_it(web, users):
    cases = {
        web.overdue.pk: {CENTRAL, TQM, TQR},
        web.commune_overdue.pk: {CENTRAL, TQM, LB},
        web.cb_task.pk: {CENTRAL, CBM},
    }
    for task_id, allowed in cases.items():
        for persona in PERSONAS:
            for suffix in ("", "/history"):
                response = get(users, persona, f"/api/v1/tasks/{task_id}{suffix}")
                expected = 200 if persona in allowed else 404
                assert response.status_code == expected, (persona, task_id, suffix)


def test_directives_are_those_the_caller_may_open(web, users):
    programme, cb_plan = web.programme.pk, web.cb_plan.pk
    listed = {
        p: {d["id"] for d in get(users, p, "/api/v1/directives").json()["items"]} for p in PERSONAS
    }
    assert programme in listed[TQM] and programme in listed[LB]
    assert programme not in listed[CBM] and cb_plan in listed[CBM]
    assert cb_plan not in listed[TQM] | listed[TQR] | listed[LB]
    assert listed[OUT] == set()
    for persona in PERSONAS:
        for directive_id, allowed in (
            (programme, {CENTRAL, TQM, TQR, LB}),
            (cb_plan, {CENTRAL, CBM}),
        ):
            response = get(users, persona, f"/api/v1/directives/{directive_id}")
            assert response.status_code == (200 if persona in allowed else 404), persona


@pytest.mark.parametrize(
    ("params", "allowed"),
    [
        ({"peers": "provinces"}, {CENTRAL, TQM, CBM}),
        ({"peers": "departments", "unit": "08"}, {CENTRAL, TQM, TQR}),
        ({"peers": "communes", "unit": "08"}, {CENTRAL, TQM, LB}),
        ({"peers": "communes", "unit": "04"}, {CENTRAL, CBM}),
    ],
)
def test_a_ranking_is_for_the_peers_and_those_above_them(web, users, params, allowed):
    for persona in PERSONAS:
        response = get(users, persona, "/api/v1/rankings", **params)
        assert response.status_code == (200 if persona in allowed else 403), persona


# --- Cao Bằng sees nothing of Tuyên Quang, on every route -----------------------------


def _tq_marks(web) -> list[str]:  # type: ignore[no-untyped-def]
    """Text that names something of Tuyên Quang's plans: its directives and tasks."""
    tq_tasks = Task.objects.filter(lead_unit__path__startswith=web.overdue.lead_unit.path[:8])
    return [web.programme.symbol, "20-KH/UBND", *(t.content for t in tq_tasks)]


# Its units' names and codes: public, and named by a refusal ("your roles do not cover
# Tuyên Quang"), but never in an answer that shows data.
TQ_UNITS = ["Tuyên Quang", "08-SKHCN", "Xã Lâm Bình", "02233"]


def read_urls(web) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/units/04",
        "/api/v1/units/04/tree",
        "/api/v1/units/04/scorecard",
        "/api/v1/units/08",
        "/api/v1/units/08/tree",
        "/api/v1/units/08/scorecard",
        "/api/v1/directives",
        f"/api/v1/directives/{web.programme.pk}",
        f"/api/v1/directives/{web.cb_plan.pk}",
        "/api/v1/tasks",
        "/api/v1/tasks?unit=08",
        f"/api/v1/tasks?directive={web.programme.pk}",
        f"/api/v1/tasks/{web.overdue.pk}",
        f"/api/v1/tasks/{web.overdue.pk}/history",
        f"/api/v1/tasks/{web.done.pk}/history",
        f"/api/v1/tasks/{web.cb_task.pk}",
        f"/api/v1/tasks/{web.cb_task.pk}/history",
        "/api/v1/rankings?peers=communes&unit=04",
        "/api/v1/rankings?peers=departments&unit=08",
    ]


def test_cao_bang_sees_nothing_of_tuyen_quang_on_any_route(web, users):
    client = Client()
    client.force_login(users[CBM])
    marks = [m for m in _tq_marks(web) if m]
    for url in read_urls(web):
        response = client.get(url)
        assert response.status_code < 500, url
        text = response.content.decode()
        if response.status_code != 200:
            assert response["Content-Type"] == "application/problem+json", url
        shown = marks + (TQ_UNITS if response.status_code == 200 else [])
        leaked = [m for m in shown if m in text]
        assert not leaked, (url, response.status_code, leaked)


def test_a_tuyen_quang_commune_reporter_sees_nothing_of_cao_bang(web, users):
    client = Client()
    client.force_login(users[LB])
    for url in read_urls(web):
        response = client.get(url)
        text = response.content.decode()
        marks = [web.cb_plan.symbol, web.cb_task.content]
        if response.status_code == 200:
            marks += ["Cao Bằng", "04-SKHCN"]
        for mark in marks:
            assert mark not in text, (url, mark)


# --- the task list's filters, dates and pages -----------------------------------------


def test_a_bad_as_of_is_refused_naming_the_field(web, users):
    for url in ("/api/v1/tasks", f"/api/v1/tasks/{web.overdue.pk}", "/api/v1/units/08/scorecard"):
        response = get(users, TQM, url, as_of="2025-13-45")
        assert response.status_code == 422, url
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == 422
        assert [e["field"] for e in body["errors"]] == ["as_of"], body
        assert "as_of" in body["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tasks",
        "/api/v1/units/08/scorecard",
        "/api/v1/rankings?peers=provinces",
    ],
)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_at_the_calendars_ends_is_refused_naming_it(web, users, url, day):
    response = get(users, TQM, url, as_of=day)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["as_of"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 501}, "limit"),
        ({"limit": 0}, "limit"),
        ({"sort": "sideways"}, "sort"),
        ({"task_class": "late-ish"}, "task_class"),
        ({"unit": "99999"}, "unit"),
        ({"due_from": "2025-10-01", "due_to": "2025-09-01"}, "due_to"),
        ({"cursor": "made-up"}, "cursor"),
    ],
)
def test_a_filter_the_list_cannot_read_is_refused_naming_it(web, users, params, field):
    response = get(users, TQM, "/api/v1/tasks", **params)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_a_directive_of_another_province_is_refused_as_if_it_did_not_exist(web, users):
    response = get(users, TQM, "/api/v1/tasks", directive=web.cb_plan.pk)
    missing = get(users, TQM, "/api/v1/tasks", directive=999999)
    assert response.status_code == missing.status_code == 422
    assert response.json()["errors"] == missing.json()["errors"]


def test_the_filters_narrow_as_on_the_page(web, users):
    assert task_ids(users, TQM, task_class="overdue") == [
        web.overdue.pk,
        web.commune_overdue.pk,
    ]
    assert set(task_ids(users, TQM, unit="02233")) == {web.commune_overdue.pk}
    assert set(task_ids(users, TQM, q="du lieu khoa hoc")) == {web.overdue.pk}
    assert set(task_ids(users, CENTRAL, directive=web.cb_plan.pk)) == {web.cb_task.pk}


def test_the_class_is_as_of_the_date_asked(web, users):
    today = NOW.date()
    before = (web.overdue.due_on).replace(day=1)
    first = get(users, TQM, f"/api/v1/tasks/{web.overdue.pk}").json()
    earlier = get(users, TQM, f"/api/v1/tasks/{web.overdue.pk}", as_of=before.isoformat()).json()
    assert first["task_class"] == "overdue"
    assert earlier["task_class"] == "on_track"
    assert get(users, TQM, "/api/v1/tasks").json()["as_of"] == today.isoformat()


@pytest.mark.parametrize(
    "sort", ["id", "deadline", "-deadline", "directive", "unit", "class", "updated"]
)
def test_walking_the_pages_lists_every_task_exactly_once(tree, people, users, sort):
    build_web_data(tree, copies=4)
    everything = task_ids(users, CENTRAL, sort=sort)
    assert len(everything) > 20
    seen: list[int] = []
    client = Client()
    client.force_login(users[CENTRAL])
    url: str | None = f"/api/v1/tasks?limit=3&sort={sort}"
    pages = 0
    while url:
        body = client.get(url).json()
        assert len(body["items"]) <= 3
        seen += [t["id"] for t in body["items"]]
        url = body["next"]
        pages += 1
    assert seen == everything
    assert len(set(seen)) == len(seen)
    assert pages == -(-len(everything) // 3)


def test_the_default_order_is_by_id_and_the_pages_sorts_stay_available(web, users):
    by_default = task_ids(users, CENTRAL)
    assert by_default == sorted(by_default)
    assert task_ids(users, CENTRAL, sort="id") == by_default
    by_deadline = task_ids(users, CENTRAL, sort="deadline")
    assert by_deadline != by_default
    assert sorted(by_deadline) == by_default


@pytest.mark.parametrize("unit", ["08", "08-SKHCN", "02233"])
def test_walking_a_units_pages_by_id_lists_each_of_its_tasks_once(tree, people, users, unit):
    build_web_data(tree, copies=4)
    everything = task_ids(users, TQM, unit=unit)
    assert everything, unit
    client = Client()
    client.force_login(users[TQM])
    seen: list[int] = []
    url: str | None = f"/api/v1/tasks?limit=2&unit={unit}"
    while url:
        body = client.get(url).json()
        seen += [t["id"] for t in body["items"]]
        url = body["next"]
    assert seen == everything == sorted(everything)


def test_a_walk_by_id_lists_tasks_added_meanwhile_once_at_its_end(tree, people, users):
    from tests.factories import make_task

    web = build_web_data(tree, copies=2)
    before = task_ids(users, CENTRAL)
    client = Client()
    client.force_login(users[CENTRAL])
    first = client.get("/api/v1/tasks", {"limit": 3}).json()
    added = make_task(web.overdue.directive, tree.tq_skhcn, reference="99", due_on=web.today)
    seen = [t["id"] for t in first["items"]]
    url: str | None = first["next"]
    while url:
        body = client.get(url).json()
        seen += [t["id"] for t in body["items"]]
        url = body["next"]
    assert seen == before + [added.pk]


def test_a_cursor_is_bound_to_its_query(web, users):
    client = Client()
    client.force_login(users[CENTRAL])
    page = client.get("/api/v1/tasks", {"limit": 2}).json()
    cursor = page["next"].split("cursor=")[1]
    response = client.get(f"/api/v1/tasks?limit=2&task_class=overdue&cursor={cursor}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"
    by_deadline = client.get(f"/api/v1/tasks?limit=2&sort=deadline&cursor={cursor}")
    assert by_deadline.status_code == 422  # an id cursor is no offset, and the reverse
    assert by_deadline.json()["errors"][0]["field"] == "cursor"


def test_a_scorecard_counts_as_the_overview(web, users):
    body = get(users, TQM, "/api/v1/units/08/scorecard").json()
    counts = body["counts"]
    assert counts["total"] == 7
    assert counts["overdue"] == 2
    children = {c["unit"]["code"]: c["counts"]["total"] for c in body["children"]}
    assert children["08-SKHCN"] == 4
    assert sum(children.values()) <= counts["total"]
    assert body["sentence"]


def test_a_ranking_is_the_command_lines_json(web, users):
    from steerco.lib.periods import previous_cutoff
    from steerco.scoring.peers import provinces
    from steerco.scoring.ranking_table import ranking

    body = get(users, TQM, "/api/v1/rankings", peers="provinces").json()
    as_of = NOW.date()
    rows = ranking(provinces(), as_of, metric="green_rate", previous_on=previous_cutoff(as_of))
    assert body["rows"] == [r.as_dict() for r in rows]
    assert body["by"] == "green_rate"


# --- indicators ----------------------------------------------------------------------


@pytest.fixture
def catalogue(web):  # type: ignore[no-untyped-def]
    from steerco.indicators.imports import catalogue_load
    from steerco.indicators.tests.conftest import SEED

    catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)


def test_the_indicator_catalogue_is_listed_to_anyone_signed_in(catalogue, users):
    for persona in PERSONAS:
        response = get(users, persona, "/api/v1/indicators")
        assert response.status_code == 200
        assert "PROC_HANDLED" in [i["code"] for i in response.json()["items"]]


def test_an_indicators_figure_is_for_whoever_may_view_the_unit(catalogue, tree, users):
    from steerco.indicators.models import Indicator
    from steerco.indicators.services import value_record

    indicator = Indicator.objects.get(code="PROC_HANDLED")
    value_record(unit=tree.lam_binh, indicator=indicator, period="2025-09", value="12")
    url = "/api/v1/indicators/PROC_HANDLED/units/08"
    body = get(users, TQM, url, period="2025-09").json()
    assert body["code"] == "08"
    assert body["value"] == 12
    assert body["period"] == "2025-09"
    for persona in PERSONAS:
        expected = 200 if persona in {CENTRAL, TQM} else 403
        assert get(users, persona, url, period="2025-09").status_code == expected, persona
    assert get(users, TQM, "/api/v1/indicators/NOPE/units/08").status_code == 404
    bad = get(users, TQM, url, period="2025-13")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "period"


# --- composite indices ---------------------------------------------------------------


@pytest.fixture
def greenx(catalogue):  # type: ignore[no-untyped-def]
    import json

    from steerco.indicators.indices.definitions import index_define
    from steerco.indicators.tests.test_index_definitions import document

    index_define(name="greenx.json", data=json.dumps(document()).encode(), commit=True)


@pytest.mark.parametrize(
    ("params", "allowed"),
    [
        ({"peers": "provinces"}, {CENTRAL, TQM, CBM}),
        ({"peers": "communes", "unit": "08"}, {CENTRAL, TQM, LB}),
        ({"peers": "departments", "unit": "04"}, {CENTRAL, CBM}),
    ],
)
def test_an_index_ranking_is_for_the_peers_and_those_above_them(greenx, users, params, allowed):
    assert "GREENX" in [i["code"] for i in get(users, OUT, "/api/v1/indices").json()["items"]]
    for persona in PERSONAS:
        response = get(users, persona, "/api/v1/indices/GREENX/ranking", period="2024", **params)
        assert response.status_code == (200 if persona in allowed else 403), persona
        if response.status_code == 200:
            assert response.json()["period"] == "2024"


def test_an_index_ranking_names_a_bad_period_and_an_unknown_index(greenx, users):
    bad = get(users, TQM, "/api/v1/indices/GREENX/ranking", peers="provinces", period="soon")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "period"
    assert get(users, TQM, "/api/v1/indices/NOPE/ranking").status_code == 404


# --- query budgets: a fixed number of queries, whatever the size of the data ------------


def _queries(users: dict[str, Any], url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(users[TQM])
    client.get(url)  # the session and the user's grants, as any later request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Each counts the session's own reads (the session, the user, the roles: 3 or 4).
QUERY_BUDGETS = {
    "/api/v1/tasks?limit=500": 5,
    "/api/v1/tasks?limit=500&sort=deadline": 5,
    "/api/v1/tasks?limit=500&sort=directive": 6,
    "/api/v1/units/08/tree?depth=3": 6,
    "/api/v1/units/08/scorecard": 9,
    "/api/v1/directives": 5,
    "/api/v1/rankings?peers=communes&unit=08": 10,
}


@pytest.mark.parametrize("url", sorted(QUERY_BUDGETS))
def test_a_list_reads_in_a_fixed_number_of_queries(web, tree, users, url):
    from datetime import timedelta

    from tests.factories import make_directive, make_task

    small = _queries(users, url)
    for i in range(4):  # more directives, and tasks of every unit with coordinating units
        plan = make_directive(tree.tuyen_quang, issued_on=web.today - timedelta(days=100))
        for lead in (tree.tq_skhcn, tree.tq_stc, tree.lam_binh, tree.thuong_lam):
            make_task(
                plan,
                lead,
                reference=f"{i}.{lead.code}",
                due_on=web.today + timedelta(days=i * 7 - 10),
                assigned_on=web.today - timedelta(days=90),
                coordinating_units=[tree.tq_stc, tree.lam_binh],
            )
    assert _queries(users, url) == small
    assert small <= QUERY_BUDGETS[url]


@pytest.mark.parametrize("sort", ["id", "deadline"])
def test_page_50_reads_in_as_many_queries_as_page_1(tree, people, users, sort):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_web_data(tree, copies=8)
    client = Client()
    client.force_login(users[CENTRAL])
    url: str | None = f"/api/v1/tasks?limit=1&sort={sort}"
    counts = []
    while url and len(counts) < 50:
        with CaptureQueriesContext(connection) as captured:
            body = client.get(url).json()
        assert len(body["items"]) == 1
        counts.append(len(captured))
        url = body["next"]
    assert len(counts) == 50
    assert counts[49] == counts[0]
