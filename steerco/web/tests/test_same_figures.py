"""One scope, one number: for each demo persona, the tasks of their own unit's subtree
(every directive, as of the web tests' day) count the same on the overview (its tile, and
its by-unit table with the unit's own row "led directly", which sums to it), on the task
list (filtered to the unit, and unfiltered as the tasks "led by your units"), in the
meeting report (its total and its table by unit) and on the command line (`steerco
scorecard --json`, and `steerco ranking --json` among the unit's peers). Cancelled tasks
are counted nowhere, and every page says how many it leaves out.

The full unit tree and the demo are loaded once for the module (rolled back afterwards)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from steerco.reports.build import build_report
from steerco.units.models import Unit, UnitKind
from steerco.units.permissions import home_unit

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

DAY = date(2025, 10, 20)
PERSONAS = ("central", "tq-manager", "tq-skhcn", "tq-lambinh", "cb-manager")
NOTICE = "45-TB/BCĐTW"  # the concluding notice: no directive implements it


@pytest.fixture(scope="module")
def demo(demo_dataset):  # type: ignore[no-untyped-def]
    return demo_dataset


def _cli(*args: str) -> object:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def _peers_arg(unit: Unit) -> str | None:
    if unit.kind == UnitKind.PROVINCE:
        return "provinces"
    if unit.kind == UnitKind.DEPARTMENT:
        return f"departments-of:{unit.parent.code}"
    if unit.kind == UnitKind.COMMUNE:
        return f"communes-of:{unit.parent.code}"
    return None


@pytest.mark.parametrize("username", PERSONAS)
def test_the_same_scope_gives_the_same_number_on_every_page_in_the_report_and_the_cli(
    client, demo, username
):
    from django.contrib.auth.models import User

    user = User.objects.get(username=username)
    unit = home_unit(user)
    assert unit is not None
    client.force_login(user)

    overview = client.get("/", {"as_of": DAY.isoformat()})
    board = overview.context["board"]
    assert board.unit == unit
    total, cancelled = board.counts.total, board.counts.cancelled
    rows = [board.own, *(r.counts for r in board.children)]
    assert sum(c.total for c in rows) == total  # the own row closes the by-unit table
    html = overview.content.decode()
    assert f'data-testid="tile-total">{total:,}'.replace(",", ".") in html
    if cancelled:
        assert f'data-testid="tile-cancelled" data-n="{cancelled}"' in html

    listed = client.get("/tasks/", {"unit": unit.code, "as_of": DAY.isoformat()})
    assert listed.context["page"].paginator.count == total
    assert listed.context["counted"].total == total
    assert listed.context["counted"].cancelled == cancelled
    assert f'data-testid="count-total" data-n="{total}"' in listed.content.decode()
    mine = client.get("/tasks/", {"as_of": DAY.isoformat()}).context["counted"]
    assert mine.leads == total  # unfiltered, the tasks led by one's units are the same
    assert mine.total == mine.leads + mine.coordinates + mine.assigns

    report = build_report(unit=unit, as_of=DAY)
    assert report.totals.total == total
    assert report.totals.cancelled == cancelled
    assert sum(r.counts.total for r in report.units) == total

    card = _cli("scorecard", "--unit", unit.code, "--as-of", DAY.isoformat())
    assert isinstance(card, dict)
    assert (card["total"], card["cancelled"]) == (total, cancelled)
    peers = _peers_arg(unit)
    if peers is not None:
        ranked = _cli("ranking", "--peers", peers, "--as-of", DAY.isoformat())
        assert isinstance(ranked, list)
        assert [r["total"] for r in ranked if r["code"] == unit.code] == [total]


@pytest.mark.parametrize("username", PERSONAS)
def test_one_directive_gives_the_same_number_on_every_page_in_the_report_and_the_cli(
    client, demo, username
):
    from django.contrib.auth.models import User

    from steerco.directives.models import Directive

    user = User.objects.get(username=username)
    unit = home_unit(user)
    assert unit is not None
    notice = Directive.objects.get(symbol=NOTICE)
    assert not Directive.objects.filter(implements=notice).exists()
    client.force_login(user)

    board = client.get("/", {"as_of": DAY.isoformat(), "directive": notice.pk}).context["board"]
    total = board.counts.total
    assert sum(c.total for c in [board.own, *(r.counts for r in board.children)]) == total
    listed = client.get(
        "/tasks/", {"unit": unit.code, "directive": notice.pk, "as_of": DAY.isoformat()}
    )
    assert listed.context["counted"].total == listed.context["page"].paginator.count == total
    report = build_report(unit=unit, as_of=DAY, directive=notice, with_implementing=True)
    assert report.totals.total == total
    card = _cli("scorecard", "--unit", unit.code, "--as-of", DAY.isoformat(), "--directive", NOTICE)
    assert isinstance(card, dict) and card["total"] == total
