"""The overview's and the indicator pages' `?unit=` read what the unit picker sends — a
code, a name with or without diacritics, the picker's label — like every other page
(issue 15, item 6). A unit the user may not see answers exactly as one that does not exist:
a 400 page naming the parameter, never a bare 404 and never a hint that it exists."""

from __future__ import annotations

import re

import pytest

from steerco.indicators.imports import catalogue_load
from steerco.indicators.tests.conftest import SEED

pytestmark = pytest.mark.django_db

DETAIL = "/indicators/GRDP/"
ENTRY = "/indicators/entry/"


@pytest.fixture
def catalogue(db):  # type: ignore[no-untyped-def]
    assert catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True).rejected == []


def _problems(response) -> str:  # type: ignore[no-untyped-def]
    """The 400 page's list of refused parameters, the typed text taken out."""
    assert response.status_code == 400
    found = re.search(
        r'<ul data-testid="bad-parameters">(.*?)</ul>', response.content.decode(), re.S
    )
    assert found is not None
    return re.sub(r"“[^”]*”", "“…”", found.group(1))


@pytest.mark.parametrize("typed", ["08", "Tuyên Quang", "tuyen quang", "Tỉnh Tuyên Quang"])
def test_the_overview_opens_the_unit_typed_as_a_code_or_a_name(client, web, people, typed):
    client.force_login(people.tq_manager)
    response = client.get("/", {"unit": typed})
    assert response.status_code == 200
    assert response.context["board"].unit.code == "08"


def test_a_name_is_looked_for_among_the_users_units_first(client, web, people, tree):
    """Every province has a "Sở Khoa học và Công nghệ": a Tuyên Quang manager means theirs;
    a central viewer is asked to choose, and the picker's label tells them apart."""
    client.force_login(people.tq_manager)
    response = client.get("/", {"unit": "so khoa hoc va cong nghe"})
    assert response.context["board"].unit == tree.tq_skhcn
    client.force_login(people.central_analyst)
    ambiguous = client.get("/", {"unit": "Sở Khoa học và Công nghệ"})
    assert "<code>unit</code>" in _problems(ambiguous)
    labelled = client.get("/", {"unit": "Sở Khoa học và Công nghệ (Cao Bằng)"})
    assert labelled.status_code == 200
    assert labelled.context["board"].unit == tree.cb_skhcn


def test_an_unknown_unit_on_the_overview_is_a_400_naming_the_parameter(client, web, people):
    client.force_login(people.tq_manager)
    response = client.get("/", {"unit": "Atlantis"})
    problems = _problems(response)
    assert "<code>unit</code>" in problems
    assert "Atlantis" in response.content.decode()


@pytest.mark.parametrize("url", ["/", DETAIL, ENTRY])
def test_a_unit_outside_the_users_roles_answers_as_one_that_does_not_exist(
    client, web, people, catalogue, url
):
    """Cao Bằng, by code or by name, reads to a Tuyên Quang manager exactly as a unit that
    does not exist."""
    client.force_login(people.tq_manager)
    nowhere = _problems(client.get(url, {"unit": "99"}))
    assert _problems(client.get(url, {"unit": "04"})) == nowhere
    assert _problems(client.get(url, {"unit": "Cao Bằng"})) == nowhere
    assert _problems(client.get(url, {"unit": "Nơi không có"})) == nowhere


def test_the_indicator_pages_open_the_unit_typed_as_a_name(client, web, people, tree, catalogue):
    client.force_login(people.tq_manager)
    detail = client.get(DETAIL, {"unit": "Tuyen Quang", "period": "2025"})
    assert detail.status_code == 200 and detail.context["unit"] == tree.tuyen_quang
    entry = client.get(ENTRY, {"unit": "xa lam binh", "period": "2025-09"})
    assert entry.status_code == 200 and entry.context["unit"] == tree.lam_binh
    client.force_login(people.commune_reporter)
    assert client.get(DETAIL, {"unit": "Lâm Bình"}).context["unit"] == tree.lam_binh


def test_a_unit_seen_without_the_role_a_page_needs_is_still_403(client, web, people, catalogue):
    """A central viewer sees Tuyên Quang but reports for nothing: the entry grid refuses
    the action, as it always did."""
    client.force_login(people.central_analyst)
    assert client.get(ENTRY, {"unit": "Tuyên Quang"}).status_code == 403
    assert client.get(DETAIL, {"unit": "Tuyên Quang"}).status_code == 200


def test_the_indicator_pages_offer_the_unit_picker(client, web, people, tree, catalogue):
    """A searchable list of the user's units, whose labels the page reads back."""
    client.force_login(people.tq_manager)
    page = client.get(DETAIL, {"unit": "08", "period": "2025"}).content.decode()
    assert 'list="i-unit-units"' in page and '<option value="Xã Lâm Bình">02233</option>' in page
    entry = client.get(ENTRY, {"unit": "02233", "period": "2025-09"}).content.decode()
    assert 'list="e-unit-units"' in entry
    again = client.get(DETAIL, {"unit": "Xã Lâm Bình", "period": "2025"})
    assert again.context["unit"] == tree.lam_binh
