"""Each request's session and user are read by statements compiled once: the same
sessions and users Django's own database engine and backend would read."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from steerco.accounts.session_store import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_saved_session_reads_back_and_an_expired_one_reads_as_none():
    live = SessionStore()
    live["greeting"] = "Xin chào"
    live.save()
    expired = SessionStore()
    expired["greeting"] = "Tạm biệt"
    expired.save()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    assert SessionStore(live.session_key)["greeting"] == "Xin chào"
    again = SessionStore(expired.session_key)
    assert again.get("greeting") is None
    assert again.session_key is None  # a new session starts, never the expired one


def test_a_signed_in_official_is_the_same_user_on_each_request_until_deactivated(client):
    official = UserFactory(username="can-bo-xa")
    client.force_login(official)
    assert client.get("/", secure=True).wsgi_request.user == official
    official.is_active = False
    official.save()
    assert not client.get("/", secure=True).wsgi_request.user.is_authenticated
