"""One figure everywhere: the demo's Tuyên Quang on the DTI for 2024 and the service index
SVC766 for 2025-10 — rank, score and change as the shared selector gives them
(`unit_index_rank`) — reads the same on the index's ranking page, on the province's
breakdown, on its overview and in its meeting report; the overview's GREEN rate rank on
Plan 02-KH/BCĐTW is the ranking command's (`scoring.ranking_table.ranking`).

The full unit tree and the demo are loaded once for the module (rolled back afterwards);
pages are read on the web tests' fixed day, 2025-10-20."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from django.conf import settings

from steerco.directives.models import Directive
from steerco.indicators.indices.explain import points_text
from steerco.indicators.indices.models import Index
from steerco.indicators.indices.selectors import UnitRank, index_table, unit_index_rank
from steerco.lib.calendar_periods import parse_calendar_period
from steerco.lib.periods import previous_cutoff
from steerco.reports.build import build_report
from steerco.reports.render import render
from steerco.scoring.peers import provinces
from steerco.scoring.ranking_table import ranking
from steerco.scoring.scope import scope_for
from steerco.units.models import Unit

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

DAY = date(2025, 10, 20)
CASES = (("DTI", "2024"), ("SVC766", "2025-10"))


@pytest.fixture(scope="module")
def demo(demo_dataset):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    tuyen_quang = Unit.objects.get(code="08")
    peers = provinces()
    expected = {
        code: unit_index_rank(
            Index.objects.get(code=code), parse_calendar_period(period), tuyen_quang, peers
        )
        for code, period in CASES
    }
    report = build_report(unit=tuyen_quang, as_of=DAY)
    return {
        "user": User.objects.get(username="tq-manager"),
        "expected": expected,
        "report": report,
        "html": _flat(render(report, "html").decode()),
    }


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _change(r: UnitRank) -> str:
    assert r.change is not None
    return f"▲ {r.change}" if r.change > 0 else (f"▼ {-r.change}" if r.change < 0 else "=")


def test_the_selector_gives_the_ranks_the_province_was_told(demo):  # type: ignore[no-untyped-def]
    dti, svc = demo["expected"]["DTI"], demo["expected"]["SVC766"]
    assert (dti.rank, dti.peers, dti.source) == (22, 34, "published")
    assert (svc.rank, svc.peers, svc.change) == (14, 34, 2)  # 16th in 2025-09


@pytest.mark.parametrize(("code", "period"), CASES)
def test_the_index_ranking_page_shows_them(client, demo, code, period):  # type: ignore[no-untyped-def]
    r = demo["expected"][code]
    client.force_login(demo["user"])
    page = client.get(f"/indices/{code}/?period={period}").content.decode()
    row = page[page.index('data-unit="08"') :].split("</tr>")[0]
    assert f"{r.rank}/{r.peers}" in row and points_text(r.score, "vi") in row
    if r.change is not None:
        assert _change(r) in row


@pytest.mark.parametrize(("code", "period"), CASES)
def test_the_unit_breakdown_shows_them(client, demo, code, period):  # type: ignore[no-untyped-def]
    r = demo["expected"][code]
    client.force_login(demo["user"])
    page = client.get(f"/indices/{code}/08/?period={period}").content.decode()
    published = _flat(page.split('data-testid="published-score">')[1].split("</dd>")[0])
    assert published.startswith(points_text(r.score, "vi"))
    assert f"xếp thứ {r.rank}/{r.peers}" in published
    if r.change is not None:
        assert _change(r) in published
    live = index_table(
        index=Index.objects.get(code=code),
        period=parse_calendar_period(period),
        units=provinces(),
        source="computed",
    )
    mine = next(row for row in live.rows if row.unit.code == "08")
    computed = page.split('data-testid="computed-score">')[1].split(" / ")[0]
    assert computed == points_text(mine.score, "vi")


@pytest.mark.parametrize(("code", "period"), CASES)
def test_the_overview_shows_them(client, demo, code, period):  # type: ignore[no-untyped-def]
    r = demo["expected"][code]
    client.force_login(demo["user"])
    page = client.get("/").content.decode()
    start = page.index(f'data-testid="rank-{code}"')
    item = _flat(page[start : page.index("</a>", start)])
    assert f"{r.rank}/{r.peers}" in item and f"{code} ({period})" in item
    assert points_text(r.score, "vi") in item
    assert (_change(r) in item) if r.change is not None else ("rank-change" not in item)


@pytest.mark.parametrize(("code", "period"), CASES)
def test_the_meeting_report_shows_them(demo, code, period):  # type: ignore[no-untyped-def]
    r = demo["expected"][code]
    standing = next(s for s in demo["report"].indices if s.code == code)
    assert (standing.period, standing.rank, standing.change) == (period, r.rank, r.change)
    label = parse_calendar_period(period).label("vi")
    words = f"{r.rank}/{r.peers} về {r.name_vi} {label}"
    assert words in (demo["report"].ranks_line or "") and words in demo["html"]
    assert f"{points_text(r.score, 'vi')}/" in demo["html"]


def test_the_overviews_green_rate_rank_on_plan_02_is_the_ranking_commands(client, demo):  # type: ignore[no-untyped-def]
    plan = Directive.objects.get(symbol="02-KH/BCĐTW")
    rows = ranking(
        provinces(),
        DAY,
        scope=scope_for(plan),
        previous_on=previous_cutoff(DAY, settings.STEERCO_CUTOFF_DAY),
    )
    mine = next(r for r in rows if r.unit.code == "08")
    client.force_login(demo["user"])
    page = client.get(f"/?directive={plan.pk}").content.decode()
    start = page.index('data-testid="rank-green_rate"')
    item = _flat(page[start : page.index("</a>", start)])
    assert f"{mine.rank}/34" in item and "02-KH/BCĐTW" in item
