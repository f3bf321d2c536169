"""axe-core over every page, as every persona of the demo and in both languages: no serious
or critical violation (issue 15, item 16). axe is vendored for the tests only.

One browser for the module, one sign-in per persona; each persona visits the pages it may
open (who may open which is tests/test_permission_matrix.py's table), first in Vietnamese,
then in English; the reporters and a manager again on a 360 px phone, in Vietnamese.
A page that does not answer 200 is reported as a failure too, so a page
cannot leave the scan silently. The sign-in pages are scanned signed out."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from steerco.indicators.imports import catalogue_load
from steerco.indicators.indices.definitions import index_define
from steerco.indicators.models import Indicator
from steerco.indicators.services import target_set, value_record
from steerco.indicators.tests.conftest import SEED
from steerco.indicators.tests.test_index_definitions import document
from steerco.intake.sheets import COLUMNS, HEADER_ROW, SHEET, sheet_export
from steerco.intake.tests import builders
from steerco.notices.services import remind
from steerco.units.services import membership_grant
from tests.factories import UserFactory, make_directive

from .conftest import WebData, build_web_data
from .test_browser import PHONE, _expect, session  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") + "\n;undefined"

CENTRAL, TQM, TQR, LB, CBM, ADMIN = (
    "central",
    "tq-manager",
    "tq-skhcn",
    "tq-lambinh",
    "cb-manager",
    "admin",
)
EVERYONE = frozenset({CENTRAL, TQM, TQR, LB, CBM, ADMIN})


@dataclass
class World:
    web: WebData
    tq_official: Any  # an account a manager of Tuyên Quang administers
    cb_official: Any


@pytest.fixture
def world(tree, people) -> World:  # type: ignore[no-untyped-def]
    """The pages' data: tasks in every class, the seeds' indicators with values and a
    target, a composite index, notices in the inbox, an administrator and two officials."""
    web = build_web_data(tree)
    assert catalogue_load(name=SEED.name, data=SEED.read_bytes(), commit=True).rejected == []
    handled = Indicator.objects.get(code="PROC_HANDLED")
    for month, value in (("2025-08", "80"), ("2025-09", "1234")):
        value_record(unit=tree.lam_binh, indicator=handled, period=month, value=Decimal(value))
    target_set(unit=tree.tuyen_quang, indicator=handled, period="2025-09", target=Decimal(2000))
    forest = Indicator.objects.get(code="FOREST_COVER")
    for unit, value in ((tree.tuyen_quang, "65"), (tree.cao_bang, "55")):
        value_record(unit=unit, indicator=forest, period="2024", value=Decimal(value))
    index_define(name="greenx.json", data=json.dumps(document()).encode(), commit=True)
    for i in range(3):
        remind(as_of=web.today + timedelta(days=i))
    get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    cb_official = UserFactory(username="cb-skhcn")
    membership_grant(user=cb_official, unit=tree.cb_skhcn, role="reporter")
    return World(web=web, tq_official=people.tq_dept_reporter, cb_official=cb_official)


Path_ = Callable[[World, str], str]  # the path for the world and the page language


def _fixed(path: str) -> Path_:
    return lambda w, lang: path


def _report(unit: str, w: World, lang: str) -> str:
    """The report itself, as the reports page shows it in the browser, in the page's language."""
    day = w.web.today.isoformat()
    return f"/reports/?unit={unit}&as_of={day}&format=html&layout=state&lang={lang}"


