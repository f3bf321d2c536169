"""The ranking's menu entry and the ranking page ask one rule (issue 15, item 8;
web/peer_choices.py `peer_kinds`): the entry is shown exactly to whoever the page answers
without parameters. Every link for the demo accounts: test_menu_opens.py."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from steerco.units.models import Role, Unit
from steerco.units.services import membership_grant

pytestmark = pytest.mark.django_db


def _viewer(username: str, *units: Unit) -> User:
    user = User.objects.create_user(username)
    for unit in units:
        membership_grant(user=user, unit=unit, role=Role.VIEWER)
    return user


def _offers_ranking(client, user: User) -> bool:  # type: ignore[no-untyped-def]
    client.force_login(user)
    nav = re.search(r"<nav .*?</nav>", client.get("/help/").content.decode(), re.S)
    assert nav is not None
    return 'href="/ranking/"' in nav.group(0)


def test_a_central_body_viewer_has_no_ranking_entry_and_no_ranking(client, tree):
    viewer = _viewer("committee-viewer", tree.committee)
    assert not _offers_ranking(client, viewer)
    assert client.get("/ranking/").status_code == 403


def test_a_central_body_viewer_who_also_views_a_department_ranks_its_departments(client, tree):
    """Their home unit is the central body (the highest of their roles), which has no
    province: the page opens on the departments of the province of their other role."""
    viewer = _viewer("two-roles", tree.committee, tree.tq_skhcn)
    assert _offers_ranking(client, viewer)
    response = client.get("/ranking/")
    assert response.status_code == 200
    assert response.context["kind"] == "departments"
    assert response.context["parent"] == tree.tuyen_quang


@pytest.mark.parametrize(
    "persona", ["central_analyst", "tq_manager", "tq_dept_reporter", "commune_reporter"]
)
def test_whoever_holds_a_role_on_a_province_or_below_it_has_the_ranking(client, people, persona):
    assert _offers_ranking(client, getattr(people, persona))
    assert client.get("/ranking/").status_code == 200


def test_an_account_without_roles_has_no_ranking(client, people):
    assert not _offers_ranking(client, people.outsider)
    assert client.get("/ranking/").status_code == 403
