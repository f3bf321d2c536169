"""The API's writes: progress updates (one and in bulk), acceptance, extensions, reports —
the pages' rules, answered as JSON, per persona and per token scope."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from steerco.accounts.tokens import token_create
from steerco.api.models import IdempotencyKey
from steerco.directives.models import Task
from steerco.progress.models import ProgressUpdate
from steerco.web.tests.conftest import build_web_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(tree):
    return build_web_data(tree)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def with_token(user: Any, scopes: str) -> Client:
    issued = token_create(actor=None, user=user, name=f"t-{scopes}", scopes=scopes)
    return Client(HTTP_AUTHORIZATION=f"Bearer {issued.token}")


def post(client: Client, url: str, body: Any, **headers: str) -> Any:
    return client.post(
        "/api/v1" + url, json.dumps(body), content_type="application/json", headers=headers
    )


def report(task: Task, **fields: Any) -> dict[str, Any]:
    return {
        "task": task.pk,
        "reported_on": timezone.localdate().isoformat(),
        "state": "in_progress",
        "percent": 40,
        "done": "Đã triển khai một phần",
        **fields,
    }


def updates(task: Task) -> int:
    return ProgressUpdate.objects.filter(task=task).count()


# --- one update -----------------------------------------------------------------------


def test_a_department_reporter_posts_an_update_on_its_task(people, web):
    response = post(signed_in(people.tq_dept_reporter), "/progress-updates", report(web.on_track))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["task"] == web.on_track.pk
    assert (body["state"], body["percent"], body["unit"]) == ("in_progress", 40, "08-SKHCN")
    assert body["author"] == "tq-skhcn"
    web.on_track.refresh_from_db()
    assert web.on_track.percent == 40


def test_a_token_with_the_report_scope_posts_an_update(people, web):
    client = with_token(people.tq_dept_reporter, "read,report")
    response = post(client, "/progress-updates", report(web.on_track, links=["https://a.vn/x"]))
    assert response.status_code == 201
    assert response.json()["links"] == ["https://a.vn/x"]


def test_a_token_with_only_the_read_scope_cannot_post(people, web):
    before = updates(web.on_track)
    response = post(
        with_token(people.tq_dept_reporter, "read"), "/progress-updates", report(web.on_track)
    )
    assert response.status_code == 403
    assert response.json()["type"] == "urn:steerco:problem:insufficient-scope"
    assert updates(web.on_track) == before


def test_the_central_viewer_cannot_report(people, web):
    before = updates(web.on_track)
    response = post(signed_in(people.central_analyst), "/progress-updates", report(web.on_track))
    assert response.status_code == 403
    assert updates(web.on_track) == before


def test_another_provinces_task_is_not_found_for_a_reporter(people, web):
    before = updates(web.cb_task)
    response = post(signed_in(people.tq_dept_reporter), "/progress-updates", report(web.cb_task))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert updates(web.cb_task) == before


def test_a_coordinating_unit_may_not_change_the_state(people, web, tree):
    from steerco.units.services import membership_grant
    from tests.factories import UserFactory

    stc = UserFactory(username="tq-stc")
    membership_grant(user=stc, unit=tree.tq_stc, role="reporter")
    other_percent = report(web.on_track, percent=90)
    del other_percent["state"]
    refused = post(signed_in(stc), "/progress-updates", other_percent)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "percent"
    contribution = report(web.on_track)
    del contribution["state"], contribution["percent"]
    recorded = post(signed_in(stc), "/progress-updates", contribution)
    assert recorded.status_code == 201
    assert recorded.json()["unit"] == "08-STC"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"percent": 140}, "percent"),
        ({"state": "finished"}, "state"),
        ({"state": "completed", "percent": 90}, "percent"),
        ({"links": ["ftp://a.vn"]}, "links"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_refused_naming_the_field(people, web, fields, field):
    response = post(
        signed_in(people.tq_dept_reporter), "/progress-updates", report(web.on_track, **fields)
    )
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_a_date_further_back_than_reporters_may_is_refused(people, web):
    old = (timezone.localdate() - timedelta(days=120)).isoformat()
    response = post(
        signed_in(people.tq_dept_reporter),
        "/progress-updates",
        report(web.on_track, reported_on=old),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reported_on"


# --- idempotency ----------------------------------------------------------------------


def test_the_same_key_and_body_answer_the_first_update_without_writing_twice(people, web):
    client = signed_in(people.tq_dept_reporter)
    before = updates(web.on_track)
    first = post(client, "/progress-updates", report(web.on_track), **{"Idempotency-Key": "k-1"})
    again = post(client, "/progress-updates", report(web.on_track), **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert updates(web.on_track) == before + 1


def test_the_same_key_with_another_body_is_refused_naming_the_header(people, web):
    client = signed_in(people.tq_dept_reporter)
    post(client, "/progress-updates", report(web.on_track), **{"Idempotency-Key": "k-2"})
    other = post(
        client, "/progress-updates", report(web.on_track, percent=50), **{"Idempotency-Key": "k-2"}
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    web.on_track.refresh_from_db()
    assert web.on_track.percent == 40


def test_a_key_is_the_users_own(people, web):
    post(
        signed_in(people.tq_manager),
        "/progress-updates",
        report(web.on_track),
        **{"Idempotency-Key": "k"},
    )
    other = post(
        signed_in(people.tq_dept_reporter),
        "/progress-updates",
        report(web.on_track, percent=60),
        **{"Idempotency-Key": "k"},
    )
    assert other.status_code == 201
    assert other.json()["percent"] == 60


def test_a_refused_write_keeps_no_key_and_may_be_sent_again_corrected(people, web):
    client = signed_in(people.tq_dept_reporter)
    refused = post(
        client,
        "/progress-updates",
        report(web.on_track, state="completed", percent=50),
        **{"Idempotency-Key": "k-3"},
    )
    assert refused.status_code == 422
    assert not IdempotencyKey.objects.exists()
    fixed = post(client, "/progress-updates", report(web.on_track), **{"Idempotency-Key": "k-3"})
    assert fixed.status_code == 201


def test_a_key_is_kept_a_day(people, web):
    client = with_token(people.tq_dept_reporter, "report")
    before = updates(web.on_track)
    post(client, "/progress-updates", report(web.on_track), **{"Idempotency-Key": "k-4"})
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        later = report(web.on_track, reported_on=timezone.localdate().isoformat())
        again = post(client, "/progress-updates", later, **{"Idempotency-Key": "k-4"})
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert updates(web.on_track) == before + 2
    assert IdempotencyKey.objects.count() == 1


# --- bulk -----------------------------------------------------------------------------


def test_bulk_records_the_good_items_and_names_the_bad_ones(people, web):
    client = with_token(people.tq_dept_reporter, "report")
    before = (updates(web.on_track), updates(web.overdue), updates(web.cb_task))
    items = [
        report(web.on_track),
        report(web.overdue, percent=140),
        report(web.cb_task),
        {"task": "x"},
        report(web.overdue, percent=20),
    ]
    response = post(client, "/progress-updates/bulk", {"items": items})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["recorded"], body["refused"]) == (2, 3)
    results = body["results"]
    assert [r["status"] for r in results] == [201, 422, 404, 422, 201]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4]
    assert results[1]["problem"]["errors"][0]["field"] == "items[1].percent"
    assert "items[3].task" in [e["field"] for e in results[3]["problem"]["errors"]]
    assert results[0]["update"]["task"] == web.on_track.pk
    assert ProgressUpdate.objects.filter(pk=results[4]["update"]["id"], percent=20).exists()
    assert (updates(web.on_track), updates(web.overdue), updates(web.cb_task)) == (
        before[0] + 1,
        before[1] + 1,
        before[2],
    )


def test_bulk_over_500_items_is_refused_naming_the_field(people, web):
    before = updates(web.on_track)
    items = [report(web.on_track)] * 501
    response = post(signed_in(people.tq_dept_reporter), "/progress-updates/bulk", {"items": items})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "items"
    assert updates(web.on_track) == before


def test_bulk_item_keys_and_the_batch_key_write_once(people, web):
    client = signed_in(people.tq_dept_reporter)
    before = updates(web.on_track)
    items = {"items": [report(web.on_track, idempotency_key="row-1")]}
    first = post(client, "/progress-updates/bulk", items)
    again = post(client, "/progress-updates/bulk", items)
    assert first.json()["results"][0]["status"] == 201
    assert again.json()["results"][0]["status"] == 200
    assert again.json()["results"][0]["update"]["id"] == first.json()["results"][0]["update"]["id"]
    batch = {"items": [report(web.on_track, percent=45)]}
    one = post(client, "/progress-updates/bulk", batch, **{"Idempotency-Key": "b-1"})
    two = post(client, "/progress-updates/bulk", batch, **{"Idempotency-Key": "b-1"})
    assert one.json() == two.json()
    assert updates(web.on_track) == before + 2


def test_bulk_is_refused_to_a_read_token_and_writes_nothing_for_a_viewer(people, web):
    items = {"items": [report(web.on_track)]}
    assert (
        post(with_token(people.tq_manager, "read"), "/progress-updates/bulk", items).status_code
        == 403
    )
    before = updates(web.on_track)
    response = post(signed_in(people.central_analyst), "/progress-updates/bulk", items)
    assert response.json()["results"][0]["status"] == 403
    assert updates(web.on_track) == before


# --- acceptance -----------------------------------------------------------------------


def test_a_manager_accepts_a_completion(people, web):
    response = post(
        signed_in(people.tq_manager), f"/tasks/{web.awaiting.pk}/accept", {"note": "Đạt"}
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "accepted"
    web.awaiting.refresh_from_db()
    assert web.awaiting.counted_completed_on is not None


def test_acceptance_needs_the_manage_scope_and_the_managers_role(people, web):
    url = f"/tasks/{web.awaiting.pk}/accept"
    assert post(with_token(people.tq_manager, "read,report"), url, {}).status_code == 403
    assert post(signed_in(people.tq_dept_reporter), url, {}).status_code == 403
    assert post(signed_in(people.cb_manager), url, {}).status_code == 404
    assert post(with_token(people.tq_manager, "manage"), url, {}).status_code == 201


def test_a_return_needs_a_reason_and_reopens_the_task(people, web):
    client = signed_in(people.tq_manager)
    url = f"/tasks/{web.awaiting.pk}/return"
    missing = post(client, url, {"reason": ""})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "reason"
    returned = post(client, url, {"reason": "Thiếu sản phẩm"})
    assert returned.status_code == 201
    assert returned.json()["kind"] == "returned"
    web.awaiting.refresh_from_db()
    assert web.awaiting.state != "completed"


def test_accepting_a_task_with_no_completion_is_refused(people, web):
    response = post(signed_in(people.tq_manager), f"/tasks/{web.on_track.pk}/accept", {})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "task"


# --- extensions -----------------------------------------------------------------------


def extension(task: Task, **fields: Any) -> dict[str, Any]:
    return {
        "task": task.pk,
        "new_due_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "reason": "Chờ kinh phí",
        **fields,
    }


def test_a_reporter_requests_an_extension_before_the_deadline(people, web):
    response = post(signed_in(people.tq_dept_reporter), "/extensions", extension(web.on_track))
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "requested"
    got = signed_in(people.tq_dept_reporter).get(f"/api/v1/extensions/{response.json()['id']}")
    assert got.status_code == 200
    assert got.json()["reason"] == "Chờ kinh phí"


def test_after_the_deadline_only_a_manager_with_a_reason_records_a_request(people, web):
    reporter = post(signed_in(people.tq_dept_reporter), "/extensions", extension(web.overdue))
    assert reporter.status_code == 422
    assert reporter.json()["errors"][0]["field"] == "new_due_on"
    no_reason = post(signed_in(people.tq_manager), "/extensions", extension(web.overdue))
    assert no_reason.json()["errors"][0]["field"] == "late_reason"
    late = extension(web.overdue, late_reason="Kinh phí về chậm")
    report_token = post(with_token(people.tq_manager, "report"), "/extensions", late)
    assert report_token.status_code == 403
    assert post(signed_in(people.tq_manager), "/extensions", late).status_code == 201


def test_a_manager_decides_an_extension_once(people, web):
    requested = post(signed_in(people.tq_dept_reporter), "/extensions", extension(web.on_track))
    url = f"/extensions/{requested.json()['id']}/decision"
    assert post(signed_in(people.tq_dept_reporter), url, {"decision": "approve"}).status_code == 403
    assert post(signed_in(people.cb_manager), url, {"decision": "approve"}).status_code == 404
    approved = post(signed_in(people.tq_manager), url, {"decision": "approve", "note": "Đồng ý"})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    web.on_track.refresh_from_db()
    assert web.on_track.due_on == timezone.localdate() + timedelta(days=90)
    again = post(signed_in(people.tq_manager), url, {"decision": "reject"})
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "status"


def test_an_extension_of_a_task_completed_meanwhile_can_only_be_rejected(people, web):
    requested = post(signed_in(people.tq_dept_reporter), "/extensions", extension(web.on_track))
    url = f"/extensions/{requested.json()['id']}/decision"
    done = report(web.on_track, state="completed", percent=100)
    assert post(signed_in(people.tq_dept_reporter), "/progress-updates", done).status_code == 201
    approve = post(signed_in(people.tq_manager), url, {"decision": "approve"})
    assert approve.status_code == 422
    assert approve.json()["errors"][0]["field"] == "decision"
    assert post(signed_in(people.tq_manager), url, {"decision": "reject"}).json()["status"] == (
        "rejected"
    )


def test_another_provinces_extension_is_not_found(people, web):
    response = signed_in(people.tq_manager).get(f"/api/v1/extensions/{999999}")
    assert response.status_code == 404


# --- reports --------------------------------------------------------------------------


def query(**params: Any) -> dict[str, Any]:
    return {"as_of": timezone.localdate().isoformat(), "format": "json", **params}


def test_a_report_for_own_province_as_json_and_docx(people, web):
    client = with_token(people.tq_manager, "read")
    as_json = client.get("/api/v1/reports", query(unit="08"))
    assert as_json.status_code == 200
    assert as_json.json()["unit_code"] == "08"
    docx = client.get("/api/v1/reports", query(unit="08", format="docx", lang="en"))
    assert docx.status_code == 200
    assert docx["Content-Disposition"].startswith("attachment")
    assert docx.content[:2] == b"PK"


def test_a_report_on_another_province_is_refused(people, web):
    client = signed_in(people.tq_manager)
    assert client.get("/api/v1/reports", query(unit="04")).status_code == 403
    hidden = client.get("/api/v1/reports", query(unit="08", directive=web.cb_plan.symbol))
    assert hidden.status_code == 404


def test_report_parameters_are_checked_naming_the_field(people, web):
    client = signed_in(people.tq_manager)
    today = timezone.localdate()
    bad = client.get("/api/v1/reports", query(previous=today.isoformat()))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "previous"
    fmt = client.get("/api/v1/reports", query(format="odt"))
    assert fmt.status_code == 422
    assert fmt.json()["errors"][0]["field"] == "format"


def test_reports_share_the_pages_rate_limit(people, web, settings):
    settings.STEERCO_RATE_REPORTS_PER_MINUTE = 2
    client = signed_in(people.tq_manager)
    assert client.get("/reports/", query(unit="08", lang="vi", layout="state")).status_code == 200
    assert client.get("/api/v1/reports", query(unit="08")).status_code == 200
    over = client.get("/api/v1/reports", query(unit="08"))
    assert over.status_code == 429
    assert int(over["Retry-After"]) >= 1


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_report_date_far_out_of_range_is_refused_on_the_api_and_the_page(people, web, day):
    client = signed_in(people.tq_manager)
    api = client.get("/api/v1/reports", query(unit="08", as_of=day))
    assert api.status_code == 422
    assert api.json()["errors"][0]["field"] == "as_of"
    page = client.get("/reports/", query(unit="08", as_of=day, lang="vi", layout="state"))
    assert page.status_code == 400
