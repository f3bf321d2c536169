"""Money on the pages: the budget summary page shows the figures of `steerco budget
summary --json`, the overview's tiles and chart appear only where there is money, and the
ranking carries each peer's disbursement rate beside (not in) its rank."""

import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from steerco.budget.tests.rows import allocate, disburse, estimate
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)


@pytest.fixture
def money(tree):
    d = make_directive(tree.tuyen_quang, symbol="12-CTr/TU")
    slow, fast = make_task(d, tree.tq_stc), make_task(d, tree.tq_skhcn)
    with time_machine.travel(date(2025, 1, 20)):
        estimate(slow, 2_000_000_000_000)
        estimate(fast, 1_312_000_000_000, source="central")
    allocate(slow, 1_000_000_000_000, plan={3: 500_000_000_000, 6: 500_000_000_000})
    allocate(fast, 1_100_000_000_000, source="central")
    disburse(slow, 100_000_000_000, on=date(2025, 5, 1))
    disburse(fast, 740_000_000_000, on=date(2025, 5, 1), source="central")
    return d


def _cli(*args: str) -> dict:
    out = StringIO()
    call_command("budget", "summary", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_budget_page_shows_the_figures_of_the_command(client, people, money) -> None:
    client.force_login(people.tq_manager)
    response = client.get("/budget/", {"unit": "08", "year": "2025", "as_of": "2025-06-30"})
    assert response.status_code == 200
    page = response.context["data"]
    cli = _cli("--unit", "08", "--year", "2025", "--as-of", "2025-06-30")
    assert page == cli
    html = response.content.decode()
    assert "Tổng kinh phí dự toán 3.312 tỷ đồng, đã phân bổ 2.100 tỷ đồng" in html
    assert 'data-testid="total-disbursed" data-amount="840000000000"' in html
    assert "Sở Tài chính (10,0%)" in html


def test_the_budget_page_lists_the_months_and_titles_itself_in_plain_text(
    client, people, money
) -> None:
    client.force_login(people.tq_manager)
    response = client.get("/budget/", {"unit": "08", "year": "2025", "as_of": "2025-06-30"})
    html = response.content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Tuyên Quang" in title
    by_month = html.split('data-testid="by-month"', 1)[1].split("</table>", 1)[0]
    assert by_month.count("<tr>") == 1 + 6  # the header and a row per month to June (as of)
    assert "05/2025" in by_month


def test_the_budget_page_is_refused_for_a_unit_outside_the_roles(client, people, money) -> None:
    client.force_login(people.cb_manager)
    assert client.get("/budget/", {"unit": "08", "year": "2025"}).status_code == 400
    assert client.get("/budget/", {"unit": "04", "year": "twenty"}).status_code == 400


def test_the_overview_shows_money_tiles_and_chart_only_with_money(client, people, money) -> None:
    client.force_login(people.central_analyst)
    response = client.get("/", {"unit": "08", "as_of": "2025-06-30"})
    html = response.content.decode()
    assert 'data-testid="money-allocated">2.100 tỷ đồng' in html
    assert 'data-testid="money-rate">40,0%' in html
    chart = response.context["charts"]["money"]
    assert chart["series"][1]["values"][-1] == 840_000_000_000
    assert 'id="chart-money"' in html
    response = client.get("/", {"unit": "04", "as_of": "2025-06-30"})
    assert "charts" in response.context and "money" not in response.context["charts"]
    assert 'data-testid="money"' not in response.content.decode()


def test_the_ranking_shows_the_disbursement_rate_beside_the_rank(
    client, people, money, settings
) -> None:
    client.force_login(people.tq_manager)
    query = {"peers": "departments", "unit": "08", "as_of": "2025-06-30"}
    response = client.get("/ranking/", query)
    rates = {e.unit.code: e.money for e in response.context["entries"]}
    assert rates["08-STC"].allocated == 1_000_000_000_000
    assert rates["08-STC"].disbursed == 100_000_000_000
    assert 'data-testid="disbursement-rate"' in response.content.decode()
    ranks = [(e.unit.code, e.rank) for e in response.context["entries"]]
    settings.STEERCO_RANKING_MONEY = False
    response = client.get("/ranking/", query)
    assert [(e.unit.code, e.rank) for e in response.context["entries"]] == ranks
    assert 'data-testid="disbursement-rate"' not in response.content.decode()
