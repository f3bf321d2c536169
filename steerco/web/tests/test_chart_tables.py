"""Every chart has its numbers as a table (issue 15, item 16): right below each ECharts chart
on the overview and on an indicator's page, a <details> "Data table" holds exactly the
numbers the chart draws, written as the page writes numbers, and the chart is an image
named for what it shows. Both are read from the page's HTML: the chart's JSON and the table."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from steerco.indicators.models import Indicator
from steerco.indicators.services import target_set

from .test_indicator_pages import catalogue, record  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _number(text: str, lang: str) -> float | None:
    """A figure as the page writes it back to a number: "6.165" or "86,7%" in Vietnamese."""
    text = text.strip().removesuffix("%")
    if text == "—":
        return None
    if lang == "vi":
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    return float(text)


def _page(client, url: str, lang: str):  # type: ignore[no-untyped-def]
    client.post(reverse("web:language"), {"language": lang, "next": "/"})
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def _json(doc, script_id: str) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(doc.get_element_by_id(script_id).text_content())


def _table(doc, chart_id: str) -> tuple[list[str], list[list[str]]]:  # type: ignore[no-untyped-def]
    """The chart's container and the table right after it: its heading and its rows."""
    chart = doc.get_element_by_id(chart_id)
    assert chart.get("role") == "img" and chart.get("aria-label"), chart_id
    details = chart.getnext()
    assert details is not None and details.tag == "details", f"no data table after {chart_id}"
    assert details.find("summary").text_content().strip() in ("Data table", "Bảng số liệu")
    table = details.find(".//table")
    head = [th.text_content().strip() for th in table.findall("./thead/tr/th")]
    rows = [[c.text_content().strip() for c in tr] for tr in table.findall("./tbody/tr")]
    return head, rows


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_overviews_charts_have_tables_with_their_numbers(client, web, people, lang):
    client.force_login(people.tq_manager)
    doc = _page(client, "/", lang)
    data = _json(doc, "chart-data")

    _head, rows = _table(doc, "chart-status")
    assert [(r[0], _number(r[1], lang)) for r in rows] == [
        (s["name"], s["value"]) for s in data["status"]
    ]
    assert sum(s["value"] for s in data["status"]) > 0

    head, rows = _table(doc, "chart-directives")
    series = data["directives"]["series"]
    assert head[1:] == [s["name"] for s in series]
    assert [r[0] for r in rows] == data["directives"]["symbols"]
    assert [[_number(c, lang) for c in r[1:]] for r in rows] == [
        [s["values"][i] for s in series] for i in range(len(rows))
    ]

    _head, rows = _table(doc, "chart-trend")
    trend = data["trend"]
    assert [r[0] for r in rows] == trend["labels"]
    assert [_number(r[1], lang) for r in rows] == trend["values"]
    assert [r[1] for r in rows] == trend["texts"]
    assert any(v is not None for v in trend["values"])


@pytest.mark.parametrize(("lang", "written"), [("vi", "81.234,5"), ("en", "81,234.5")])
def test_an_indicators_chart_has_a_table_with_its_numbers(
    client,
    tree,
    people,
    catalogue,  # noqa: F811
    lang,
    written,
):
    record(tree.tuyen_quang, "GRDP", "2024", "81234.5")
    record(tree.tuyen_quang, "GRDP", "2025", "90000")
    target_set(
        unit=tree.tuyen_quang,
        indicator=Indicator.objects.get(code="GRDP"),
        period="2025",
        target=Decimal(100000),
    )
    client.force_login(people.tq_manager)
    doc = _page(client, "/indicators/GRDP/?unit=08&period=2025", lang)
    data = _json(doc, "indicator-chart-data")

    _head, rows = _table(doc, "chart-indicator")
    assert [r[0] for r in rows] == data["labels"]
    assert [_number(r[1], lang) for r in rows] == data["values"]
    assert [_number(r[2], lang) for r in rows] == data["expected"]
    assert written in [r[1] for r in rows]
    assert 81234.5 in data["values"] and any(v is not None for v in data["expected"])
