"""The progress sheet's layout, shared by the export and the upload: sheet names, format,
columns, state labels, which tasks a unit's sheet lists, and each task's stamp."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.db.models import Max, QuerySet
from openpyxl.utils import get_column_letter

from steerco.directives.models import Task, TaskState
from steerco.units.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _LatestUpdate(TypedDict):
    latest_update: int | None


# A task annotated with the id of its latest history row, which its stamp digests.
StampedTask: TypeAlias = "WithAnnotations[Task, _LatestUpdate]"

SHEET = "Tiến độ"
META = "steerco"
FORMAT = "steerco-progress-sheet/1"
HEADER_ROW = 4

# The web form's words (TaskState's labels in Vietnamese, capitalised): a test holds them
# equal. Sheets exported earlier said "Chưa thực hiện": still read (sheet_cells).
STATE_LABELS = {
    TaskState.NOT_STARTED: "Chưa triển khai",
    TaskState.IN_PROGRESS: "Đang thực hiện",
    TaskState.COMPLETED: "Đã hoàn thành",
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    editable: bool = False
    hidden: bool = False


COLUMNS = [
    Column("id", "ID", 8, hidden=True),
    Column("stamp", "Dấu phiên bản", 14, hidden=True),
    Column("directive", "Văn bản", 16),
    Column("reference", "Số hiệu", 9),
    Column("content", "Nội dung nhiệm vụ", 60),
    Column("deadline", "Thời hạn", 16),
    Column("product", "Sản phẩm dự kiến", 30),
    Column("state", "Trạng thái", 18, editable=True),
    Column("percent", "Tỷ lệ hoàn thành (%)", 12, editable=True),
    Column("done", "Kết quả thực hiện", 40, editable=True),
    Column("obstacles", "Khó khăn, vướng mắc", 30, editable=True),
    Column("proposals", "Kiến nghị, đề xuất", 30, editable=True),
    Column("product_symbol", "Số, ký hiệu văn bản sản phẩm", 20, editable=True),
    Column("product_date", "Ngày ban hành sản phẩm", 14, editable=True),
]
LETTER = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}


def open_tasks(unit: Unit) -> QuerySet[StampedTask]:
    """The tasks a unit reports on in its sheet: those it leads, neither cancelled nor completed."""
    return (
        Task.objects.filter(lead_unit=unit, cancelled_on__isnull=True)
        .exclude(state=TaskState.COMPLETED)
        .select_related("directive")
        .annotate(latest_update=Max("updates__id"))
        .order_by("directive__symbol", "reference", "id")
    )


def stamp(task: Task, latest_update: int | None) -> str:
    """A digest of what a task was at export, to tell on upload whether it changed since."""
    facts = f"{task.pk}|{latest_update or 0}|{task.due_on}|{task.cancelled_on}|{task.state}|{task.percent}|{task.content}"
    return hashlib.sha256(facts.encode()).hexdigest()[:16]
