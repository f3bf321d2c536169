"""Who may see an official's scorecard (issue 21): the official, managers of their unit and
above, administrators — not a colleague, not another province, not a viewer above."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from steerco.people.models import Person
from steerco.people.permissions import may_see_scorecard


@pytest.fixture
def lan(tree):
    return Person.objects.create(full_name="Nguyễn Thị Lan", unit=tree.tq_skhcn)


def test_the_provinces_manager_sees_a_department_officials_scorecard(lan, people):
    assert may_see_scorecard(people.tq_manager, lan)


def test_a_reporter_of_the_same_department_does_not(lan, people):
    assert not may_see_scorecard(people.tq_dept_reporter, lan)


def test_the_official_sees_their_own(lan, people):
    lan.user = people.tq_dept_reporter
    lan.save()
    assert may_see_scorecard(people.tq_dept_reporter, lan)


def test_a_deactivated_official_no_longer_sees_their_own(lan, people):
    lan.user = people.tq_dept_reporter
    lan.save()
    people.tq_dept_reporter.is_active = False
    assert not may_see_scorecard(people.tq_dept_reporter, lan)


def test_neither_another_province_nor_the_centres_viewer_nor_an_outsider(lan, people):
    for user in (people.cb_manager, people.central_analyst, people.outsider):
        assert not may_see_scorecard(user, lan)


def test_a_superuser_does(lan):
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    assert may_see_scorecard(admin, lan)
