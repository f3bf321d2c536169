"""The progress sheet's round trip in Debian's Chromium, driven by Playwright: a department
reporter downloads the sheet, fills it in offline, uploads it, previews and records it.

Needs /usr/bin/chromium (`apt-get install -y chromium`); skipped without it unless CI=true.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from steerco.directives.models import TaskState
from steerco.intake.sheets import HEADER_ROW, LETTER, SHEET
from steerco.progress.models import ProgressUpdate
from tests.factories import make_directive, make_task

from . import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    context = browser.new_context(accept_downloads=True)
    tab = context.new_page()
    tab.base = live_server.url
    yield tab
    context.close()


def sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_progress_sheet_round_trip(page, tq, people, tmp_path):
    plan = make_directive(tq.tuyen_quang, symbol="02-KH/UBND")
    task = make_task(plan, tq.tq_skhcn, reference="I.1")
    make_task(plan, tq.tq_skhcn, reference="I.2")
    sign_in(page, "tq-skhcn")
    page.goto(page.base + "/intake/sheets/")
    with page.expect_download() as download:
        page.click("[data-testid=sheet-units] a[href*='08-SKHCN']")
    exported = Path(download.value.path()).read_bytes()

    wb = load_workbook(io.BytesIO(exported))
    ws = wb[SHEET]
    row = next(
        r
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws[f"{LETTER['reference']}{r}"].value == "I.1"
    )
    ws[f"{LETTER['state']}{row}"] = "Đang thực hiện"
    ws[f"{LETTER['percent']}{row}"] = 45
    ws[f"{LETTER['done']}{row}"] = "Đã hoàn thành khảo sát hiện trạng"
    filled = tmp_path / "tien-do.xlsx"
    wb.save(filled)

    page.set_input_files("[data-testid=sheet-upload] input[type=file]", str(filled))
    page.click("[data-testid=sheet-upload] button[type=submit]")
    page.wait_for_selector("[data-testid=sheet-rows]")
    assert "I.1" in page.inner_text("[data-testid=sheet-rows]")
    assert not ProgressUpdate.objects.exists()

    page.click("[data-testid=commit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/intake/sheets/")
    task.refresh_from_db()
    assert (task.state, task.percent) == (TaskState.IN_PROGRESS, 45)
    assert ProgressUpdate.objects.get().done == "Đã hoàn thành khảo sát hiện trạng"


def test_plan_upload_preview_and_commit(page, tq, people, tmp_path):
    make_directive(tq.tuyen_quang, symbol="02-KH/UBND")
    sign_in(page, "tq-manager")
    page.goto(page.base + "/intake/plans/")
    page.select_option("#id_directive", label="02-KH/UBND")
    page.select_option("#id_within", label="Tuyên Quang")
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(builders.xlsx_bytes())
    page.set_input_files("#id_file", str(path))
    page.click("[data-testid=plan-upload] button[type=submit]")
    page.wait_for_selector("[data-testid=plan-rows]")
    assert "II.1.4" in page.inner_text("[data-testid=plan-rows]")
    page.click("[data-testid=commit]")
    page.wait_for_load_state("networkidle")
    assert "/directives/" in page.url
