"""The API's frame: where it lives, how it refuses, who it lets in."""

from __future__ import annotations

import pytest
from django.test import Client

from steerco.api.problems import field_name

pytestmark = pytest.mark.django_db


def test_the_schema_describes_version_1_at_its_url():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "steerco API"
    assert schema["info"]["version"] == "1"


def test_the_docs_page_loads_swagger_from_our_own_static_files():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html  # nothing sent to validator.swagger.io


def test_a_request_without_credentials_is_401_as_problem_details():
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401
    assert body["instance"] == "/api/v1/me"
    assert {"type", "title", "detail"} <= set(body)


def test_an_unknown_bearer_token_is_401_not_a_session_fallback(people):
    client = Client()
    client.force_login(people.tq_manager)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer stc_nothing_atall")
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


def test_a_signed_in_session_has_every_scope(people):
    client = Client()
    client.force_login(people.tq_manager)
    body = client.get("/api/v1/me").json()
    assert body["username"] == people.tq_manager.username
    assert body["scopes"] == ["read", "report", "manage"]
    assert body["token"] is None


@pytest.mark.parametrize(
    ("loc", "name"),
    [
        (("query", "as_of"), "as_of"),
        (("body", "payload", "items", 3, "percent"), "items[3].percent"),
        (("path", "task_id"), "task_id"),
        (("body", "payload"), "payload"),
    ],
)
def test_an_error_location_is_named_as_the_client_wrote_the_field(loc, name):
    assert field_name(loc) == name


@pytest.mark.parametrize("url", ["/api/v1/nothing", "/api/v1/tasks/", "/api/v2/tasks"])
def test_an_address_that_is_no_route_is_404_as_problem_details(url):
    for response in (Client().get(url), Client(enforce_csrf_checks=True).post(url)):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert "/api/v1/docs" in response.json()["detail"]
