"""Who may do what, read as the org chart."""

from steerco.directives.models import Task
from steerco.units.permissions import home_unit, may, may_see_peers, visible_tasks_q
from tests.factories import make_directive, make_task


def test_roles_cover_the_whole_subtree_of_their_unit(tree, people):
    assert may(people.tq_manager, "view", tree.lam_binh)
    assert may(people.central_analyst, "view", tree.thuc_phan)
    assert not may(people.tq_manager, "view", tree.cao_bang)
    assert not may(people.outsider, "view", tree.tuyen_quang)


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


def test_peers_see_their_peers_ranking(tree, people):
    provinces = [tree.tuyen_quang, tree.cao_bang]
    assert may_see_peers(people.cb_manager, provinces)
    assert may_see_peers(people.central_analyst, provinces)
    assert not may_see_peers(people.outsider, provinces)


def test_a_users_home_is_the_highest_unit_they_hold_a_role_on(tree, people):
    assert home_unit(people.tq_manager) == tree.tuyen_quang
    assert home_unit(people.outsider) is None
