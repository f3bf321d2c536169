"""Account administration (/people/) is recorded by the audit trail without calling it: the
model signals see each role given or taken away, a deactivation, a one-time link and a
two-factor reset, as made by the manager signed in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from steerco.audit.models import AuditAction, AuditEvent, AuditSource
from steerco.units.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(people):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(people.tq_manager)
    return client


def _since(first_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=first_id).order_by("id"))


def _last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_role_given_and_taken_away_on_the_people_pages_is_the_manager_s_event(
    manager, people, tree
):
    official = people.tq_dept_reporter
    start = _last_id()
    response = manager.post(
        reverse("people:role_give", args=[official.pk]), {"unit": "08-STC", "role": "viewer"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=official, unit=tree.tq_stc)
    manager.post(reverse("people:role_take", args=[official.pk, membership.pk]))
    events = _since(start)
    assert [(e.object_type, e.action) for e in events] == [
        ("units.membership", AuditAction.CREATED),
        ("units.membership", AuditAction.DELETED),
    ]
    assert {(e.actor, e.source) for e in events} == {(people.tq_manager, AuditSource.WEB)}
    assert events[1].changes["role"] == ["viewer", None]


def test_a_deactivation_a_password_link_and_a_two_factor_reset_are_recorded(manager, people):
    official = people.tq_dept_reporter
    TOTPDevice.objects.create(user=official, name="authenticator", confirmed=True)
    start = _last_id()
    manager.post(reverse("people:password_link", args=[official.pk]))
    manager.post(reverse("people:two_factor_reset", args=[official.pk]))
    manager.post(reverse("people:deactivate", args=[official.pk]))
    events = _since(start)
    what = [(e.object_type, e.action) for e in events]
    assert ("accounts.onetimelink", AuditAction.CREATED) in what
    assert ("otp_totp.totpdevice", AuditAction.DELETED) in what
    deactivated = [e for e in events if e.object_type == "auth.user"]
    assert [e.changes for e in deactivated] == [{"is_active": [True, False]}]
    assert {e.actor for e in events} == {people.tq_manager}
    # The link's token is never recorded, not even its hash.
    link = next(e for e in events if e.object_type == "accounts.onetimelink")
    assert set(link.changes) <= {"user", "purpose", "created_by", "expires_at"}
