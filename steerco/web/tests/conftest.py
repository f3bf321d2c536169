"""A small, dated dataset on the factories' tree: tasks in every class as of today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from steerco.directives.models import Directive, DirectiveKind, Task
from steerco.progress.services import progress_report
from tests.factories import make_directive, make_task


@dataclass
class WebData:
    today: date
    resolution: Directive
    programme: Directive
    cb_plan: Directive
    central_task: Task
    overdue: Task
    on_track: Task
    done: Task
    commune_overdue: Task
    recurring: Task
    awaiting: Task
    cb_task: Task


def build_web_data(tree, *, copies: int = 1) -> WebData:  # type: ignore[no-untyped-def]
    """Tasks in every class as of today; `copies` repeats the province's tasks (query-count tests)."""
    today = timezone.localdate()
    start = today - timedelta(days=200)
    resolution = make_directive(
        tree.committee, symbol="57-NQ/TW", kind=DirectiveKind.RESOLUTION, issued_on=start
    )
    programme = make_directive(
        tree.tuyen_quang,
        symbol="15-CTr/TU",
        kind=DirectiveKind.PROGRAMME,
        issued_on=start,
        implements=resolution,
    )
    accepting = make_directive(
        tree.tuyen_quang,
        symbol="20-KH/UBND",
        issued_on=start,
        implements=resolution,
        requires_acceptance=True,
    )
    cb_plan = make_directive(
        tree.cao_bang, symbol="08-KH/UBND-CB", issued_on=start, implements=resolution
    )
    central_task = make_task(
        resolution,
        tree.tuyen_quang,
        due_on=today + timedelta(days=60),
        assigned_on=start,
        reference="I.1",
        field="Chuyển đổi số",
    )
    first: dict[str, Task] = {}
    for i in range(copies):
        suffix = f" ({i + 1})" if copies > 1 else ""
        overdue = make_task(
            programme,
            tree.tq_skhcn,
            due_on=today - timedelta(days=30),
            assigned_on=start,
            reference=f"II.{i}.1",
            parent=central_task,
            content="Xây dựng nền tảng dữ liệu khoa học" + suffix,
            field="Khoa học công nghệ",
        )
        on_track = make_task(
            programme,
            tree.tq_skhcn,
            due_on=today + timedelta(days=10),
            assigned_on=start,
            reference=f"II.{i}.2",
            content="Số hóa hồ sơ thủ tục hành chính" + suffix,
            field="Chuyển đổi số",
            coordinating_units=[tree.tq_stc],
        )
        done = make_task(
            programme,
            tree.tq_stc,
            due_on=today - timedelta(days=10),
            assigned_on=start,
            reference=f"II.{i}.3",
            content="Bố trí kinh phí thực hiện Nghị quyết" + suffix,
        )
        progress_report(
            task=done,
            reported_on=today - timedelta(days=20),
            state="completed",
            product_symbol="123/QĐ-UBND",
            done="Đã ban hành quyết định",
            recorded_at=timezone.now() - timedelta(days=20),  # reported then, not today
        )
        commune = make_task(
            programme,
            tree.lam_binh,
            due_on=today - timedelta(days=5),
            assigned_on=start,
            reference=f"II.{i}.4",
            content="Thành lập tổ công nghệ số cộng đồng" + suffix,
            responsible_person="",
        )
        recurring = make_task(
            programme,
            tree.tq_skhcn,
            recurring=True,
            cadence="month",
            assigned_on=start,
            reference=f"II.{i}.5",
            content="Báo cáo định kỳ tiến độ" + suffix,
        )
        awaiting = make_task(
            accepting,
            tree.tq_skhcn,
            due_on=today + timedelta(days=20),
            assigned_on=start,
            reference=f"III.{i}.1",
            content="Triển khai chữ ký số" + suffix,
        )
        progress_report(task=awaiting, reported_on=today - timedelta(days=1), state="completed")
        if i == 0:
            first = {
                "overdue": overdue,
                "on_track": on_track,
                "done": done,
                "commune_overdue": commune,
                "recurring": recurring,
                "awaiting": awaiting,
            }
    cb_task = make_task(
        cb_plan,
        tree.cb_skhcn,
        due_on=today - timedelta(days=3),
        assigned_on=start,
        reference="1",
        content="Nhiệm vụ của Cao Bằng",
    )
    return WebData(
        today=today,
        resolution=resolution,
        programme=programme,
        cb_plan=cb_plan,
        central_task=central_task,
        cb_task=cb_task,
        **first,
    )


@pytest.fixture
def web(tree, people):  # type: ignore[no-untyped-def]
    return build_web_data(tree)


# The day the page tests run on: the data above is built relative to "today", so every
# page test sees the same calendar (the same reporting period, cut-off and month names)
# whatever day the suite runs. Browser tests keep the real clock: Chromium would drop a
# session cookie that the server's frozen clock dated in the past.
PAGE_TESTS_NOW = datetime(2025, 10, 20, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _page_tests_day(request):  # type: ignore[no-untyped-def]
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(PAGE_TESTS_NOW, tick=True):
        yield
