"""The indicator pages: catalogue, a unit's indicator page, the entry grid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from steerco.indicators.imports import catalogue_load
from steerco.indicators.models import Indicator, IndicatorValue
from steerco.indicators.services import target_set, value_record
from steerco.indicators.tests.conftest import SEED


@pytest.fixture
def catalogue(db):
    result = catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)
    assert result.rejected == []


def record(unit, code, period, value, **kwargs):  # type: ignore[no-untyped-def]
    return value_record(
        unit=unit, indicator=Indicator.objects.get(code=code), period=period, value=value, **kwargs
    )


def versions(unit, code, period):  # type: ignore[no-untyped-def]
    return IndicatorValue.objects.filter(unit=unit, indicator__code=code, period=period).count()


def test_the_catalogue_lists_every_indicator_with_its_formula_in_words(
    client, tree, people, catalogue
):
    client.force_login(people.tq_manager)
    page = client.get("/indicators/").content.decode()
    assert "FOREST_COVER" in page and "Tỷ lệ che phủ rừng" in page
    # A ratio reads as its parts' names, a formula names its codes' indicators.
    assert "Số hồ sơ thủ tục hành chính cấp xã giải quyết đúng hạn</a> ÷ " in page
    assert "Chi cho nghiên cứu khoa học và phát triển công nghệ</a> ÷ " in page


def test_a_provinces_page_shows_value_target_achievement_and_completeness(
    client, tree, people, catalogue
):
    record(tree.lam_binh, "PROC_HANDLED", "2025-09", "100")
    target_set(
        unit=tree.tuyen_quang,
        indicator=Indicator.objects.get(code="PROC_HANDLED"),
        period="2025-09",
        target=Decimal(200),
    )
    client.force_login(people.tq_manager)
    page = client.get("/indicators/PROC_HANDLED/?unit=08&period=2025-09").content.decode()
    assert 'data-testid="value">100<' in page
    assert 'data-testid="target">200<' in page
    assert 'data-testid="achievement">50%<' in page
    assert "1 of 2" in page.replace("1 trên 2", "1 of 2")


def test_the_page_is_404_for_an_unknown_indicator_and_400_for_a_bad_period(
    client, tree, people, catalogue
):
    client.force_login(people.tq_manager)
    assert client.get("/indicators/NOPE/?unit=08").status_code == 404
    assert client.get("/indicators/GRDP/?unit=08&period=2025-13").status_code == 400


def test_peers_values_are_ranked_for_a_unit_that_may_see_them(client, tree, people, catalogue):
    record(tree.tuyen_quang, "FOREST_COVER", "2025", "65")
    record(tree.cao_bang, "FOREST_COVER", "2025", "70")
    client.force_login(people.central_analyst)
    page = client.get("/indicators/FOREST_COVER/?unit=08&period=2025").content.decode()
    assert 'data-testid="peers"' in page
    assert page.index("Cao Bằng") < page.index('Tuyên Quang</a></td><td class="text-end">65')


def test_the_entry_grid_lists_the_units_indicators_for_the_period_type(
    client, tree, people, catalogue
):
    client.force_login(people.commune_reporter)
    page = client.get("/indicators/entry/?unit=02233&period=2025-09").content.decode()
    assert 'name="v_PROC_HANDLED"' in page and 'inputmode="decimal"' in page
    assert 'name="v_FOREST_COVER"' not in page  # a province's, yearly
    assert 'name="v_PROC_ON_TIME_SHARE"' not in page  # computed


def test_the_entry_grid_saves_all_or_nothing_with_the_refusal_located(
    client, tree, people, catalogue
):
    client.force_login(people.commune_reporter)
    url = "/indicators/entry/?unit=02233&period=2025-09"
    response = client.post(url, {"v_PROC_HANDLED": "100", "v_PROC_ON_TIME": "120"})
    assert response.status_code == 200
    assert 'data-testid="error-PROC_ON_TIME"' in response.content.decode()
    assert versions(tree.lam_binh, "PROC_HANDLED", "2025-09") == 0
    response = client.post(url, {"v_PROC_HANDLED": "100", "v_PROC_ON_TIME": "98"})
    assert response.status_code == 302
    assert versions(tree.lam_binh, "PROC_ON_TIME", "2025-09") == 1


def test_submitting_the_same_grid_twice_records_each_value_once(client, tree, people, catalogue):
    client.force_login(people.commune_reporter)
    url = "/indicators/entry/?unit=02233&period=2025-09"
    data = {"v_PROC_HANDLED": "1.234,5".replace(".", "").replace(",", ""), "comment": "sổ"}
    client.post(url, data)
    client.post(url, data)
    assert versions(tree.lam_binh, "PROC_HANDLED", "2025-09") == 1
    # The grid shows the value back in a form that reads as the same number.
    page = client.get(url).content.decode()
    assert 'value="12345"' in page
    client.post(url, {"v_PROC_HANDLED": "12345"})
    assert versions(tree.lam_binh, "PROC_HANDLED", "2025-09") == 1


def test_a_value_far_from_the_previous_periods_is_saved_with_a_warning(
    client, tree, people, catalogue
):
    record(tree.lam_binh, "PROC_HANDLED", "2025-08", "100")
    client.force_login(people.commune_reporter)
    response = client.post(
        "/indicators/entry/?unit=02233&period=2025-09", {"v_PROC_HANDLED": "400"}, follow=True
    )
    assert versions(tree.lam_binh, "PROC_HANDLED", "2025-09") == 1
    assert "300% above the previous period" in response.content.decode()


def test_a_viewer_may_not_enter_values(client, tree, people, catalogue):
    client.force_login(people.central_analyst)
    response = client.post("/indicators/entry/?unit=02233&period=2025-09", {"v_PROC_HANDLED": "1"})
    assert response.status_code == 403
    assert versions(tree.lam_binh, "PROC_HANDLED", "2025-09") == 0


def test_the_page_shows_the_live_value_and_the_value_reported_at_the_close(
    client, tree, people, catalogue
):
    from datetime import UTC, datetime

    from steerco.lib.periods import PeriodKind, period_containing
    from steerco.scoring.services import period_close

    october = period_containing(date(2025, 10, 10), PeriodKind.MONTH, 14)  # cut-off 14/10
    record(
        tree.tuyen_quang,
        "BUDGET_REVENUE",
        "2025-09",
        "3000",
        recorded_at=datetime(2025, 10, 5, tzinfo=UTC),
    )
    period_close(period=october)
    record(tree.tuyen_quang, "BUDGET_REVENUE", "2025-09", "3312")
    client.force_login(people.tq_manager)
    page = client.get("/indicators/BUDGET_REVENUE/?unit=08&period=2025-09").content.decode()
    assert 'data-testid="value">3.312<' in page
    assert 'data-testid="at-close"' in page and "3.000" in page


def test_a_unit_with_no_figure_in_any_period_gets_a_sentence_not_a_table_of_dashes(
    client, tree, people, catalogue
):
    # The screenshot pass of issue 15: a unit without figures showed an empty chart over
    # twelve rows of "—".
    client.force_login(people.commune_reporter)
    url = f"/indicators/PROC_HANDLED/?unit={tree.lam_binh.code}&period=2025-09"
    page = client.get(url).content.decode()
    assert 'data-testid="no-history"' in page
    assert 'data-testid="history"' not in page and 'id="chart-indicator"' not in page
    record(tree.lam_binh, "PROC_HANDLED", "2025-08", "7")
    page = client.get(url).content.decode()
    assert 'data-testid="no-history"' not in page
    assert 'data-testid="history"' in page and 'id="chart-indicator"' in page
