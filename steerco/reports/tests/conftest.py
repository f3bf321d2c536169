"""A small meeting: two directives with tasks in Tuyên Quang (and one in Cao Bằng).

As of 2025-10-20 (previous report 2025-09-14), Tuyên Quang holds 6 tasks:
    02-KH/BCĐTW  t1 SKHCN done on time, t2 SKHCN done late, t3 STC overdue (50 days,
                 obstacles reported 2025-10-10), t4 Lâm Bình on track (assigned
                 2025-10-01, no responsible person: not 5-clear)
    71/NQ-CP     t5 the province itself, completed 2025-09-20 on time; t6 Thượng Lâm
                 on track (its content starts with "=": a formula-injection probe)
Cao Bằng: one task of 02-KH/BCĐTW done on time (so it ranks above Tuyên Quang).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from steerco.directives.models import Directive, DirectiveKind, Task
from steerco.progress.services import progress_report
from steerco.reports.render_html import pdf_available
from tests.factories import Tree, make_directive, make_task

# PDF goes through WeasyPrint, which needs the system's pango (Debian: libpango-1.0-0,
# libpangoft2-1.0-0). Where it cannot load, PDF tests are skipped with that reason.
requires_pdf = pytest.mark.skipif(
    not pdf_available(),
    reason="WeasyPrint cannot load pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0",
)

AS_OF = date(2025, 10, 20)
PREVIOUS = date(2025, 9, 14)


def _at(day: date) -> datetime:
    """9:00 in Hà Nội on `day`: the history here was reported on the days it speaks for."""
    return datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@dataclass
class Meeting:
    tree: Tree
    plan: Directive
    resolution: Directive
    overdue: Task
    unclear: Task
    injected: Task


@pytest.fixture
def meeting(tree) -> Meeting:
    plan = make_directive(tree.committee, symbol="02-KH/BCĐTW", kind=DirectiveKind.PLAN)
    resolution = make_directive(
        tree.committee, symbol="71/NQ-CP", kind=DirectiveKind.RESOLUTION, issued_on=date(2025, 2, 1)
    )
    t1 = make_task(plan, tree.tq_skhcn, reference="1", due_on=date(2025, 6, 30))
    progress_report(
        task=t1,
        reported_on=date(2025, 6, 20),
        state="completed",
        product_symbol="12/QĐ-UBND",
        recorded_at=_at(date(2025, 6, 20)),
    )
    t2 = make_task(plan, tree.tq_skhcn, reference="2", due_on=date(2025, 6, 30))
    progress_report(
        task=t2,
        reported_on=date(2025, 7, 10),
        state="completed",
        recorded_at=_at(date(2025, 7, 10)),
    )
    t3 = make_task(
        plan,
        tree.tq_stc,
        reference="3",
        due_on=date(2025, 8, 31),
        content="Bố trí kinh phí triển khai nền tảng số dùng chung",
        responsible_person="Trần Thị Bình",
    )
    progress_report(
        task=t3,
        reported_on=date(2025, 10, 10),
        state="in_progress",
        percent=40,
        obstacles="Chưa bố trí được kinh phí năm 2025",
        proposals="Đề nghị Ủy ban nhân dân tỉnh bổ sung dự toán",
        recorded_at=_at(date(2025, 10, 10)),
    )
    t4 = make_task(
        plan,
        tree.lam_binh,
        reference="4",
        due_on=date(2025, 12, 31),
        assigned_on=date(2025, 10, 1),
        responsible_person="",
    )
    t5 = make_task(resolution, tree.tuyen_quang, reference="1", due_on=date(2025, 9, 30))
    progress_report(
        task=t5,
        reported_on=date(2025, 9, 20),
        state="completed",
        recorded_at=_at(date(2025, 9, 20)),
    )
    t6 = make_task(
        resolution,
        tree.thuong_lam,
        reference="2",
        due_on=date(2025, 11, 30),
        content='=HYPERLINK("http://example.invalid","Bấm vào đây")',
    )
    t7 = make_task(plan, tree.cb_skhcn, reference="1", due_on=date(2025, 6, 30))
    progress_report(
        task=t7, reported_on=date(2025, 6, 1), state="completed", recorded_at=_at(date(2025, 6, 1))
    )
    return Meeting(tree=tree, plan=plan, resolution=resolution, overdue=t3, unclear=t4, injected=t6)
