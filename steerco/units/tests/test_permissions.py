"""Who may do what on the unit tree, read as the org chart."""

from steerco.units.permissions import home_unit, may_on_unit, may_see_peers


def test_roles_cover_the_whole_subtree_of_their_unit(tree, people):
    assert may_on_unit(people.tq_manager, "view", tree.lam_binh)
    assert may_on_unit(people.central_analyst, "view", tree.thuc_phan)
    assert not may_on_unit(people.tq_manager, "view", tree.cao_bang)
    assert not may_on_unit(people.outsider, "view", tree.tuyen_quang)


def test_peers_see_their_peers_ranking(tree, people):
    provinces = [tree.tuyen_quang, tree.cao_bang]
    assert may_see_peers(people.cb_manager, provinces)
    assert may_see_peers(people.central_analyst, provinces)
    assert not may_see_peers(people.outsider, provinces)


def test_a_users_home_is_the_highest_unit_they_hold_a_role_on(tree, people):
    assert home_unit(people.tq_manager) == tree.tuyen_quang
    assert home_unit(people.outsider) is None
