"""The meeting report opens with the unit's ranks (every composite index with results for
it, for its latest period not after the report date, and the GREEN rate of its own
ranking) and lists each index's pillars: the small meeting of conftest.py with the small
index BIGX of the web tests (Tuyên Quang 2nd of 2 in 2023 with 600 points, 1st in 2024
with 732.5: up one)."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from openpyxl import load_workbook

from steerco.reports.build import build_report
from steerco.reports.render import render
from steerco.web.tests.test_ranks_line import bigx  # noqa: F401  (the fixture)

from .conftest import AS_OF, PREVIOUS

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_the_opening_states_the_ranks_newest_first_in_vietnamese(meeting, bigx):  # noqa: F811
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, previous_on=PREVIOUS)
    assert c.ranking is not None
    green = f"{c.ranking.rank}/{c.ranking.peers} về tỷ lệ đạt tiêu chí XANH"
    assert c.ranks_line is not None
    assert c.ranks_line.startswith(f"Tỉnh Tuyên Quang xếp thứ {green}")
    assert c.ranks_line.endswith(", 1/2 về Chỉ số thử năm 2024 (tăng 1 bậc).")


def test_the_opening_states_them_in_english(meeting, bigx):  # noqa: F811
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, lang="en")
    assert c.ranks_line is not None
    assert c.ranks_line.startswith("Tuyên Quang ranks ")
    assert c.ranks_line.endswith(", 1st of 2 on the Test index, 2024 (up 1 place).")


def test_a_report_dated_in_2023_reads_the_2023_results(meeting, bigx):  # noqa: F811
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=date(2023, 12, 31))
    (index,) = c.indices
    assert (index.period, index.rank, index.score, index.change) == ("2023", 2, 600.0, None)
    assert c.ranks_line is not None and "xếp thứ 2/2 về Chỉ số thử năm 2023, " in c.ranks_line


def test_the_pillar_table_gives_each_pillars_weight_points_and_rank(meeting, bigx):  # noqa: F811
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF)
    (index,) = c.indices
    assert [(p.name, p.weight, p.score, p.rank) for p in index.pillars] == [
        ("Rừng", 600, 432.5, 1),
        ("Dữ liệu", 400, 300.0, 1),
    ]
    html = _flat(render(c, "html").decode())
    assert "Chỉ số thử (năm 2024): 732,50/1.000 điểm (số liệu công bố" in html
    assert (
        '<td>Rừng</td><td class="c">600</td><td class="c">432,50</td><td class="c">1/2</td>' in html
    )
    assert '1.000</td><td class="c">732,50</td><td class="c">1/2</td>' in html
    assert _flat(c.ranks_line or "") in html


def test_the_xlsx_has_the_pillars_as_numbers(meeting, bigx):  # noqa: F811
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, lang="en")
    wb = load_workbook(io.BytesIO(render(c, "xlsx")))
    rows = [r for r in wb["Indices"].iter_rows(values_only=True) if r[0] == "Test index"]
    assert [r[2:] for r in rows] == [
        ("Forest", 600, 432.5, 1, 2),
        ("Data", 400, 300, 1, 2),
        ("Total", 1000, 732.5, 1, 2),
    ]


def test_a_report_without_index_results_has_no_ranks_line(meeting):
    c = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF)
    assert c.ranks_line is None and c.indices == []
    data = c.as_dict()
    assert "ranks_line" not in data and "indices" not in data


def test_the_green_rate_rank_names_the_directive_the_report_counts(meeting, bigx):  # noqa: F811
    alone = build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF, directive=meeting.plan)
    family = build_report(
        unit=meeting.tree.tuyen_quang, as_of=AS_OF, directive=meeting.plan, with_implementing=True
    )
    assert alone.ranking is not None and alone.ranks_line is not None
    green = f"{alone.ranking.rank}/2 về tỷ lệ đạt tiêu chí XANH thực hiện Kế hoạch số 02-KH/BCĐTW"
    assert f"{green}, 1/2 về Chỉ số thử" in alone.ranks_line
    assert f"{green} và các văn bản triển khai, " in (family.ranks_line or "")
