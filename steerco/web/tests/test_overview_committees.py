"""A province's steering committee leads no task of its own as a rule (its notices' tasks
are led by departments), so the breakdowns by unit — the overview's table and the API
scorecard's children — leave it out, unless it leads tasks in scope (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from steerco.scoring.scope import ALL
from steerco.units.models import UnitKind
from steerco.units.services import unit_create
from steerco.web.overview import dashboard
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 10, 20)


def _codes(tree, people):  # type: ignore[no-untyped-def]
    page = dashboard(unit=tree.tuyen_quang, as_of=AS_OF, scope=ALL).children
    client = Client()
    client.force_login(people.tq_manager)
    response = client.get("/api/v1/units/08/scorecard", {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200, response.content
    api = [c["unit"]["code"] for c in response.json()["children"]]
    return [row.unit.code for row in page], api


def test_a_committee_without_tasks_is_no_row_of_its_province(tree, people):  # type: ignore[no-untyped-def]
    committee = unit_create(
        code="08-BCD", name="Ban Chỉ đạo tỉnh", kind=UnitKind.COMMITTEE, parent=tree.tuyen_quang
    )
    page, api = _codes(tree, people)
    assert committee.code not in page and committee.code not in api
    assert tree.tq_skhcn.code in page and tree.tq_skhcn.code in api  # departments stay, at 0

    make_task(make_directive(tree.tuyen_quang), committee)  # a task it leads itself
    page, api = _codes(tree, people)
    assert committee.code in page and committee.code in api
