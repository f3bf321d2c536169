"""The demo's accounts find the reminders and alerts of their tasks in their inboxes
(`steerco demo load` replays `steerco remind` over the demo's last year)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from steerco.directives.permissions import Action, may
from steerco.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_inboxes_of_its_reporters_and_managers(demo_dataset):
    assert "reminders:" in demo_dataset
    users = {u.username: u for u in get_user_model().objects.all()}
    kinds = {
        name: set(Notice.objects.filter(recipient=users[name]).values_list("kind", flat=True))
        for name in ("tq-skhcn", "tq-manager", "cb-manager", "admin", "central")
    }
    assert {"overdue", "deadline_soon"} & kinds["tq-skhcn"]
    assert {"awaiting_acceptance", "extension_pending", "digest"} <= kinds["tq-manager"]
    assert {"awaiting_acceptance", "extension_pending", "digest"} <= kinds["cb-manager"]
    assert "digest" in kinds["admin"]
    assert kinds["central"] == set()  # a viewer reports on nothing and manages nothing
    for notice in Notice.objects.filter(recipient__isnull=False, task__isnull=False):
        assert may(notice.recipient, Action.VIEW, notice.task), notice
