"""A row read or inserted by a statement compiled once is the row the ORM reads or saves."""

from datetime import date

import pytest
from django.utils import timezone

from steerco.directives.models import Task
from steerco.lib.hashchain import seal
from steerco.lib.rows import get_row, insert_row
from steerco.progress.models import ProgressUpdate, UpdateKind
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_a_task_read_by_key_is_the_task_the_orm_reads_with_its_directive_and_lead_unit(
    tree, django_assert_num_queries
):
    plan = make_directive(tree.committee)
    for n in range(3):  # the compiled statement answers for each key, not the first one's
        task = make_task(plan, tree.tq_skhcn, due_on=date(2025, 6, 10 + n))
        expected = Task.objects.select_related("directive", "lead_unit").get(pk=task.pk)
        with django_assert_num_queries(1):
            read = get_row(Task, task.pk, related=("directive", "lead_unit"))
            assert read is not None
            assert _fields(read) == _fields(expected)
            assert _fields(read.directive) == _fields(expected.directive)
            assert _fields(read.lead_unit) == _fields(expected.lead_unit)
    assert timezone.is_aware(read.created_at)
    assert read.due_on == date(2025, 6, 12)


def test_an_absent_related_row_is_none_and_an_unknown_key_is_no_row(
    tree, django_assert_num_queries
):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn)
    with django_assert_num_queries(1):
        read = get_row(Task, task.pk, related=("parent",))
        assert read is not None and read.parent is None
    assert get_row(Task, task.pk + 1000) is None


def test_a_row_inserted_by_the_compiled_statement_reads_back_as_saved(tree):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn)
    update = ProgressUpdate(
        task=task,
        kind=UpdateKind.REPORT,
        reported_on=date(2025, 3, 1),
        state="in_progress",
        percent=40,
        done="Đã hoàn thành khảo sát hiện trạng",
        unit=tree.tq_skhcn,
        idempotency_key="rows-test-key",
    )
    seal(update)
    insert_row(update)
    assert update.pk is not None and not update._state.adding
    stored = ProgressUpdate.objects.get(pk=update.pk)
    assert _fields(stored) == _fields(update)
    assert timezone.is_aware(stored.recorded_at)
