"""GET /api/v1/tasks/{id} names the responsible official and deputy (issue 21), as the
task page shows them; a task whose plan named a role keeps the text and no official."""

from __future__ import annotations

import pytest
from django.test import Client

from steerco.directives.responsibility import responsibility_record
from steerco.people.services import person_create
from steerco.web.tests.conftest import build_web_data

pytestmark = pytest.mark.django_db


def test_the_task_detail_carries_the_official_and_the_deputy(tree, people):
    web = build_web_data(tree)
    duc = person_create(full_name="Nguyễn Văn Đức", unit=tree.tq_skhcn, position="Giám đốc Sở")
    hoa = person_create(full_name="Trần Thị Hoa", unit=tree.tq_skhcn)
    responsibility_record(task=web.overdue, since=web.overdue.assigned_on, person=duc, deputy=hoa)
    client = Client()
    client.force_login(people.tq_dept_reporter)
    body = client.get(f"/api/v1/tasks/{web.overdue.pk}").json()
    assert body["responsible"] == {
        "id": duc.pk,
        "full_name": "Nguyễn Văn Đức",
        "position": "Giám đốc Sở",
        "unit": "08-SKHCN",
    }
    assert body["deputy"]["full_name"] == "Trần Thị Hoa"
    assert body["responsible_person"] == "Nguyễn Văn Đức"
    other = client.get(f"/api/v1/tasks/{web.on_track.pk}").json()
    assert (other["responsible"], other["deputy"]) == (None, None)
    assert other["responsible_person"] == web.on_track.responsible_person
