"""The audit trail's pages: a task's changes on its page, and the audit log for the
administrators of the whole tree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from steerco.audit.context import acting_as
from steerco.audit.models import AuditSource
from steerco.directives.services import task_update
from steerco.units.services import membership_grant

pytestmark = pytest.mark.django_db


def _history(response) -> str:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    return body.split('data-testid="definition-history"')[1].split("</ol>")[0]


def test_the_task_page_shows_who_changed_the_content_in_vietnamese(client, web, people):
    with acting_as(people.tq_manager, AuditSource.WEB):
        task_update(task=web.on_track, content="Số hóa toàn bộ hồ sơ")
    client.force_login(people.tq_dept_reporter)
    history = _history(client.get(reverse("web:task", args=[web.on_track.pk])))
    assert "tq-manager" in history
    assert "Số hóa toàn bộ hồ sơ" in history
    assert "<del>Số hóa hồ sơ thủ tục hành chính</del>" in history


def test_a_task_page_the_user_may_not_see_shows_nothing_of_its_history(client, web, people):
    client.force_login(people.cb_manager)
    assert client.get(reverse("web:task", args=[web.on_track.pk])).status_code == 404


@pytest.fixture
def superuser(db):  # type: ignore[no-untyped-def]
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")


def test_the_audit_log_lists_a_role_given_by_a_manager(client, web, people, tree, superuser):
    with acting_as(people.tq_manager, AuditSource.WEB):
        membership_grant(user=people.outsider, unit=tree.tq_stc, role="viewer")
    client.force_login(superuser)
    page = client.get(reverse("web:audit_log"), {"type": "units.membership", "by": "tq-man"})
    assert page.status_code == 200
    events = page.content.decode().split('data-testid="events"')[1]
    assert "outsider · viewer · Sở Tài chính (08-STC)" in events
    assert events.count('class="list-group-item small"') == 1


def test_the_audit_log_filters_by_day(client, web, superuser):
    client.force_login(superuser)
    tomorrow = (web.today + timedelta(days=1)).isoformat()
    page = client.get(reverse("web:audit_log"), {"day_from": tomorrow})
    assert 'data-testid="empty"' in page.content.decode()


def test_the_audit_log_refuses_a_manager(client, web, people):
    client.force_login(people.tq_manager)
    assert client.get(reverse("web:audit_log")).status_code == 403


def test_the_audit_log_answers_400_to_a_date_it_cannot_read(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("web:audit_log"), {"day_from": "hôm qua"})
    assert response.status_code == 400
    assert "day_from" in response.content.decode()


def test_the_audit_log_reads_a_page_in_a_fixed_number_of_queries(
    client, web, superuser, django_assert_max_num_queries
):
    client.force_login(superuser)
    client.get(reverse("web:audit_log"))  # the session and the caches warm
    with django_assert_max_num_queries(8):
        assert client.get(reverse("web:audit_log")).status_code == 200
