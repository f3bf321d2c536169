"""Who may do what on the unit tree, read as the org chart."""

from django.contrib.auth.models import User

from steerco.units.models import Membership, Role, Unit
from steerco.units.permissions import (
    home_unit,
    manages_somewhere,
    may_on_unit,
    may_see_peers,
    units_with_role,
)


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
    # A commune's reporter made a viewer of another province too: the province, whichever
    # role came first; of two provinces, the first by the tree's order.
    user = User.objects.create_user("two-roles")
    Membership.objects.create(user=user, unit=tree.lam_binh, role=Role.REPORTER)
    Membership.objects.create(user=user, unit=tree.cao_bang, role=Role.VIEWER)
    assert home_unit(User.objects.get(pk=user.pk)) == tree.cao_bang
    Membership.objects.create(user=user, unit=tree.tuyen_quang, role=Role.VIEWER)
    first = min([tree.cao_bang, tree.tuyen_quang], key=lambda u: u.path)
    assert home_unit(User.objects.get(pk=user.pk)) == first
    user.is_active = False  # a closed account holds no role
    assert home_unit(user) is None


def _codes(units):
    return [u.code for u in units]


def test_the_units_a_user_manages_are_theirs_and_one_level_below(tree, people):
    managed = _codes(units_with_role(people.tq_manager, "manage"))
    assert managed == _codes(
        sorted(
            [tree.tuyen_quang, tree.tq_skhcn, tree.tq_stc, tree.lam_binh, tree.thuong_lam],
            key=lambda u: u.path,
        )
    )
    assert units_with_role(people.tq_dept_reporter, "manage") == []
    assert units_with_role(people.outsider, "view") == []


def test_communes_below_can_be_left_out_but_not_a_users_own_commune(tree, people):
    assert _codes(units_with_role(people.tq_manager, "report", communes=False)) == [
        "08",
        "08-SKHCN",
        "08-STC",
    ]
    assert _codes(units_with_role(people.commune_reporter, "report", communes=False)) == ["02233"]


def test_within_keeps_the_units_inside_or_containing_it(tree, people):
    assert _codes(units_with_role(people.tq_manager, "manage", within=tree.tq_skhcn)) == [
        "08",
        "08-SKHCN",
    ]
    assert units_with_role(people.tq_manager, "manage", within=tree.cao_bang) == []


def test_a_user_manages_somewhere_with_a_manager_role_only(tree, people):
    assert manages_somewhere(people.tq_manager)
    assert not manages_somewhere(people.tq_dept_reporter)
    assert not manages_somewhere(people.central_analyst)


def test_a_superuser_has_the_roots_and_the_level_below(tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root-admin", password="x")
    assert _codes(units_with_role(admin, "manage")) == _codes(
        Unit.objects.filter(depth__lte=2).order_by("path")
    )
    assert manages_somewhere(admin)
