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


def test_the_indicator_page_shows_each_provinces_rate_as_the_budget_page(demo_dataset, client):
    from django.contrib.auth.models import User

    month_end = date.today().replace(day=1) - timedelta(days=1)  # noqa: DTZ011
    client.force_login(User.objects.get(username="central"))
    page = client.get(f"/indicators/{RATE}/", {"unit": "08", "period": f"{month_end:%Y-%m}"})
    assert page.status_code == 200
    rows = [r for r in page.context["peers"] if r.value is not None]
    assert len(rows) >= 2  # the provinces with money, by their rate
    for row in rows:
        budget = client.get(
            "/budget/",
            {"unit": row.unit.code, "year": month_end.year, "as_of": month_end.isoformat()},
        ).context["summary"]
        totals = budget.totals
        assert row.value == Decimal(100) * totals.disbursed / totals.allocated
    assert page.context["live"].value == next(r.value for r in rows if r.unit.code == "08")


def test_a_province_manager_is_not_offered_to_enter_its_budget_amounts(demo_dataset, client):
    from django.contrib.auth.models import User

    month = f"{date.today().replace(day=1) - timedelta(days=1):%Y-%m}"  # noqa: DTZ011
    client.force_login(User.objects.get(username="tq-manager"))
    for code in (ALLOCATED, DISBURSED):
        page = client.get(f"/indicators/{code}/", {"unit": "08", "period": month})
        assert page.status_code == 200 and not page.context["may_enter"]
    grid = client.get("/indicators/entry/", {"unit": "08", "period": month})
    assert ALLOCATED not in grid.content.decode()
    # The rate's page says where its figure comes from, not that the unit entered it.
    rate = client.get(f"/indicators/{RATE}/", {"unit": "08", "period": month}).content.decode()
    assert "entered by the unit" not in rate and "do đơn vị nhập" not in rate
    assert 'data-testid="from-budget"' in rate


def test_the_demos_budget_ledger_is_the_sum_of_its_rows(demo_dataset) -> None:
    from steerco.budget import ledger
    from steerco.budget.models import BudgetTotal

    assert BudgetTotal.objects.exists()
    assert ledger.differences() == []
