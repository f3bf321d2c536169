"""The exchange over the API (issue 19, `steerco sync`'s endpoints): a token exports only a
unit its user may view, imports only a document of a unit its user reports for, creates
definitions only with the manage scope and a manager's role, and every row refused comes
back with its reason — the instance that created a task owns its definition, the instance
of the lead unit owns its history."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import Client

from steerco.accounts.tokens import token_create
from steerco.directives.models import Directive, Task
from steerco.exchange.selectors import exchange_document
from steerco.progress import services as progress
from steerco.progress.models import ProgressUpdate
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _spring_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 12, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


def with_token(user: Any, scopes: str) -> Client:
    issued = token_create(actor=None, user=user, name=f"t-{scopes}", scopes=scopes)
    return Client(HTTP_AUTHORIZATION=f"Bearer {issued.token}")


def send(client: Client, document: str | dict, commit: bool = True) -> Any:
    body = document if isinstance(document, str) else json.dumps(document)
    url = "/api/v1/exchange/import" + ("?commit=true" if commit else "")
    return client.post(url, body, content_type="application/json")


def refusals(response: Any) -> list[tuple[str, str]]:
    return [(i["kind"], i["reason"]) for i in response.json()["items"] if i["action"] == "refuse"]


def entered_in_the_province(tree: Any) -> str:
    """Tuyên Quang's plan with a task for its department and a report on it, entered on
    the province's instance and exported (then gone again here: rolled back)."""
    with transaction.atomic():
        plan = make_directive(tree.tuyen_quang, symbol="05-KH/UBND")
        task = make_task(plan, tree.tq_skhcn, reference="1", due_on=date(2025, 9, 30))
        progress.progress_report(
            task=task, reported_on=date(2025, 3, 10), state="in_progress", percent=30,
            unit=tree.tq_skhcn,
        )  # fmt: skip
        text = exchange_document(unit=tree.tuyen_quang, directives=[plan]).model_dump_json()
        transaction.set_rollback(True)
    return text


# --- export ---------------------------------------------------------------------------------


def test_a_province_token_exports_its_tasks_and_their_history(tree, people):
    plan = make_directive(tree.committee, symbol="02-KH/BCĐTW")
    ours = make_task(plan, tree.tq_skhcn, reference="1")
    make_task(plan, tree.cb_skhcn, reference="2")
    progress.progress_report(
        task=ours, reported_on=date(2025, 3, 10), state="in_progress", percent=10
    )
    response = with_token(people.tq_manager, "read").get("/api/v1/exchange/export?unit=08")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["format"] == "steerco-exchange" and body["unit"] == "08"
    assert [t["global_id"] for t in body["tasks"]] == [str(ours.global_id)]
    assert [d["symbol"] for d in body["directives"]] == ["02-KH/BCĐTW"]
    assert body["updates"]["task"] == [str(ours.global_id)]  # the history, as columns
    assert body["updates"]["percent"] == [10]


def test_an_export_of_a_unit_beyond_the_tokens_roles_is_refused(tree, people):
    client = with_token(people.tq_manager, "read")
    assert client.get("/api/v1/exchange/export?unit=04").status_code == 403
    assert client.get("/api/v1/exchange/export?unit=nope").status_code == 404
    assert Client().get("/api/v1/exchange/export?unit=08").status_code == 401


def test_an_unknown_directive_is_named(tree, people):
    response = with_token(people.tq_manager, "read").get(
        "/api/v1/exchange/export?unit=08&directive=99-XX"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "directive"


# --- import ---------------------------------------------------------------------------------


def test_a_manage_token_of_the_province_imports_its_plan_once(tree, people):
    text = entered_in_the_province(tree)
    client = with_token(people.tq_manager, "read,report,manage")
    preview = send(client, text, commit=False)
    assert preview.status_code == 200 and not preview.json()["committed"]
    assert not Directive.objects.filter(symbol="05-KH/UBND").exists()
    first = send(client, text)
    assert first.status_code == 200 and first.json()["committed"]
    assert first.json()["counts"]["update"] == {"create": 1, "skip": 0, "refuse": 0}
    assert first.json()["items"] == []  # rows created or skipped are counted, not listed
    again = send(client, text)
    assert again.json()["counts"]["update"] == {"create": 0, "skip": 1, "refuse": 0}
    assert again.json()["items"] == []
    assert ProgressUpdate.objects.filter(task__directive__symbol="05-KH/UBND").count() == 1


def test_creating_tasks_needs_the_manage_scope(tree, people):
    text = entered_in_the_province(tree)
    response = send(with_token(people.tq_manager, "read,report"), text)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["committed"] is False
    assert ("directive", "creating a directive needs a token with the manage scope") in (
        refusals(response)
    )
    assert not Directive.objects.filter(symbol="05-KH/UBND").exists()


def test_a_reporter_cannot_create_the_provinces_tasks(tree, people):
    """A department's reporter with every scope: the document's unit is not theirs."""
    text = entered_in_the_province(tree)
    response = send(with_token(people.tq_dept_reporter, "read,report,manage"), text)
    assert response.status_code == 403


def test_a_definition_from_another_instance_than_its_creator_is_refused(tree, people):
    plan = make_directive(tree.tuyen_quang, symbol="06-KH/UBND")
    task = make_task(plan, tree.tq_skhcn, reference="1", content="Nội dung gốc")
    document = json.loads(
        exchange_document(unit=tree.tuyen_quang, directives=[plan]).model_dump_json()
    )
    document["tasks"][0]["content"] = "Nội dung sửa ở nơi khác"
    response = send(with_token(people.tq_manager, "read,report,manage"), document)
    assert response.status_code == 422
    (reason,) = [r for k, r in refusals(response) if k == "task"]
    assert "differs in content" in reason and "the instance that created it owns it" in reason
    task.refresh_from_db()
    assert task.content == "Nội dung gốc"


def test_history_of_a_task_led_outside_the_senders_unit_is_refused(tree, people):
    """A Tuyên Quang document carrying a report on a Cao Bằng task: Cao Bằng's instance
    owns that history."""
    plan = make_directive(tree.committee, symbol="07-KH/BCĐTW")
    theirs = make_task(plan, tree.cb_skhcn, reference="1")
    with transaction.atomic():
        progress.progress_report(
            task=theirs, reported_on=date(2025, 3, 10), state="in_progress", percent=50
        )
        document = json.loads(
            exchange_document(unit=tree.root, directives=[plan]).model_dump_json()
        )
        transaction.set_rollback(True)
    document["unit"] = "08"
    document["tasks"] = []
    response = send(with_token(people.tq_manager, "read,report,manage"), document)
    assert response.status_code == 422
    ((kind, reason),) = refusals(response)
    assert kind == "update"
    assert "lead unit 04-SKHCN is not under the sender's unit 08" in reason
    assert not ProgressUpdate.objects.filter(task=theirs).exists()


def test_a_document_needs_the_report_scope_and_a_readable_body(tree, people):
    text = entered_in_the_province(tree)
    assert send(with_token(people.tq_manager, "read"), text).status_code == 403
    bad = send(with_token(people.tq_manager, "report"), '{"format": "other"}')
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "format"
    assert not Task.objects.filter(directive__symbol="05-KH/UBND").exists()
