"""History rows sealed together (a bulk import's extension requests) continue each task's
hash chain as rows sealed one by one would, the chains' heads read once, not per row."""

from __future__ import annotations

from datetime import date

import pytest

from steerco.lib.hashchain import chained_rows, first_break, row_values, seal, seal_many
from steerco.progress.models import Extension, ExtensionDecision, ProgressUpdate
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db


def _request(task, new_due_on: date) -> Extension:  # type: ignore[no-untyped-def]
    return Extension(
        task=task,
        requested_on=date(2025, 6, 1),
        previous_due_on=date(2025, 6, 30),
        new_due_on=new_due_on,
        reason="flooding",
    )


def test_requests_sealed_together_continue_each_tasks_chain(tree, django_assert_num_queries):
    directive = make_directive(tree.committee)
    a, b = make_task(directive, tree.tq_skhcn), make_task(directive, tree.tq_skhcn)
    held = _request(a, date(2025, 7, 15))
    seal(held)
    held.save(force_insert=True)
    rows = [_request(a, date(2025, 8, 15)), _request(b, date(2025, 7, 31))]
    rows.append(_request(a, date(2025, 9, 15)))
    with django_assert_num_queries(1):  # the heads of both chains, in one read
        seal_many(rows)
    Extension.objects.bulk_create(rows)
    assert rows[0].previous_hash == held.row_hash
    assert rows[2].previous_hash == rows[0].row_hash
    assert first_break(chained_rows(Extension)) is None
    assert not ExtensionDecision.objects.exists()


def test_a_value_of_another_type_is_hashed_as_the_field_stores_it():
    given = {"task_id": "12", "percent": True, "reported_on": date(2025, 6, 1)}
    given |= {"backdated_by_manager": False, "needs_acceptance": 0}
    as_given = row_values(ProgressUpdate, given.get)
    assert as_given["task_id"] == 12 and type(as_given["task_id"]) is int
    assert as_given["percent"] == 1 and type(as_given["percent"]) is int
    assert as_given["needs_acceptance"] is False
    assert as_given["reported_on"] == date(2025, 6, 1)
