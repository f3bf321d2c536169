"""One number and date format per language, charts included: the overview's charts write
numbers with the separators of the page's language (86,7% and 6.165 in Vietnamese, 86.7%
and 6,165 in English) — the server gives them from the one number rule
(`lib.vietnamese.format_number`) and static/web/numbers.js applies them; dates in the
task export's header and cells read dd/mm/yyyy, not ISO."""

from __future__ import annotations

import json
import shutil
import subprocess  # noqa: S404 - node runs the page's own formatter
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

NUMBERS_JS = Path(__file__).resolve().parents[1] / "static" / "web" / "numbers.js"


def _chart_data(client) -> dict:  # type: ignore[no-untyped-def]
    return client.get("/").context["charts"]


def test_the_overviews_charts_take_the_pages_separators(client, web, people):
    client.force_login(people.tq_manager)
    vi = _chart_data(client)
    assert vi["format"] == {"decimal": ",", "group": "."}
    assert all(t == "—" or t.endswith("%") and "." not in t for t in vi["trend"]["texts"])
    assert any("," in t for t in vi["trend"]["texts"])  # 33,3% and the like

    client.post(reverse("web:language"), {"language": "en", "next": "/"})
    en = _chart_data(client)
    assert en["format"] == {"decimal": ".", "group": ","}
    assert en["trend"]["texts"] == [t.replace(",", ".") for t in vi["trend"]["texts"]]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ({"decimal": ",", "group": "."}, ["6.165", "86,7", "1.500", "-1.234,5", "12,35", "—"]),
        ({"decimal": ".", "group": ","}, ["6,165", "86.7", "1,500", "-1,234.5", "12.35", "—"]),
    ],
)
def test_the_charts_script_writes_numbers_as_the_page_does(fmt, expected):
    script = (
        f"const f = require({json.dumps(str(NUMBERS_JS))}); const fmt = {json.dumps(fmt)};"
        "console.log(JSON.stringify([f(6165, fmt, 0), f(86.7, fmt, 1), f(1500, fmt),"
        " f(-1234.5, fmt), f(12.3456, fmt), f(null, fmt)]));"
    )
    node = shutil.which("node")
    assert node is not None
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)  # noqa: S603
    assert json.loads(out.stdout) == expected


def test_the_task_export_writes_dates_as_the_pages_do(client, web, people):
    client.force_login(people.tq_manager)
    response = client.get("/tasks/export.xlsx", {"sort": "deadline"})
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert any(h and h.endswith(web.today.strftime("%d/%m/%Y")) for h in header)
    assert not any(h and web.today.isoformat() in h for h in header)
    dated = [c for row in sheet.iter_rows(min_row=2) for c in row if c.is_date]
    assert dated and {c.number_format for c in dated} == {"dd/mm/yyyy"}
