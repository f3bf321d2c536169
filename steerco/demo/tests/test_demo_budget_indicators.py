"""The demo's budget indicators: each month of the budget years to date, by unit, reading
the numbers of the budget summary at the month's end (issue 21)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from steerco.demo.budget_indicators import load_demo_budget_indicators
from steerco.indicators.budget_values import ALLOCATED, DISBURSED, RATE

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _json(*args: str) -> dict:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_demo_load_records_the_budget_indicators(demo_dataset) -> None:
    assert "demo budget indicators: " in demo_dataset
    assert load_demo_budget_indicators(today=date.today()).recorded == 0  # noqa: DTZ011


@pytest.mark.parametrize("unit", ["08", "TW"])
def test_last_months_disbursement_rate_reads_as_the_budget_summary(demo_dataset, unit) -> None:
    month_end = date.today().replace(day=1) - timedelta(days=1)  # noqa: DTZ011
    period = f"{month_end:%Y-%m}"
    budget = _json(
        "budget",
        "summary",
        "--unit",
        unit,
        "--year",
        str(month_end.year),
        "--as-of",
        month_end.isoformat(),
    )
    figures = {
        code: _json("indicator", "show", "--unit", unit, "--indicator", code, "--period", period)
        for code in (ALLOCATED, DISBURSED, RATE)
    }
    assert budget["allocated"] > 0
    assert figures[ALLOCATED]["value"] == budget["allocated"]
    assert figures[DISBURSED]["value"] == budget["disbursed"]
    rate = Decimal(str(figures[RATE]["value"])).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert float(rate) == budget["rate_percent"]
