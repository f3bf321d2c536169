"""A day far outside what a committee reads (year 1, year 9999) is refused naming its
field, on every page and in the API, instead of a server error from the calendar's
ends; the first and last accepted days still answer (steerco/lib/days.py)."""

from __future__ import annotations

import pytest

from steerco.lib import days

pytestmark = pytest.mark.django_db

FAR = ["0001-01-01", "1899-12-31", "1989-12-31", "2101-01-01", "9999-12-31"]
PAGES = [
    ("/?as_of={}", "as_of"),
    ("/ranking/?as_of={}", "as_of"),
    ("/tasks/?as_of={}", "as_of"),
    ("/tasks/?due_from={}", "due_from"),
    ("/tasks/?due_to={}", "due_to"),
    ("/tasks/export.xlsx?as_of={}", "as_of"),
]


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize(("url", "named"), PAGES)
def test_a_far_day_is_a_400_page_naming_the_field(client, web, people, url, named, day):
    client.force_login(people.tq_manager)
    response = client.get(url.format(day))
    assert response.status_code == 400
    assert named in dict(response.context["problems"])


@pytest.mark.parametrize("day", [days.FIRST_DAY, days.LAST_DAY])
@pytest.mark.parametrize("url", ["/?as_of={}", "/ranking/?as_of={}", "/tasks/?as_of={}"])
def test_the_first_and_last_accepted_days_answer(client, web, people, url, day):
    client.force_login(people.tq_manager)
    assert client.get(url.format(day.isoformat())).status_code == 200


@pytest.mark.parametrize("day", ["1989-12-31", "2101-01-01"])
def test_the_api_refuses_the_same_days_naming_the_field(client, web, people, day):
    client.force_login(people.tq_manager)
    response = client.get("/api/v1/tasks", {"as_of": day})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["as_of"]


def test_the_date_picker_offers_only_accepted_days(client, web, people):
    client.force_login(people.tq_manager)
    page = client.get("/reports/").content.decode()
    assert f'min="{days.FIRST_DAY.isoformat()}"' in page
    assert f'max="{days.LAST_DAY.isoformat()}"' in page
