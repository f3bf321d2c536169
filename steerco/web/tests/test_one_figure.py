"""One figure, one number: the indicator page, the overview, the meeting report and
`steerco indicator show --json` give the same value, target and achievement for the same
unit, indicator and period — live, and as recorded at a period's close."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from steerco.indicators.imports import catalogue_load
from steerco.indicators.models import Indicator
from steerco.indicators.sentences import number_text
from steerco.indicators.services import target_set, value_record
from steerco.indicators.tests.conftest import SEED
from steerco.lib.periods import PeriodKind, period_containing
from steerco.reports.build import build_report
from steerco.scoring.services import period_close
from steerco.units.models import Unit

AS_OF = date(2025, 10, 20)  # reads September's monthly figures
OCTOBER = period_containing(date(2025, 10, 10), PeriodKind.MONTH, 14)  # cut-off 14/10/2025
BEFORE_CLOSE = datetime(2025, 10, 5, tzinfo=UTC)


@pytest.fixture
def figures(tree):
    catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True)
    get = Indicator.objects.get
    tq = tree.tuyen_quang
    for unit, code, value in (
        (tq, "BUDGET_REVENUE", "3312"),
        (tree.lam_binh, "PROC_HANDLED", "1000"),
        (tree.lam_binh, "PROC_ON_TIME", "990"),
        (tree.thuong_lam, "PROC_HANDLED", "10"),
        (tree.thuong_lam, "PROC_ON_TIME", "5"),
    ):
        value_record(
            unit=unit,
            indicator=get(code=code),
            period="2025-09",
            value=value,
            recorded_at=BEFORE_CLOSE,
        )
    target_set(unit=tq, indicator=get(code="BUDGET_REVENUE"), period="2025", target=Decimal(2000))
    target_set(unit=tq, indicator=get(code="PROC_ON_TIME_SHARE"), period="2025", target=Decimal(99))
    return ("BUDGET_REVENUE", "PROC_ON_TIME_SHARE")


def shown(value) -> str:  # type: ignore[no-untyped-def]
    return "—" if value is None else number_text(Decimal(str(value)), "vi")


def page_figure(client, code: str) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    html = client.get(f"/indicators/{code}/?unit=08&period=2025-09").content.decode()
    return tuple(  # type: ignore[return-value]
        re.search(rf'data-testid="{k}">([^<]*)<', html).group(1)  # type: ignore[union-attr]
        for k in ("value", "target", "achievement")
    )


def overview_figure(client, code: str, as_of: date) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    html = client.get(f"/?unit=08&as_of={as_of:%Y-%m-%d}").content.decode()
    tile = html[html.index(f'data-testid="key-{code}"') :]
    return tuple(  # type: ignore[return-value]
        re.search(rf'data-testid="{k}">([^<]*)<', tile).group(1)  # type: ignore[union-attr]
        for k in ("key-value", "key-target", "key-achievement")
    )


def report_figure(code: str, as_of: date) -> tuple[str, str, str]:
    content = build_report(unit=Unit.objects.get(code="08"), as_of=as_of)
    assert content.indicators is not None
    row = next(r for r in content.indicators.rows if r.code == code)
    return shown(row.value), shown(row.target), shown(row.achievement) + "%"


def command_figure(code: str) -> tuple[str, str, str]:
    out = StringIO()
    call_command(
        "indicator",
        "show",
        "--unit",
        "08",
        "--indicator",
        code,
        "--period",
        "2025-09",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    return shown(data["value"]), shown(data["target"]), shown(data["achievement"]) + "%"


def test_the_page_the_overview_the_report_and_the_command_show_the_same_figures(
    client, tree, people, figures
):
    client.force_login(people.tq_manager)
    for code in figures:
        expected = command_figure(code)
        assert page_figure(client, code) == expected, code
        assert overview_figure(client, code, AS_OF) == expected, code
        assert report_figure(code, AS_OF) == expected, code
    assert command_figure("PROC_ON_TIME_SHARE") == ("98,51", "99", "99,5%")


def test_after_a_correction_the_closed_period_shows_what_it_was_told_everywhere(
    client, tree, people, figures
):
    period_close(period=OCTOBER)
    value_record(
        unit=tree.tuyen_quang,
        indicator=Indicator.objects.get(code="BUDGET_REVENUE"),
        period="2025-09",
        value="3500",
    )
    client.force_login(people.tq_manager)
    told = ("3.312", "2.000", "165,6%")
    assert overview_figure(client, "BUDGET_REVENUE", OCTOBER.ends_on) == told
    assert report_figure("BUDGET_REVENUE", OCTOBER.ends_on) == told
    # Live everywhere else, and the page shows both.
    live = ("3.500", "2.000", "175%")
    assert command_figure("BUDGET_REVENUE") == live
    assert overview_figure(client, "BUDGET_REVENUE", AS_OF) == live
    assert report_figure("BUDGET_REVENUE", AS_OF) == live
    assert page_figure(client, "BUDGET_REVENUE") == live
    html = client.get("/indicators/BUDGET_REVENUE/?unit=08&period=2025-09").content.decode()
    at_close = html[html.index('data-testid="at-close"') :][:600]
    assert "3.312" in at_close and "165,6%" in at_close