# Each page as (its path for the world, the personas that may open it).
PAGES: list[tuple[Path_, frozenset[str]]] = [
    (_fixed("/"), EVERYONE),
    (_fixed("/ranking/"), EVERYONE),
    (_fixed("/tasks/"), EVERYONE),
    (lambda w, lang: f"/tasks/{w.web.overdue.pk}/", frozenset({CENTRAL, TQM, TQR, ADMIN})),
    (lambda w, lang: f"/tasks/{w.web.commune_overdue.pk}/", frozenset({LB})),
    (lambda w, lang: f"/tasks/{w.web.cb_task.pk}/", frozenset({CBM})),
    (lambda w, lang: f"/tasks/{w.web.awaiting.pk}/", frozenset({TQM, TQR})),  # awaiting acceptance
    (lambda w, lang: f"/tasks/{w.web.overdue.pk}/report/", frozenset({TQM, TQR, ADMIN})),
    (lambda w, lang: f"/tasks/{w.web.commune_overdue.pk}/report/", frozenset({LB})),
    (lambda w, lang: f"/tasks/{w.web.cb_task.pk}/report/", frozenset({CBM})),
    (lambda w, lang: f"/tasks/{w.web.overdue.pk}/edit/", frozenset({TQM, ADMIN})),
    (lambda w, lang: f"/tasks/{w.web.cb_task.pk}/edit/", frozenset({CBM})),
    (lambda w, lang: f"/tasks/new/?directive={w.web.programme.pk}", frozenset({TQM, ADMIN})),
    (lambda w, lang: f"/tasks/new/?directive={w.web.cb_plan.pk}", frozenset({CBM})),
    (_fixed("/directives/new/"), frozenset({TQM, CBM, ADMIN})),
    (lambda w, lang: f"/directives/{w.web.programme.pk}/", EVERYONE - {CBM}),
    (lambda w, lang: f"/directives/{w.web.cb_plan.pk}/", frozenset({CBM})),
    (lambda w, lang: f"/directives/{w.web.programme.pk}/edit/", frozenset({TQM, ADMIN})),
    (lambda w, lang: f"/directives/{w.web.cb_plan.pk}/edit/", frozenset({CBM})),
    (_fixed("/my/"), EVERYONE),
    (_fixed("/inbox/"), EVERYONE),
    (_fixed("/inbox/preferences/"), EVERYONE),
    (_fixed("/reports/"), EVERYONE),
    (lambda w, lang: _report("08", w, lang), frozenset({CENTRAL, TQM, ADMIN})),
    (lambda w, lang: _report("04", w, lang), frozenset({CBM})),
    (_fixed("/intake/plans/"), frozenset({TQM, CBM, ADMIN})),
    (_fixed("/intake/sheets/"), EVERYONE),
    (_fixed("/intake/disbursements/"), frozenset({TQR})),  # issue 21's money forms
    (lambda w, lang: f"/tasks/{w.web.overdue.pk}/budget/allocation/", frozenset({TQM})),
    (lambda w, lang: f"/tasks/{w.web.overdue.pk}/budget/disbursement/", frozenset({TQR})),
    (_fixed("/indicators/"), EVERYONE),
    (
        _fixed("/indicators/PROC_HANDLED/?unit=08&period=2025-09"),
        frozenset({CENTRAL, TQM, ADMIN}),
    ),
    (_fixed("/indicators/PROC_HANDLED/?unit=02233&period=2025-09"), frozenset({LB})),
    (_fixed("/indicators/PROC_HANDLED/?unit=04&period=2025-09"), frozenset({CBM})),
    (_fixed("/indicators/entry/?unit=02233&period=2025-09"), frozenset({TQM, LB, ADMIN})),
    (_fixed("/indicators/entry/?unit=01234&period=2025-09"), frozenset({CBM})),
    (
        _fixed("/indices/GREENX/?peers=provinces&period=2024"),
        frozenset({CENTRAL, TQM, CBM, ADMIN}),
    ),
    (_fixed("/indices/GREENX/?peers=communes&unit=08&period=2024"), frozenset({LB})),
    (_fixed("/indices/GREENX/08/?period=2024"), frozenset({CENTRAL, TQM, ADMIN})),
    (_fixed("/indices/GREENX/04/?period=2024"), frozenset({CBM})),
    (_fixed("/people/"), frozenset({TQM, CBM, ADMIN})),
    (lambda w, lang: f"/people/{w.tq_official.pk}/", frozenset({TQM, ADMIN})),
    (lambda w, lang: f"/people/{w.cb_official.pk}/", frozenset({CBM})),
    (_fixed("/people/new/"), frozenset({ADMIN})),
    (_fixed("/audit/"), frozenset({ADMIN})),
    (_fixed("/help/"), EVERYONE),
    *(
        (_fixed(f"/help/{role}/"), EVERYONE)
        for role in ("viewer", "reporter", "manager", "administrator")
    ),
    (_fixed("/help/glossary/"), EVERYONE),
    (_fixed("/accounts/password_change/"), EVERYONE),
    (_fixed("/accounts/two-factor/setup/"), EVERYONE),
]

# Django's password reset pages are left out: steerco does not use them (an administrator
# issues a one-time link) and they still wear the admin site's look.
SIGNED_OUT = ["/accounts/login/"]


