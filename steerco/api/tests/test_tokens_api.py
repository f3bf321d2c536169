"""Personal access tokens on the API: `Authorization: Bearer TOKEN` runs a request as the
token's user, within the token's scopes and never beyond the user's roles; a token that
no longer works is 401; requests per token and minute are limited."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from steerco.accounts.tokens import token_create, token_revoke
from steerco.api.auth import MANAGE, READ, needed_scope
from steerco.api.tests.test_reads import NOW, TQ_UNITS, _tq_marks, read_urls
from steerco.web.tests.conftest import build_web_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fixed_day():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def web(tree, people):  # type: ignore[no-untyped-def]
    return build_web_data(tree)


def bearer(user, scopes: str = "read", name: str = "integration") -> str:  # type: ignore[no-untyped-def]
    return token_create(actor=None, user=user, name=name, scopes=scopes).token


def api_get(token: str, url: str, **params: object) -> object:
    return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_read_token_lists_tuyen_quangs_tasks_as_its_user_sees_them(web, people):
    token = bearer(people.tq_manager)
    response = api_get(token, "/api/v1/tasks", unit="08")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 7
    me = api_get(token, "/api/v1/me").json()
    assert me["token"] == "integration"
    assert me["scopes"] == ["read"]


def test_a_cao_bang_token_sees_nothing_of_tuyen_quang_on_any_route(web, people):
    token = bearer(people.cb_manager)
    marks = _tq_marks(web)
    for url in read_urls(web):
        response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code < 500, url
        text = response.content.decode()
        shown = marks + (TQ_UNITS if response.status_code == 200 else [])
        assert not [m for m in shown if m in text], url
        if "/tasks/" in url and str(web.cb_task.pk) not in url:
            assert response.status_code == 404, url


def test_a_token_never_sees_more_than_its_users_roles(web, people):
    """A department reporter's token with every scope still sees the department only."""
    token = bearer(people.tq_dept_reporter, "read,report,manage")
    assert api_get(token, "/api/v1/units/08").status_code == 403
    listed = {t["id"] for t in api_get(token, "/api/v1/tasks").json()["items"]}
    assert listed == {web.overdue.pk, web.on_track.pk, web.recurring.pk, web.awaiting.pk}
    assert api_get(token, f"/api/v1/tasks/{web.done.pk}").status_code == 404


def test_a_token_without_the_read_scope_cannot_read(web, people):
    token = bearer(people.tq_manager, "report")
    response = api_get(token, "/api/v1/tasks")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:steerco:problem:insufficient-scope"
    assert 'scope="read"' in response["WWW-Authenticate"]


def test_a_revoked_or_expired_token_is_401(web, people):
    revoked = token_create(actor=None, user=people.tq_manager, name="old", scopes="read")
    token_revoke(actor=None, token=revoked.access_token)
    assert api_get(revoked.token, "/api/v1/tasks").status_code == 401
    expiring = token_create(
        actor=None,
        user=people.tq_manager,
        name="short",
        scopes="read",
        expires_days=1,
        now=timezone.now() - timedelta(days=2),
    )
    response = api_get(expiring.token, "/api/v1/tasks")
    assert response.status_code == 401
    assert response.json()["detail"] == "The token is unknown, expired or revoked."


def test_a_deactivated_accounts_token_is_401(web, people):
    token = bearer(people.tq_manager)
    people.tq_manager.is_active = False
    people.tq_manager.save()
    assert api_get(token, "/api/v1/me").status_code == 401


def test_a_token_needs_no_csrf_token_a_session_does(web, people):
    token = bearer(people.tq_dept_reporter, "report")
    with_token = Client(enforce_csrf_checks=True).post(
        "/api/v1/progress-updates",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert with_token.status_code == 422  # past authentication: the body is refused
    session = Client(enforce_csrf_checks=True)
    session.force_login(people.tq_dept_reporter)
    refused = session.post("/api/v1/progress-updates", {}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]


def test_requests_per_token_and_minute_are_limited(web, people, settings):
    settings.STEERCO_API_RATE_PER_MINUTE = 3
    token = bearer(people.tq_manager)
    other = bearer(people.tq_manager, name="another")
    for _ in range(3):
        assert api_get(token, "/api/v1/me").status_code == 200
    response = api_get(token, "/api/v1/me")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["type"] == "urn:steerco:problem:rate-limited"
    assert api_get(other, "/api/v1/me").status_code == 200  # per token
    session = Client()
    session.force_login(people.tq_manager)
    assert session.get("/api/v1/me").status_code == 200  # the web's own use is not limited


def test_a_limit_of_zero_turns_the_limit_off(web, people, settings):
    settings.STEERCO_API_RATE_PER_MINUTE = 0
    token = bearer(people.tq_manager)
    assert all(api_get(token, "/api/v1/me").status_code == 200 for _ in range(5))


def test_reading_needs_read_and_any_other_method_manage_unless_the_route_says():
    class Request:
        def __init__(self, method: str) -> None:
            self.method = method

    assert needed_scope(Request("GET"), None) == READ  # type: ignore[arg-type]
    assert needed_scope(Request("HEAD"), None) == READ  # type: ignore[arg-type]
    assert needed_scope(Request("POST"), None) == MANAGE  # type: ignore[arg-type]
    assert needed_scope(Request("DELETE"), None) == MANAGE  # type: ignore[arg-type]
    assert needed_scope(Request("POST"), "report") == "report"  # type: ignore[arg-type]
