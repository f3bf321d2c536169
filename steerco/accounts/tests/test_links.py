"""One-time links: stored as a hash, working once, until they expire, for an active account."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from steerco.accounts.links import LinkError, LinkState, link_issue, link_lookup, link_redeem
from steerco.accounts.models import OneTimeLink

GOOD = "sông Lô chảy qua Tuyên Quang"


def signs_in(username: str, password: str) -> bool:
    """Whether the sign-in page lets `username` in with `password`."""
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": password})
    return "_auth_user_id" in client.session


@pytest.fixture
def invited(people):  # type: ignore[no-untyped-def]
    account = people.tq_dept_reporter
    account.set_unusable_password()
    account.save()
    return account


def test_the_token_is_stored_only_as_its_hash(invited):
    issued = link_issue(user=invited, purpose="invite", created_by=None)
    row = OneTimeLink.objects.get(user=invited)
    assert row.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
    assert issued.token not in str(list(OneTimeLink.objects.values_list()))
    assert len(issued.token) >= 40


def test_an_invite_link_works_once(invited):
    issued = link_issue(user=invited, purpose="invite", created_by=None)
    link_redeem(token=issued.token, password=GOOD)
    assert signs_in("tq-skhcn", GOOD)
    with pytest.raises(LinkError):
        link_redeem(token=issued.token, password="một mật khẩu khác hẳn")
    assert link_lookup(issued.token)[1] is LinkState.USED
    assert signs_in("tq-skhcn", GOOD)


def test_an_expired_invite_is_refused(invited):
    issued = link_issue(user=invited, purpose="invite", created_by=None)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert link_lookup(issued.token)[1] is LinkState.EXPIRED
        with pytest.raises(LinkError):
            link_redeem(token=issued.token, password=GOOD)
    assert not invited.__class__.objects.get(pk=invited.pk).has_usable_password()


def test_a_reset_link_lasts_a_day_an_invitation_a_week(people, settings):
    now = timezone.now()
    reset = link_issue(user=people.tq_manager, purpose="reset", created_by=None, now=now)
    assert reset.expires_at == now + timedelta(hours=24)
    settings.STEERCO_INVITE_LINK_HOURS = 48
    invite = link_issue(user=people.tq_dept_reporter, purpose="invite", created_by=None, now=now)
    assert invite.expires_at == now + timedelta(hours=48)


def test_a_new_link_ends_the_earlier_one(invited):
    first = link_issue(user=invited, purpose="invite", created_by=None)
    second = link_issue(user=invited, purpose="invite", created_by=None)
    assert link_lookup(first.token)[1] is LinkState.ENDED
    assert link_lookup(second.token)[1] is LinkState.OPEN


def test_a_password_that_fails_the_policy_leaves_the_link_open(invited):
    issued = link_issue(user=invited, purpose="invite", created_by=None)
    for weak in ("short", "123456789012", "password1234"):
        with pytest.raises(LinkError) as refused:
            link_redeem(token=issued.token, password=weak)
        assert refused.value.field == "password"
    assert link_lookup(issued.token)[1] is LinkState.OPEN


def test_an_unknown_token_opens_nothing(db):
    assert link_lookup("not-a-token") == (None, LinkState.UNKNOWN)
    assert link_lookup("")[1] is LinkState.UNKNOWN


def test_a_link_for_a_deactivated_account_is_refused(invited):
    issued = link_issue(user=invited, purpose="invite", created_by=None)
    invited.is_active = False
    invited.save()
    assert link_lookup(issued.token)[1] is LinkState.ENDED


def test_using_a_reset_link_lifts_a_lockout(people, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for n in range(3):
        client.post(
            "/accounts/login/",
            {"username": "tq-manager", "password": f"x{n}"},
            REMOTE_ADDR=f"10.0.{n}.1",
        )
    assert (
        client.post("/accounts/login/", {"username": "tq-manager", "password": "pw"}).status_code
        == 429
    )
    issued = link_issue(user=people.tq_manager, purpose="reset", created_by=None)
    link_redeem(token=issued.token, password=GOOD)
    response = client.post("/accounts/login/", {"username": "tq-manager", "password": GOOD})
    assert response.status_code == 302