def _violations(s, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    # "load" (deferred scripts and charts done), not "networkidle", which waits another
    # half second on every page.
    response = s.page.goto(s.base + path, wait_until="load")
    if response is None or response.status != 200:
        return [f"{path}: answered {response.status if response else None}, not scanned"]
    # Folded content (a chart's data table, a list in <details>) is scanned unfolded, once
    # the page's scripts have seen it open (their "toggle" listeners run in a later task).
    s.page.evaluate(
        "() => { document.querySelectorAll('details').forEach(d => { d.open = true; });"
        " return new Promise(r => setTimeout(r, 50)); }"
    )
    # add_script_tag injects an inline <script>, which the CSP refuses; evaluating the
    # source through the DevTools protocol is not subject to it.
    s.page.evaluate(AXE_SOURCE)
    result = s.page.evaluate("async () => await axe.run({resultTypes: ['violations']})")
    return [
        f"{path}: {v['id']} ({v['impact']}) {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _to_english(s) -> None:  # type: ignore[no-untyped-def]
    s.page.get_by_test_id("lang-en").first.click()
    s.page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("persona", [CENTRAL, TQM, TQR, LB, CBM, ADMIN])
def test_every_page_a_persona_opens_has_no_serious_axe_violation(session, world, persona):  # noqa: F811
    s = session().sign_in(persona)
    found: list[str] = []
    for lang in ("vi", "en"):
        if lang == "en":
            _to_english(s)
        for path in [page(world, lang) for page, who in PAGES if persona in who]:
            found += [f"[{persona} {lang}] {v}" for v in _violations(s, path)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("persona", [TQM, TQR, LB])
def test_every_page_on_a_phone_has_no_serious_axe_violation(session, world, persona):  # noqa: F811
    """At 360 px wide tables scroll sideways: what scrolls must be reachable by keyboard."""
    s = session(PHONE).sign_in(persona)
    found: list[str] = []
    for path in [page(world, "vi") for page, who in PAGES if persona in who]:
        found += [f"[{persona} 360 px] {v}" for v in _violations(s, path)]
    assert not found, "\n".join(found)


def test_the_sign_in_pages_have_no_serious_axe_violation(session, world):  # noqa: F811
    s = session()
    found: list[str] = []
    for lang in ("vi", "en"):
        if lang == "en":
            s.go(SIGNED_OUT[0])
            _to_english(s)
        for path in SIGNED_OUT:
            found += [f"[{lang}] {v}" for v in _violations(s, path)]
    assert not found, "\n".join(found)


def test_a_drawn_chart_keeps_its_name_and_its_table_opens_below_it(session, world):  # noqa: F811
    """ECharts draws into the named container without renaming it (its own aria option
    would write an English description over the page's label)."""
    s = session().sign_in(TQM)
    s.go("/")
    s.page.wait_for_selector("#chart-status canvas")
    label = s.page.locator("#chart-status").get_attribute("aria-label")
    assert label is not None and label.startswith("Nhiệm vụ theo phân loại"), label
    table = s.page.get_by_test_id("chart-status-table")
    assert not table.is_visible()
    s.page.locator('details[data-chart="chart-status"] summary').click()
    assert table.is_visible()
    assert not s.errors, s.errors


def _scan_here(s, label: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The page the tab shows now (a preview answered to a POST), scanned as `_violations`."""
    s.page.evaluate(
        "() => { document.querySelectorAll('details').forEach(d => { d.open = true; });"
        " return new Promise(r => setTimeout(r, 50)); }"
    )
    s.page.evaluate(AXE_SOURCE)
    result = s.page.evaluate("async () => await axe.run({resultTypes: ['violations']})")
    return [
        f"{label}: {v['id']} ({v['impact']}) {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_plan_and_sheet_previews_have_no_serious_axe_violation(
    session,  # noqa: F811
    world,
    tree,
    tmp_path,
):
    """The intake previews, answered to an upload: a plan's rows and a progress sheet's,
    one of its rows with an error located in its cell."""
    make_directive(tree.tuyen_quang, symbol="02-KH/UBND")
    plan = tmp_path / "ke-hoach.xlsx"
    plan.write_bytes(builders.xlsx_bytes())
    book = load_workbook(io.BytesIO(sheet_export(unit=tree.tq_skhcn, exported_on=world.web.today)))
    keys = [c.key for c in COLUMNS]
    book[SHEET].cell(HEADER_ROW + 1, 1 + keys.index("done"), "Đã triển khai")
    book[SHEET].cell(HEADER_ROW + 2, 1 + keys.index("percent"), "nhiều")
    sheet = tmp_path / "tien-do.xlsx"
    book.save(sheet)

    s = session().sign_in(TQM)
    found: list[str] = []
    for lang in ("vi", "en"):
        if lang == "en":
            _to_english(s)
        s.go("/intake/plans/")
        s.page.select_option("#id_directive", label="02-KH/UBND")
        s.page.select_option("#id_within", label="Tuyên Quang")
        s.page.set_input_files("#id_file", str(plan))
        s.page.click("[data-testid=plan-upload] button[type=submit]")
        s.page.wait_for_selector("[data-testid=plan-rows]")
        found += _scan_here(s, f"[{lang}] plan preview")
        s.go("/intake/sheets/")
        s.page.fill("[data-testid=sheet-upload] [name=unit]", "08-SKHCN")
        s.page.set_input_files("[data-testid=sheet-upload] input[type=file]", str(sheet))
        s.page.click("[data-testid=sheet-upload] button[type=submit]")
        s.page.wait_for_load_state("load")
        assert "nhiều" in s.page.inner_text("main")
        found += _scan_here(s, f"[{lang}] sheet preview")
    assert not found, "\n".join(found)
