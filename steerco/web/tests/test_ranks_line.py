"""A unit's ranks on the overview and the index pages, on the factories' two provinces
with a small index (BIGX: 1,000 points, Rừng 600 + Dữ liệu 400) published for 2023 and
2024: Tuyên Quang 2nd of 2 in 2023 (600 points), 1st in 2024 (732.5 points), so up one.

The overview opens with the unit's rank on every index with results for it and by GREEN
rate on the directive viewed (the ranking of `steerco ranking`), each with its change and
a link; index numbers follow one rule: a score to two decimals ("732,50"), a weight as the
method writes it ("1.000")."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import override

from steerco.directives.models import Directive
from steerco.indicators.imports import catalogue_load
from steerco.indicators.indices.definitions import index_define
from steerco.indicators.indices.explain import points_text, weight_text
from steerco.indicators.indices.services import index_publish
from steerco.indicators.models import Indicator
from steerco.indicators.services import value_record
from steerco.indicators.tests.conftest import SEED
from steerco.indicators.tests.test_index_definitions import document
from steerco.lib.periods import previous_cutoff
from steerco.scoring.peers import peers_of
from steerco.scoring.ranking_table import ranking
from steerco.scoring.scope import scope_for
from steerco.web.templatetags.steerco_indices import score, weight

from .conftest import build_web_data

pytestmark = pytest.mark.django_db

PUBLISHED = """unit,index,period,score,FOREST,DATA
08,BIGX,2023,600,350,250
04,BIGX,2023,650,380,270
08,BIGX,2024,732.5,432.5,300
04,BIGX,2024,700,400,300
"""


@pytest.fixture
def bigx(tree):  # type: ignore[no-untyped-def]
    assert catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True).rejected == []
    forest = Indicator.objects.get(code="FOREST_COVER")
    for unit, values in ((tree.tuyen_quang, ("60", "65")), (tree.cao_bang, ("62", "55"))):
        for year, value in zip(("2023", "2024"), values, strict=True):
            value_record(unit=unit, indicator=forest, period=year, value=Decimal(value))
    doc = document(code="BIGX", valid_from="2023")
    doc["pillars"][0]["weight"] = 600
    doc["pillars"][1]["weight"] = 400
    assert index_define(name="bigx.json", data=json.dumps(doc).encode(), commit=True).created == 1
    published = index_publish(name="bigx.csv", data=PUBLISHED.encode(), commit=True)
    assert published.rejected == [] and published.created == 4


def _item(page: str, key: str) -> str:
    start = page.index(f'data-testid="rank-{key}"')
    return page[start : page.index("</a>", start)]


# --- one number rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "thousand", "points"), [("vi", "1.000", "732,50"), ("en", "1,000", "732.50")]
)
def test_a_weight_of_1000_reads_1_000_and_a_score_of_732_5_reads_732_50(lang, thousand, points):  # type: ignore[no-untyped-def]
    assert weight_text(Decimal("1000.0000"), lang) == thousand
    assert points_text(Decimal("732.5"), lang) == points
    with override(lang):
        assert weight(Decimal("1000.0000")) == thousand and weight(1000) == thousand
        assert score(Decimal("732.5")) == points and score(732.5) == points
        assert weight(Decimal("0.5000")) == ("0,5" if lang == "vi" else "0.5")
        assert score(None) == "—"


def test_the_index_pages_write_the_scale_and_weights_once_formatted(client, people, bigx):  # type: ignore[no-untyped-def]
    client.force_login(people.tq_manager)
    ranking_page = client.get("/indices/BIGX/?period=2024").content.decode()
    assert "thang điểm 1.000 ·" in ranking_page  # not "1.000,00"
    assert "/600" in ranking_page and "/600,00" not in ranking_page
    unit_page = client.get("/indices/BIGX/08/?period=2024").content.decode()
    assert 'data-testid="published-score">732,50 / 1.000 ' in unit_page
    assert "1.000,00" not in unit_page and "1,000,00" not in unit_page


def test_the_ranking_page_heads_its_pillar_columns_with_their_names(client, people, bigx):  # type: ignore[no-untyped-def]
    client.force_login(people.tq_manager)
    page = client.get("/indices/BIGX/?period=2024").content.decode()
    heads = page.split('data-testid="pillar-head"')[1:]
    assert [h.split(">", 1)[1].split("<", 1)[0].strip() for h in heads] == ["Rừng", "Dữ liệu"]
    assert 'title="FOREST"' in page  # the code as a tooltip
    client.post("/language/", {"language": "en", "next": "/"})
    page = client.get("/indices/BIGX/?period=2024").content.decode()
    heads = page.split('data-testid="pillar-head"')[1:]
    assert [h.split(">", 1)[1].split("<", 1)[0].strip() for h in heads] == ["Forest", "Data"]


# --- the overview's ranks line -----------------------------------------------------------


def test_a_provinces_overview_opens_with_its_index_rank_score_and_change(
    client, tree, people, bigx
):  # type: ignore[no-untyped-def]
    build_web_data(tree)
    client.force_login(people.tq_manager)
    page = client.get("/").content.decode()
    bigx_item = _item(page, "BIGX")
    assert "1/2" in bigx_item and "BIGX (2024)" in bigx_item
    assert "732,50/1.000" in bigx_item and "▲ 1" in bigx_item
    assert 'href="/indices/BIGX/?period=2024&amp;peers=provinces"' in bigx_item
    assert page.index('data-testid="ranks-line"') < page.index('data-testid="summary"')


def test_the_green_rate_rank_is_the_ranking_commands_on_the_directive_viewed(
    client, tree, people, bigx
):  # type: ignore[no-untyped-def]
    build_web_data(tree)
    programme = Directive.objects.get(symbol="15-CTr/TU")
    client.force_login(people.tq_manager)
    page = client.get(f"/?directive={programme.pk}").content.decode()
    today = timezone.localdate()
    rows = ranking(
        peers_of(tree.tuyen_quang),
        today,
        scope=scope_for(programme),
        previous_on=previous_cutoff(today, settings.STEERCO_CUTOFF_DAY),
    )
    mine = next(r for r in rows if r.unit.pk == tree.tuyen_quang.pk)
    green = _item(page, "green_rate")
    assert f"{mine.rank}/{len(rows)}" in green and "15-CTr/TU" in green
    assert ("▲" in green) == bool(mine.change and mine.change > 0)
    assert f"directive={programme.pk}" in green and "/ranking/?peers=provinces" in green
    # newest first: the GREEN rate as of today, then the index for 2024
    assert page.index('data-testid="rank-green_rate"') < page.index('data-testid="rank-BIGX"')


def test_a_published_score_shows_the_stored_computed_one_beside_it(client, tree, people, bigx):  # type: ignore[no-untyped-def]
    client.force_login(people.tq_manager)
    assert "tính toán" not in _item(client.get("/").content.decode(), "BIGX")  # none stored
    call_command(
        "index", "compute", "--index", "BIGX", "--period", "2024", "--peers", "provinces",
        "--source", "computed", "--commit", stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    item = _item(client.get("/").content.decode(), "BIGX")
    breakdown = client.get("/indices/BIGX/08/?period=2024").content.decode()
    computed = breakdown.split('data-testid="computed-score">')[1].split(" / ")[0]
    rank = breakdown.split('data-testid="computed-score">')[1].split("</dd>")[0]
    assert f"tính toán {computed}" in item  # the breakdown computes it live: the same
    assert "xếp thứ 1/2" in rank and "(1/2)" in item


def test_an_overview_as_of_2023_reads_the_2023_results_without_a_change(client, people, bigx):  # type: ignore[no-untyped-def]
    client.force_login(people.tq_manager)
    item = _item(client.get("/?as_of=2023-12-31").content.decode(), "BIGX")
    assert "2/2" in item and "BIGX (2023)" in item and "600,00/1.000" in item
    assert "rank-change" not in item  # no 2022 results: no change


def test_a_central_viewer_sees_no_ranks_line_on_the_centre_and_the_provinces_on_a_province(
    client, people, bigx
):  # type: ignore[no-untyped-def]
    client.force_login(people.central_analyst)
    assert 'data-testid="ranks-line"' not in client.get("/").content.decode()
    page = client.get("/?unit=08").content.decode()
    assert "1/2" in _item(page, "BIGX")


def test_a_communes_overview_ranks_it_among_the_provinces_communes_by_green_rate(
    client, tree, people, bigx
):  # type: ignore[no-untyped-def]
    build_web_data(tree)
    client.force_login(people.commune_reporter)
    page = client.get("/").content.decode()
    assert 'data-testid="rank-BIGX"' not in page  # no index results for communes
    green = _item(page, "green_rate")
    assert "/2" in green and "peers=communes&amp;unit=08" in green


def test_the_overview_of_another_province_is_refused_and_shows_no_ranks(client, people, bigx):  # type: ignore[no-untyped-def]
    client.force_login(people.cb_manager)
    assert client.get("/?unit=08").status_code == 400  # as a unit that does not exist
