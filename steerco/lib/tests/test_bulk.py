"""The bulk writer stores what the ORM would, and refuses rows that leave a column out."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from steerco.lib import bulk
from steerco.progress.models import HISTORY_ROW_FIELDS, ProgressUpdate
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _row(task_id: int, **changes: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(HISTORY_ROW_FIELDS)
    row.update(
        task=task_id,
        kind="report",
        reported_on=date(2025, 6, 2),
        state="completed",
        percent=100,
        done="Đã ban hành",
        obstacles="",
        proposals="",
        product_symbol="12/QĐ-UBND",
        links="",
        note="",
        recorded_at=datetime(2025, 6, 3, 0, 30, 15, 250, tzinfo=TZ),  # 2 June in UTC
        backdated_by_manager=False,
        needs_acceptance=True,
        completed_on=date(2025, 6, 2),
    )
    row.update(changes)
    return row


def test_rows_keyed_by_the_history_fields_read_back_as_written(tree):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn)
    assert bulk.insert(ProgressUpdate, HISTORY_ROW_FIELDS, [_row(task.pk)]) == 1
    (update,) = ProgressUpdate.objects.filter(task=task)
    assert (update.reported_on, update.recorded_at, update.completed_on) == (
        date(2025, 6, 2),
        datetime(2025, 6, 3, 0, 30, 15, 250, tzinfo=TZ),
        date(2025, 6, 2),
    )
    assert (update.needs_acceptance, update.accepted_on, update.author) == (True, None, None)


def test_a_column_left_out_or_a_row_keyed_otherwise_is_refused(tree):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn)
    short = tuple(f for f in HISTORY_ROW_FIELDS if f != "needs_acceptance")
    with pytest.raises(ValueError, match="needs_acceptance"):
        bulk.insert(ProgressUpdate, short, [])
    extra = _row(task.pk, surplus=1)
    # (On PostgreSQL the refusal ends the COPY and with it the transaction.)
    with pytest.raises(ValueError, match="not by the fields"), transaction.atomic():
        bulk.insert(ProgressUpdate, HISTORY_ROW_FIELDS, [_row(task.pk), extra])
    assert not ProgressUpdate.objects.exists()


def test_a_generated_identifier_left_out_gets_a_new_one_per_row(tree):
    from steerco.directives.models import Task

    task = make_task(make_directive(tree.committee), tree.tq_skhcn)
    fields = [f for f in Task._meta.concrete_fields if f.name not in ("id", "global_id")]
    row = {f.name: getattr(task, f.attname) for f in fields}
    assert bulk.insert(Task, [f.name for f in fields], [row, dict(row)]) == 2
    ids = list(Task.objects.filter(directive=task.directive).values_list("global_id", flat=True))
    assert len(ids) == len(set(ids)) == 3
