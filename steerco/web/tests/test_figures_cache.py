"""The ranking and the overview read their figures from a shared cache (issue 20, item 4):
the second official opening the same ranking does not count again, and no write that
changes a figure leaves the pages showing the old one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steerco.directives.services import task_update
from steerco.intake.bench import synthetic_plan_xlsx
from steerco.intake.plans import plan_import
from steerco.intake.sheets import sheet_export, sheet_import
from steerco.progress.services import (
    completion_accept,
    extension_decide,
    extension_request,
    progress_report,
    task_cancel,
)
from steerco.scoring import selectors
from tests.factories import make_task

from .conftest import WebData, build_web_data

pytestmark = pytest.mark.django_db

PAGES = ("/ranking/", "/")


def shown(client: Any) -> dict[str, Any]:
    """The figures the ranking and the overview show (from the pages' context)."""
    ranking = client.get("/ranking/")
    overview = client.get("/")
    assert ranking.status_code == overview.status_code == 200
    board = overview.context["board"]
    return {
        "ranking": [(e.unit.code, e.rank, asdict(e.counts)) for e in ranking.context["entries"]],
        "overview": asdict(board.counts),
        "children": [(r.unit.code, asdict(r.counts)) for r in board.children],
        "by_directive": [(r.symbol, asdict(r.counts)) for r in board.by_directive],
        "most_overdue": [t.pk for t in board.most_overdue],
    }


def computed(client: Any, settings: Any) -> dict[str, Any]:
    """The same figures computed afresh: the cache off, and every task classified one by
    one instead of today's summaries (steerco/scoring/summaries.py)."""
    settings.STEERCO_FIGURES_CACHE = False
    settings.STEERCO_SUMMARIES = False
    try:
        return shown(client)
    finally:
        settings.STEERCO_FIGURES_CACHE = True
        settings.STEERCO_SUMMARIES = True


def _report(web: WebData, tree: Any, people: Any) -> None:
    progress_report(task=web.overdue, reported_on=web.today, state="completed")


def _accept(web: WebData, tree: Any, people: Any) -> None:
    completion_accept(task=web.awaiting, decided_on=web.today, author=people.tq_manager)


def _cancel(web: WebData, tree: Any, people: Any) -> None:
    task_cancel(task=web.on_track, cancelled_on=web.today, reason="Trùng nhiệm vụ")


def _extension(web: WebData, tree: Any, people: Any) -> None:
    request = extension_request(
        task=web.overdue,
        requested_on=web.today,
        new_due_on=web.today + timedelta(days=60),
        reason="Chờ kinh phí",
        late_reason="Kinh phí về chậm",
        author=people.tq_manager,
    )
    extension_decide(
        extension=request, approve=True, decided_on=web.today, author=people.tq_manager
    )


def _task_create(web: WebData, tree: Any, people: Any) -> None:
    make_task(
        web.programme,
        tree.tq_stc,
        due_on=web.today - timedelta(days=3),
        assigned_on=web.today - timedelta(days=90),
    )


def _task_update(web: WebData, tree: Any, people: Any) -> None:
    task_update(task=web.overdue, field="Chuyển đổi số")  # the overview groups by directive
    web.overdue.directive = web.cb_plan  # a task moved to another directive (the admin)
    web.overdue.save(update_fields=["directive"])


def _plan_import(web: WebData, tree: Any, people: Any) -> None:
    data = synthetic_plan_xlsx(3, leads=["Sở KH&CN", "Sở Tài chính"])
    result = plan_import(
        directive=web.programme, within=tree.tuyen_quang, name="plan.xlsx", data=data, commit=True
    )
    assert result.committed and result.created == 3


def _sheet_import(web: WebData, tree: Any, people: Any) -> None:
    from steerco.intake.tests.test_sheets import fill

    sheet = sheet_export(unit=tree.tq_skhcn, exported_on=web.today)
    data = fill(sheet, {web.overdue.reference: {"state": "Đã hoàn thành", "percent": 100}})
    result = sheet_import(
        name="tien-do.xlsx", data=data, reported_on=web.today, user=None, commit=True
    )
    assert result.committed, result.rejected


WRITES: dict[str, Callable[[WebData, Any, Any], None]] = {
    "a progress update": _report,
    "an acceptance": _accept,
    "a cancellation": _cancel,
    "an extension approved": _extension,
    "a task created": _task_create,
    "a task edited": _task_update,
    "a plan imported": _plan_import,
    "a progress sheet imported": _sheet_import,
}


@pytest.mark.parametrize("write", list(WRITES))
def test_the_pages_show_the_new_figure_at_once_after(write, client, tree, people, settings):
    web = build_web_data(tree)
    client.force_login(people.tq_manager)
    before = shown(client)  # now cached
    assert shown(client) == before
    WRITES[write](web, tree, people)
    after = shown(client)
    assert after != before, "the write changes a figure the pages show"
    assert after == computed(client, settings)


def test_two_officials_opening_the_same_ranking_compute_it_once(client, tree, people, monkeypatch):
    build_web_data(tree)
    computed: list[object] = []
    compute = selectors._class_counts_by_peer

    def counting(*args: Any, **kwargs: Any) -> Any:
        computed.append(args)
        return compute(*args, **kwargs)

    monkeypatch.setattr(selectors, "_class_counts_by_peer", counting)
    client.force_login(people.tq_manager)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/ranking/").status_code == 200
    assert computed, "the first official's page counts the tasks"
    n = len(computed)
    client.force_login(people.central_analyst)
    with CaptureQueriesContext(connection) as second:
        assert client.get("/ranking/").status_code == 200
    assert len(computed) == n
    assert len(second) < len(first)


def test_the_overview_of_another_official_reads_the_counts_from_the_cache(client, tree, people):
    build_web_data(tree)
    client.force_login(people.tq_manager)
    client.get("/?unit=08")
    client.force_login(people.central_analyst)
    with CaptureQueriesContext(connection) as again:
        assert client.get("/?unit=08").status_code == 200
    # The most overdue tasks are read by id to show their names; nothing is classified.
    assert not [q for q in again.captured_queries if "CASE" in q["sql"]]


def test_a_deadline_passing_overnight_moves_a_class_without_any_write(client, tree, people):
    web = build_web_data(tree)
    client.force_login(people.tq_manager)
    task = make_task(
        web.programme,
        tree.tq_stc,
        due_on=web.today,
        assigned_on=web.today - timedelta(days=90),
    )
    today = shown(client)
    assert task.pk not in today["most_overdue"]
    noon = datetime.combine(web.today + timedelta(days=1), time(12), ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(noon, tick=False):
        client.force_login(people.tq_manager)  # the session's own limits count the day too
        tomorrow = shown(client)
    assert task.pk in tomorrow["most_overdue"]
    assert tomorrow["overview"]["overdue"] == today["overview"]["overdue"] + 1


def test_on_redis_the_figures_are_shared_and_never_stale(
    redis_cache, client, tree, people, settings, monkeypatch
):
    server, prefix = redis_cache
    web = build_web_data(tree)
    client.force_login(people.tq_manager)
    before = shown(client)
    assert list(server.scan_iter(f"{prefix}:*:steerco:figures:*")), "stored in Redis"
    calls: list[object] = []
    compute = selectors._class_counts_by_peer

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return compute(*args, **kwargs)

    monkeypatch.setattr(selectors, "_class_counts_by_peer", counting)
    client.force_login(people.central_analyst)
    client.get("/ranking/?peers=provinces")
    assert not calls, "the second official reads the ranking from Redis"
    client.force_login(people.tq_manager)
    progress_report(task=web.overdue, reported_on=web.today, state="completed")
    after = shown(client)
    assert after != before
    assert after == computed(client, settings)


def test_a_new_field_is_offered_in_the_task_lists_filter_at_once(client, tree, people):
    web = build_web_data(tree)
    client.force_login(people.tq_manager)

    def offered() -> set[str]:
        response = client.get("/tasks/")
        assert response.status_code == 200
        return {str(value) for value, _label in response.context["form"].fields["field"].choices}

    before = offered()
    assert offered() == before  # the second page reads the shared choices
    make_task(web.programme, tree.tq_stc, field="Môi trường")
    assert offered() == before | {"Môi trường"}
    client.force_login(people.cb_manager)  # other grants, other choices: not Tuyên Quang's
    assert "Môi trường" not in offered()


def test_a_disbursement_shows_in_the_rankings_money_column_at_once(client, tree, people, settings):
    from steerco.budget.services import allocation_record, disbursement_record

    settings.STEERCO_RANKING_MONEY = True
    web = build_web_data(tree)
    client.force_login(people.tq_manager)
    year = web.today.year

    def disbursed() -> dict[str, int]:
        response = client.get("/ranking/")
        assert response.status_code == 200
        return {
            e.unit.code: (e.money.disbursed if e.money else 0) for e in response.context["entries"]
        }

    allocation_record(
        task=web.on_track,
        source="provincial",
        year=year,
        decision_symbol="12/QĐ-UBND",
        decided_on=web.today,
        amount=900_000_000,
        today=web.today,
    )
    before = disbursed()
    assert disbursed() == before  # read from the cache
    disbursement_record(
        task=web.on_track,
        source="provincial",
        year=year,
        paid_on=web.today,
        amount=300_000_000,
        today=web.today,
    )
    assert disbursed()[tree.tuyen_quang.code] == before[tree.tuyen_quang.code] + 300_000_000
