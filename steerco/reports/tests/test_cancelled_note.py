"""Cancelled tasks are counted nowhere, and the report says how many its totals leave
out, as the overview and the task list do."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from steerco.progress.services import task_cancel
from steerco.reports.build import build_report
from steerco.reports.render import render
from tests.factories import make_task

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_cancelled(meeting):  # type: ignore[no-untyped-def]
    task = make_task(meeting.plan, meeting.tree.tq_stc, reference="9", due_on=date(2025, 12, 31))
    task_cancel(task=task, cancelled_on=date(2025, 9, 1), reason="Không còn phù hợp")
    return meeting


def test_the_reports_total_row_says_how_many_cancelled_tasks_it_leaves_out(with_cancelled):
    vi = build_report(unit=with_cancelled.tree.tuyen_quang, as_of=AS_OF)
    assert (vi.totals.total, vi.totals.cancelled) == (6, 1)
    html = render(vi, "html").decode()
    assert "Tổng cộng (không tính 1 nhiệm vụ dừng thực hiện)" in html
    sheets = load_workbook(io.BytesIO(render(vi, "xlsx")))
    cells = {c.value for ws in sheets.worksheets for row in ws.iter_rows() for c in row}
    assert "Tổng cộng (không tính 1 nhiệm vụ dừng thực hiện)" in cells

    en = build_report(unit=with_cancelled.tree.tuyen_quang, as_of=AS_OF, lang="en")
    assert "Total (excluding 1 cancelled)" in render(en, "html").decode()


def test_without_a_cancelled_task_the_total_row_is_plain(meeting):
    html = render(build_report(unit=meeting.tree.tuyen_quang, as_of=AS_OF), "html").decode()
    assert "Tổng cộng" in html and "không tính" not in html
