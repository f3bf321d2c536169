from steerco.directives.models import Task
from steerco.directives.services import task_update
from tests.factories import make_directive, make_task


def test_a_task_lacking_a_responsible_person_is_not_five_clear(tree):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn, responsible_person="")
    assert task.missing_clears() == ["person"]
    assert Task.objects.not_five_clear().filter(pk=task.pk).exists()


def test_a_recurring_task_has_a_clear_time(tree):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn, recurring=True, cadence="year")
    assert task.five_clear


def test_filling_the_missing_clear_makes_the_task_five_clear(tree):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn, expected_product="")
    assert not task.five_clear
    task_update(task=task, expected_product="Báo cáo kết quả thực hiện")
    assert Task.objects.get(pk=task.pk).five_clear


def test_the_sixth_clear_is_configuration(tree, settings):
    settings.STEERCO_CLEARS = ["person", "task", "time", "responsibility", "product", "authority"]
    task = make_task(make_directive(tree.committee), tree.tq_skhcn)
    assert task.missing_clears() == ["authority"]
