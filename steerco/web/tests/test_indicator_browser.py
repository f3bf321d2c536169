"""The entry grid on a 360 px phone, and the indicator page's chart, in Debian's Chromium."""

from __future__ import annotations

import pytest

from steerco.indicators.imports import catalogue_load
from steerco.indicators.models import IndicatorValue
from steerco.indicators.tests.conftest import SEED

from .test_browser import PHONE, _expect, session  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commune_reporter_enters_the_months_values_on_a_phone(session, tree, people):  # noqa: F811
    catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)
    s = session(PHONE).sign_in("tq-lambinh")
    s.go("/indicators/entry/?unit=02233&period=2025-09")
    field = s.page.locator("input[name=v_PROC_HANDLED]")
    assert field.get_attribute("inputmode") == "decimal"
    box = field.bounding_box()
    assert box is not None and box["width"] > 250  # stacked: the input takes the row
    assert s.page.evaluate("document.documentElement.scrollWidth") <= 360
    field.fill("120")
    s.page.fill("input[name=v_PROC_ON_TIME]", "130")
    s.page.click("form[data-testid=entry-grid] button[type=submit]")
    s.page.wait_for_load_state("networkidle")
    assert s.page.locator("[data-testid=error-PROC_ON_TIME]").is_visible()
    assert not IndicatorValue.objects.exists()
    s.page.fill("input[name=v_PROC_ON_TIME]", "118")
    s.page.click("form[data-testid=entry-grid] button[type=submit]")
    s.page.wait_for_load_state("networkidle")
    assert IndicatorValue.objects.count() == 2
    s.shot("indicator-entry-phone")
    s.go("/indicators/PROC_ON_TIME_SHARE/?unit=02233&period=2025-09")
    assert s.page.locator("#chart-indicator canvas").count() == 1
    assert s.page.locator("[data-testid=value]").inner_text() == "98,33"
    s.shot("indicator-page-phone")
    assert not s.errors, s.errors
