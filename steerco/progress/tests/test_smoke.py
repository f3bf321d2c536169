from datetime import date

from steerco.progress.services import progress_report
from steerco.scoring.selectors import class_counts
from tests.factories import make_directive, make_task


def test_a_task_completed_on_its_deadline_is_counted_done_on_time(tree):
    plan = make_directive(tree.committee)
    task = make_task(plan, tree.tq_skhcn, due_on=date(2025, 6, 30))
    progress_report(task=task, reported_on=date(2025, 6, 30), state="completed")
    counts = class_counts(tree.tuyen_quang, date(2025, 7, 1))
    assert (counts.total, counts.done_on_time, counts.completed) == (1, 1, 1)
