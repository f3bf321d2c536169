"""The Reports page: a form, then the file; only for units the user's roles cover."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import make_directive, make_task

from .conftest import AS_OF, PREVIOUS, requires_pdf

URL = "/reports/"


def test_page_shows_the_form(client, people):
    client.force_login(people.tq_manager)
    response = client.get(URL)
    assert response.status_code == 200
    assert b'data-testid="report-form"' in response.content
    assert reverse("reports:reports") == URL


@pytest.mark.parametrize(
    ("today", "as_of", "previous"),
    [
        (date(2025, 10, 20), "2025-10-20", "2025-10-14"),  # after the cut-off
        (date(2025, 10, 14), "2025-10-14", "2025-09-14"),  # on it: the one before
        (date(2025, 10, 10), "2025-10-10", "2025-09-14"),
    ],
)
def test_the_form_proposes_today_against_the_last_monthly_cutoff(
    client, people, time_machine, today, as_of, previous
):
    time_machine.move_to(datetime.combine(today, time(10), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    client.force_login(people.tq_manager)
    page = client.get(URL).content.decode()
    assert f'name="as_of" value="{as_of}"' in page
    assert f'name="previous" value="{previous}"' in page


@pytest.mark.parametrize(
    ("fmt", "start", "attachment"),
    [
        ("docx", b"PK", True),
        ("xlsx", b"PK", True),
        pytest.param("pdf", b"%PDF", True, marks=requires_pdf),
        ("html", b"<!DOCTYPE html>", False),
    ],
)
def test_each_format_is_served(client, people, meeting, fmt, start, attachment):
    client.force_login(people.tq_manager)
    response = client.get(
        URL,
        {"unit": "08", "as_of": AS_OF.isoformat(), "format": fmt, "lang": "vi", "layout": "state"},
    )
    assert response.status_code == 200
    assert response.content.startswith(start)
    assert ("attachment" in response.get("Content-Disposition", "")) is attachment


def test_json_has_the_figures_for_the_home_unit(client, people, meeting):
    client.force_login(people.tq_manager)
    response = client.get(
        URL,
        {
            "as_of": AS_OF.isoformat(),
            "previous": PREVIOUS.isoformat(),
            "format": "json",
            "lang": "vi",
            "layout": "state",
            "directive": "02-KH/BCĐTW",
        },
    )
    data = json.loads(response.content)
    assert data["unit_code"] == "08" and data["totals"]["total"] == 4


def test_a_unit_outside_the_users_roles_is_refused(client, people, meeting):
    client.force_login(people.cb_manager)
    response = client.get(
        URL,
        {
            "unit": "08",
            "as_of": AS_OF.isoformat(),
            "format": "json",
            "lang": "vi",
            "layout": "state",
        },
    )
    assert response.status_code == 403


def test_another_provinces_directive_is_neither_offered_nor_reported(client, people, meeting):
    """The directive list offers only what the user may open, and a symbol they may not
    open answers exactly like one that does not exist: 404, never a report naming it."""
    cb_plan = make_directive(meeting.tree.cao_bang, symbol="09-KH/UBND-CB")
    make_task(cb_plan, meeting.tree.cb_skhcn, reference="1")
    client.force_login(people.tq_manager)
    form_page = client.get(URL).content.decode()
    assert "02-KH/BCĐTW" in form_page and cb_plan.symbol not in form_page
    query = {"as_of": AS_OF.isoformat(), "format": "json", "lang": "vi", "layout": "state"}
    foreign = client.get(URL, {**query, "directive": cb_plan.symbol})
    missing = client.get(URL, {**query, "directive": "no-such/KH"})
    assert foreign.status_code == missing.status_code == 404
    assert cb_plan.symbol not in foreign.content.decode()
    client.force_login(people.cb_manager)
    response = client.get(URL, {**query, "unit": "04", "directive": cb_plan.symbol})
    assert response.status_code == 200 and cb_plan.symbol in response.content.decode()


def test_bad_input_shows_the_form_with_the_error(client, people, meeting):
    client.force_login(people.tq_manager)
    response = client.get(
        URL,
        {
            "unit": "08",
            "as_of": AS_OF.isoformat(),
            "previous": AS_OF.isoformat(),
            "format": "odt",
            "lang": "vi",
            "layout": "state",
        },
    )
    assert response.status_code == 400
    assert b"invalid-feedback" in response.content


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_unit_is_picked_by_name_without_diacritics(client, people, meeting):
    """ "Tuyen Quang" typed in the unit picker is Tuyên Quang; a name that matches nothing
    is an error on the unit field, never a 404 page."""
    client.force_login(people.tq_manager)
    query = {"as_of": AS_OF.isoformat(), "format": "json", "lang": "vi", "layout": "state"}
    response = client.get(URL, {**query, "unit": "Tuyen Quang"})
    assert response.status_code == 200
    assert response.json()["unit_code"] == "08"
    response = client.get(URL, {**query, "unit": "xa lam binh"})
    assert response.status_code == 200 and response.json()["unit_code"] == "02233"
    response = client.get(URL, {**query, "unit": "Hà Nội Mới"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hà Nội Mới" in page and 'id="id_unit-units"' in page


def test_the_form_offers_the_users_units_and_names_the_languages(client, people, meeting):
    client.force_login(people.tq_manager)
    page = client.get(URL).content.decode()
    assert '<option value="Xã Lâm Bình">02233</option>' in page
    assert 'value="Tuyên Quang"' in page  # the home unit, pre-filled by name
    assert ">Tiếng Việt</option>" in page and ">English</option>" in page
    assert "Cao Bằng" not in page
