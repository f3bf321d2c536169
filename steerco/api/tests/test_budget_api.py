"""GET /api/v1/budget/summary answers what `steerco budget summary --json` prints, amounts
as JSON integers; a unit outside the caller's roles is refused."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from steerco.budget.tests.rows import allocate, disburse
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def money(tree):  # type: ignore[no-untyped-def]
    task = make_task(make_directive(tree.tuyen_quang), tree.lam_binh)
    allocate(task, 987_654_321_987_654, plan={3: 500_000_000_000_000})
    disburse(task, 123_456_789_012_345, on=date(2025, 4, 2))
    return task


def test_the_api_answers_the_commands_figures_in_integers(people, money) -> None:
    client = Client()
    client.force_login(people.tq_manager)
    params = {"unit": "08", "year": 2025, "as_of": "2025-06-30", "lang": "en"}
    response = client.get("/api/v1/budget/summary", params)
    assert response.status_code == 200, response.content
    data = response.json()
    out = StringIO()
    call_command(
        "budget",
        "summary",
        "--unit",
        "08",
        "--year",
        "2025",
        "--as-of",
        "2025-06-30",
        "--lang",
        "en",
        "--json",
        stdout=out,
    )
    assert data == json.loads(out.getvalue())
    assert data["allocated"] == 987_654_321_987_654 and type(data["allocated"]) is int
    assert '"disbursed":123456789012345' in response.content.decode().replace(" ", "")


def test_a_unit_outside_the_roles_is_refused(people, money) -> None:
    client = Client()
    client.force_login(people.cb_manager)
    response = client.get("/api/v1/budget/summary", {"unit": "08", "year": 2025})
    assert response.status_code == 403  # as the scorecard: units are public, figures not
