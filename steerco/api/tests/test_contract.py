"""The API keeps its contract (issue 18): schemathesis generates requests for every
operation of the live OpenAPI schema — valid and invalid parameters and bodies — and each
answer must not be a server error and must match the schema: a documented status, the
declared content type, a body valid against the response's schema.

Run once in CI, on PostgreSQL (`-m contract`); on SQLite `.ci/run` leaves it out, as it
does the browser suite. A tq-manager token with every scope sends the requests, on the
small tree of the page tests, on the page tests' fixed day."""

from __future__ import annotations

import pytest
import schemathesis
import time_machine
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from steerco.accounts.tokens import token_create
from steerco.api.tests.test_reads import NOW
from steerco.api.v1.api import api
from steerco.web.tests.conftest import build_web_data

pytestmark = [pytest.mark.contract, pytest.mark.django_db]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def bearer(tree, people, settings):  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["*"]
    settings.STEERCO_API_RATE_PER_MINUTE = 0
    # As Django's test client does: a request through the WSGI handler would otherwise
    # close the test's database connection at its end (its transaction with it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with time_machine.travel(NOW, tick=True):
        build_web_data(tree)
        token = token_create(
            actor=None, user=people.tq_manager, name="contract", scopes="read,report,manage"
        ).token
        # identity: the site gzips its answers; the WSGI client would not unpack them
        try:
            yield {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_keeps_the_contract(case, bearer):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers=bearer, checks=CHECKS)
