"""The meeting report's budget section says what the budget page and `steerco budget
summary` say: the totals in billions of đồng, the rate, the slowest-disbursing units."""

from __future__ import annotations

import io
import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from steerco.budget.tests.rows import allocate, disburse, estimate
from steerco.reports.build import build_report
from steerco.reports.render import render
from tests.factories import make_directive, make_task, small_tree

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)
SENTENCE = (
    "Tổng kinh phí dự toán 3.312 tỷ đồng, đã phân bổ 2.100 tỷ đồng, giải ngân 840 tỷ đồng, "
    "đạt 40,0%."
)
SLOWEST = "Các đơn vị giải ngân chậm nhất: Sở Tài chính (10,0%), Sở Khoa học và Công nghệ (67,3%)."


@pytest.fixture
def tree():
    tree = small_tree()
    d = make_directive(tree.tuyen_quang, symbol="12-CTr/TU")
    slow, fast = make_task(d, tree.tq_stc), make_task(d, tree.tq_skhcn)
    with time_machine.travel(date(2025, 1, 20)):
        estimate(slow, 2_000_000_000_000)
        estimate(fast, 1_312_000_000_000, source="central")
    allocate(slow, 1_000_000_000_000)
    allocate(fast, 1_100_000_000_000, source="central")
    disburse(slow, 100_000_000_000, on=date(2025, 5, 1))
    disburse(fast, 740_000_000_000, on=date(2025, 5, 1), source="central")
    return tree


def _cli(lang: str) -> dict:
    out = StringIO()
    args = ("--unit", "08", "--year", "2025", "--as-of", AS_OF.isoformat(), "--lang", lang)
    call_command("budget", "summary", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_report_carries_the_figures_of_the_command(tree) -> None:
    content = build_report(unit=tree.tuyen_quang, as_of=AS_OF, lang="vi")
    cli = _cli("vi")
    data = content.as_dict()["budget"]
    for key in ("estimated", "allocated", "disbursed", "planned", "rate_percent"):
        assert data["totals"][key] == cli[key]
    assert data["sentence"] == cli["sentence"] == SENTENCE
    assert data["slowest_sentence"] == cli["slowest_sentence"] == SLOWEST
    assert [u["key"] for u in data["by_unit"]] == [u["key"] for u in cli["by_unit"]]


def test_the_word_document_says_the_sentences_in_vietnamese_and_english(tree) -> None:
    for lang, sentence in (("vi", SENTENCE), ("en", _cli("en")["sentence"])):
        content = build_report(unit=tree.tuyen_quang, as_of=AS_OF, lang=lang)
        document = Document(io.BytesIO(render(content, "docx")))
        text = "\n".join(p.text for p in document.paragraphs)
        assert sentence in text
        assert ("KINH PHÍ THỰC HIỆN" if lang == "vi" else "BUDGET") in text
    assert "Estimated budget 3,312 billion VND" in text
    assert "Slowest-disbursing units: Sở Tài chính (10.0%)" in text


def test_the_workbook_has_the_amounts_as_whole_dong(tree) -> None:
    content = build_report(unit=tree.tuyen_quang, as_of=AS_OF, lang="vi")
    wb = load_workbook(io.BytesIO(render(content, "xlsx")))
    ws = wb["Kinh phí"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[2:5] == [3_312_000_000_000, 2_100_000_000_000, 840_000_000_000]
    assert abs(total[5] - 0.4) < 1e-9


def test_a_report_without_money_has_no_budget_section(tree) -> None:
    content = build_report(unit=tree.cao_bang, as_of=AS_OF, lang="vi")
    assert content.budget is None and "budget" not in content.as_dict()
