"""The composite index pages: the ranking table and a unit's breakdown show the same
figures as `steerco index compute` and `steerco index explain`."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from steerco.indicators.imports import catalogue_load
from steerco.indicators.indices.definitions import index_define
from steerco.indicators.models import Indicator
from steerco.indicators.services import value_record
from steerco.indicators.tests.conftest import SEED
from steerco.indicators.tests.test_index_definitions import document


@pytest.fixture
def index(tree):  # type: ignore[no-untyped-def]
    assert catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True).rejected == []
    forest = Indicator.objects.get(code="FOREST_COVER")
    for unit, values in ((tree.tuyen_quang, ("60", "65")), (tree.cao_bang, ("62", "55"))):
        for year, value in zip(("2023", "2024"), values, strict=True):
            value_record(unit=unit, indicator=forest, period=year, value=Decimal(value))
    doc = json.dumps(document(valid_from="2023")).encode()
    assert index_define(name="greenx.json", data=doc, commit=True).created == 1


def compute() -> list[dict]:  # type: ignore[type-arg]
    out = StringIO()
    call_command(
        "index",
        "compute",
        "--index",
        "GREENX",
        "--period",
        "2024",
        "--peers",
        "provinces",
        "--json",
        stdout=out,
        stderr=StringIO(),
    )
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_the_ranking_table_shows_the_scores_pillars_and_change_the_command_prints(
    client, people, index
):  # type: ignore[no-untyped-def]
    client.force_login(people.tq_manager)
    page = client.get("/indices/GREENX/?period=2024").content.decode()
    rows = compute()
    assert [(r["code"], r["rank"], r["score"], r["change"]) for r in rows] == [
        ("08", 1, 60.0, 1),
        ("04", 2, 0.0, -1),
    ]
    assert 'data-unit="08"' in page and "60,00" in page and "▲ 1" in page and "▼ 1" in page
    # an arrow's meaning in words for a screen reader (its title shows only on hover)
    assert page.count('<span class="visually-hidden"> ') >= 2
    assert page.index('data-unit="08"') < page.index('data-unit="04"')


def test_a_units_breakdown_shows_its_contributions_and_what_it_takes_to_pass_the_unit_above(
    client, people, index
):  # type: ignore[no-untyped-def]
    client.force_login(people.cb_manager)
    page = client.get("/indices/GREENX/04/?period=2024").content.decode()
    assert 'data-testid="computed-score">0,00 / 100 ' in page
    passing = page[page.index('data-testid="to-pass">') :].split("</dd>")[0]
    # 60 points behind; forest cover at the best peer's would tie, not pass
    assert "60,00" in passing and "Tuyên Quang" in passing
    assert "FOREST_COVER" not in passing


def test_a_units_breakdown_names_each_indicator_and_how_it_is_scored_in_words(
    client, people, index
):  # type: ignore[no-untyped-def]
    client.force_login(people.cb_manager)
    page = client.get("/indices/GREENX/04/?period=2024").content.decode()
    table = page[page.index('data-testid="index-breakdown"') :].split("</table>")[0]
    assert Indicator.objects.get(code="FOREST_COVER").name_vi in table
    # the normalisation's words, not its key in the method ("(minmax)")
    for key in ("minmax", "max", "target", "points", "raw"):
        assert f"({key})" not in table


def test_the_ranking_form_shows_the_peer_group_and_period_it_answers_and_offers_only_those_the_user_may_see(
    client, people, index
):  # type: ignore[no-untyped-def]
    # A department reporter's index page ranks its province's departments: the form said
    # "provinces" above them and offered every province, each of which answered 403.
    client.force_login(people.tq_dept_reporter)
    response = client.get("/indices/GREENX/?period=2024")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["peers"].value() == "departments"
    assert [v for v, _label in form.fields["peers"].choices] == ["departments"]
    assert form["period"].value() == "2024"
    assert [p.code for p in response.context["provinces"]] == ["08"]


def test_an_unknown_index_is_not_found_and_a_bad_period_is_a_400(client, people, index):  # type: ignore[no-untyped-def]
    client.force_login(people.tq_manager)
    assert client.get("/indices/NOPE/").status_code == 404
    assert client.get("/indices/GREENX/?period=2024-13").status_code == 400
    assert client.get("/indices/GREENX/").status_code == 400  # nothing stored yet: say so


def test_a_unit_outside_the_users_roles_is_refused(client, people, index):  # type: ignore[no-untyped-def]
    client.force_login(people.cb_manager)
    assert client.get("/indices/GREENX/08/?period=2024").status_code == 403
