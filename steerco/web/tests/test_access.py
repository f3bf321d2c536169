"""The access helpers answer exactly what steerco.units.permissions.may answers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from steerco.directives.models import Task
from steerco.units.permissions import Action, may
from steerco.units.services import membership_grant
from tests.factories import UserFactory

from ..access import task_to_report

pytestmark = pytest.mark.django_db


def test_task_to_report_allows_exactly_whom_may_lets_report(web, people):
    users = [*vars(people).values()]
    for user in users:
        for task in Task.objects.all():
            allowed = may(user, Action.REPORT, task)
            try:
                _task, unit = task_to_report(user, task.pk)
            except PermissionDenied:
                assert not allowed, (user.username, task.reference)
            else:
                assert allowed, (user.username, task.reference)
                assert may(user, Action.REPORT, unit)


def test_the_lead_units_reporter_reports_for_the_lead_unit(web, people, tree):
    assert task_to_report(people.tq_dept_reporter, web.on_track.pk)[1] == tree.tq_skhcn


def test_a_viewer_of_the_lead_unit_reports_for_the_coordinating_unit_they_report_for(web, tree):
    user = UserFactory(username="stc-and-viewer")
    membership_grant(user=user, unit=tree.tuyen_quang, role="viewer")
    membership_grant(user=user, unit=tree.tq_stc, role="reporter")
    assert task_to_report(user, web.on_track.pk)[1] == tree.tq_stc


def test_an_unknown_task_is_not_found(people):
    with pytest.raises(Http404):
        task_to_report(people.tq_dept_reporter, 10**9)
