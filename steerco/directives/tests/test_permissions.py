"""Who may do what to a task, read as the org chart."""

from steerco.directives.models import Task
from steerco.directives.permissions import may, visible_tasks_q
from tests.factories import make_directive, make_task


def test_a_department_reporter_reports_on_its_own_tasks_only(tree, people):
    plan = make_directive(tree.tuyen_quang)
    own = make_task(plan, tree.tq_skhcn)
    other = make_task(plan, tree.tq_stc)
    assert may(people.tq_dept_reporter, "report", own)
    assert not may(people.tq_dept_reporter, "report", other)
    assert not may(people.tq_dept_reporter, "view", other)


def test_a_coordinating_unit_may_view_and_report(tree, people):
    plan = make_directive(tree.tuyen_quang)
    task = make_task(plan, tree.tq_stc)
    task.coordinating_units.add(tree.tq_skhcn)
    assert may(people.tq_dept_reporter, "report", task)


def test_a_viewer_cannot_report(tree, people):
    task = make_task(make_directive(tree.committee), tree.tq_skhcn)
    assert may(people.central_analyst, "view", task)
    assert not may(people.central_analyst, "report", task)


def test_only_a_manager_over_the_assigning_unit_manages_a_task(tree, people):
    provincial = make_task(make_directive(tree.tuyen_quang), tree.tq_skhcn)
    central = make_task(make_directive(tree.committee), tree.tq_skhcn)
    assert may(people.tq_manager, "manage", provincial)
    assert not may(people.tq_manager, "manage", central)
    assert not may(people.cb_manager, "manage", provincial)
    assert not may(people.tq_dept_reporter, "manage", provincial)


def test_another_provinces_manager_sees_nothing_of_its_tasks(tree, people):
    task = make_task(make_directive(tree.tuyen_quang), tree.tq_skhcn)
    assert not may(people.cb_manager, "view", task)
    assert not Task.objects.filter(visible_tasks_q(people.cb_manager)).filter(pk=task.pk).exists()
    assert Task.objects.filter(visible_tasks_q(people.tq_manager)).filter(pk=task.pk).exists()


def test_may_answers_for_a_unit_as_the_unit_rule_does(tree, people):
    from steerco.units.permissions import may_on_unit

    for user in (people.tq_manager, people.tq_dept_reporter, people.outsider):
        for unit in (tree.tuyen_quang, tree.tq_skhcn, tree.cao_bang):
            for action in ("view", "report", "manage"):
                assert may(user, action, unit) == may_on_unit(user, action, unit)
