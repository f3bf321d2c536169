"""The demo's indicators: the figures the provincial reports published hold, the merger
rolls 2024 up from the former provinces, and a reset loads the same values again."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from steerco.demo.indicators import DEMO_COMMENT, _seed_codes, load_demo_indicators
from steerco.indicators.models import IndicatorValue, Target
from steerco.units.models import Unit

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(demo_dataset):
    return demo_dataset


def show(unit: str, indicator: str, period: str) -> dict:
    out = StringIO()
    call_command(
        "indicator",
        "show",
        "--unit",
        unit,
        "--indicator",
        indicator,
        "--period",
        period,
        "--json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_the_demo_load_reports_its_indicators(demo):
    seeds = len(_seed_codes())  # the catalogue shipped in indicators/fixtures
    assert f"demo indicators: {seeds} indicators" in demo


def test_cao_bangs_fibre_online_services_and_data_reuse(demo):
    fibre = show("04", "FIBRE_SHARE", "2025")
    assert (fibre["value"], fibre["target"], fibre["status"]) == (100, 100, "GREEN")
    assert show("04", "ONLINE_SERVICES", "2025-Q4")["value"] == 1938
    assert show("04", "DATA_REUSE", "2025-Q4")["value"] == 60


def test_tuyen_quangs_forest_cover_and_commune_on_time_handling(demo):
    assert show("08", "FOREST_COVER", "2025")["value"] > 60
    on_time = show("08", "PROC_ON_TIME_SHARE", "2025")
    assert on_time["value"] > 99 and (on_time["reported"], on_time["expected"]) == (124, 124)
    for month in range(7, 13):
        assert show("08", "PROC_ON_TIME_SHARE", f"2025-{month:02d}")["value"] > 99


def test_tuyen_quangs_published_figures(demo):
    budget = show("08", "BUDGET_REVENUE", "2025-09")
    assert (budget["value"], budget["achievement"]) == (3312, 169.0)
    trade = show("08", "TRADE_TURNOVER", "2025-09")
    assert (trade["value"], trade["achievement"]) == (1299, 145.0)
    assert show("08", "GRDP_GROWTH", "2025-Q3")["value"] == 6.52
    assert show("08", "OFFICIALS_TRAINED", "2025")["value"] > 3000
    assert show("08", "CDT_TEAMS", "2025-Q4")["value"] == 1268


def test_2024_rolls_up_from_the_former_provinces(demo):
    tuyen_quang = show("08", "GRDP", "2024")
    former = [show(code, "GRDP", "2024")["value"] for code in ("old-08", "old-02")]
    assert tuyen_quang["own"] is None
    assert tuyen_quang["value"] == pytest.approx(sum(former))
    assert (tuyen_quang["reported"], tuyen_quang["expected"]) == (2, 2)
    # a trend crosses the merger: every quarter of 2024-2025 has Tuyên Quang's fibre share
    for year in (2024, 2025):
        for q in range(1, 5):
            assert show("08", "FIBRE_SHARE", f"{year}-Q{q}")["value"] is not None
    assert not IndicatorValue.objects.filter(
        unit__code="08", period__startswith="2024", indicator__code="GRDP"
    ).exists()


def test_every_province_has_values_and_targets(demo):
    provinces = Unit.objects.filter(kind="province")
    with_values = provinces.filter(
        pk__in=IndicatorValue.objects.filter(period="2025-12").values("unit")
    )
    assert with_values.count() == 34
    assert Target.objects.filter(period="2025").values("unit").distinct().count() == 34


def test_loading_again_does_nothing(demo):
    """(Values are append-only: `demo load --reset` recreates the database instead of
    deleting them, and loads the same values from the same seed.)"""
    before = IndicatorValue.objects.filter(comment=DEMO_COMMENT).count()
    assert load_demo_indicators() is None  # loaded: nothing to do
    assert IndicatorValue.objects.filter(comment=DEMO_COMMENT).count() == before


def test_the_peer_set_reads_the_same_figures_as_the_indicator_page(demo):
    from steerco.indicators.aggregation_sql import peer_figures
    from steerco.indicators.selectors import catalogue_specs
    from steerco.lib.calendar_periods import parse_calendar_period
    from steerco.scoring.peers import peer_set

    _, provinces = peer_set("provinces")
    periods = [parse_calendar_period(p) for p in ("2025-09", "2024-12")]
    figures = peer_figures(
        peers=provinces,
        specs=catalogue_specs(),
        codes=["PROC_ON_TIME_SHARE", "BUDGET_REVENUE"],
        periods=periods,
    )
    tuyen_quang = next(p for p in provinces if p.code == "08")
    for code, period in (("PROC_ON_TIME_SHARE", "2025-09"), ("BUDGET_REVENUE", "2024-12")):
        got = figures[code, tuyen_quang.pk, period].value
        assert float(got) == pytest.approx(show("08", code, period)["value"])
