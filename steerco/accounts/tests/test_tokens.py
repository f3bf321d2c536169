"""Personal access tokens: shown once, stored hashed, working until they expire or are
revoked and only for an active account; revoked by their user or by whoever administers it."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.translation import override

from steerco.accounts.models import AccessToken
from steerco.accounts.tokens import (
    TokenDenied,
    TokenError,
    authenticate_token,
    scopes_parse,
    token_create,
    token_find,
    token_revoke,
    tokens_of,
)
from steerco.audit.models import AuditEvent


@pytest.fixture
def reporter(people):  # type: ignore[no-untyped-def]
    return people.tq_dept_reporter


def test_the_token_is_shown_once_and_only_its_hash_is_stored(reporter):
    issued = token_create(actor=reporter, user=reporter, name="bot", scopes="read,report")
    start, prefix, secret = issued.token.split("_", 2)
    assert start == "stc" and len(prefix) == 8 and len(secret) >= 40
    row = AccessToken.objects.get(user=reporter)
    assert row.prefix == prefix
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = str(list(AccessToken.objects.values_list()))
    assert secret not in stored and issued.token not in stored


def test_a_valid_token_opens_its_user_with_its_scopes(reporter):
    issued = token_create(actor=None, user=reporter, name="bot", scopes="report, READ")
    token = authenticate_token(issued.token)
    assert token is not None
    assert token.user == reporter and token.name == "bot" and token.id == issued.access_token.id
    assert token.scopes == ["read", "report"]


def test_anything_else_opens_nothing(reporter):
    issued = token_create(actor=None, user=reporter, name="bot", scopes="read")
    start, prefix, secret = issued.token.split("_", 2)
    for raw in ("", "stc", "Bearer x", f"stc_{prefix}_", f"stc_{prefix}_{secret}x", secret):
        assert authenticate_token(raw) is None
    assert authenticate_token(f"stc_{'a' * 8}_{secret}") is None


def test_an_expired_token_does_not_work(reporter, settings):
    settings.STEERCO_TOKEN_DEFAULT_DAYS = 30
    issued = token_create(actor=None, user=reporter, name="bot", scopes="read")
    assert issued.access_token.expires_at - issued.access_token.created_at == timedelta(days=30)
    with time_machine.travel(timezone.now() + timedelta(days=29, hours=23)):
        assert authenticate_token(issued.token) is not None
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        assert authenticate_token(issued.token) is None


def test_the_default_lifetime_is_ninety_days(reporter):
    row = token_create(actor=None, user=reporter, name="bot", scopes="read").access_token
    assert row.expires_at - row.created_at == timedelta(days=90)


def test_a_revoked_token_does_not_work(reporter):
    issued = token_create(actor=None, user=reporter, name="bot", scopes="read")
    token_revoke(actor=reporter, token=issued.access_token)
    assert authenticate_token(issued.token) is None
    with pytest.raises(TokenError):
        token_revoke(actor=reporter, token=issued.access_token)


def test_a_deactivated_accounts_token_does_not_work(reporter):
    issued = token_create(actor=None, user=reporter, name="bot", scopes="read")
    reporter.is_active = False
    reporter.save()
    assert authenticate_token(issued.token) is None


def test_use_is_recorded_at_most_once_a_minute(reporter, django_assert_num_queries):
    issued = token_create(actor=None, user=reporter, name="bot", scopes="read")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_assert_num_queries(2):  # the lookup and the UPDATE
            authenticate_token(issued.token)
        with django_assert_num_queries(1):
            authenticate_token(issued.token)
    assert AccessToken.objects.get().last_used_at == start
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        authenticate_token(issued.token)
    assert AccessToken.objects.get().last_used_at == start + timedelta(minutes=1)


def test_scopes_are_a_subset_of_read_report_manage():
    assert scopes_parse("manage,read") == ["read", "manage"]
    assert scopes_parse(["report"]) == ["report"]
    with pytest.raises(TokenError) as unknown:
        scopes_parse("read,admin")
    assert unknown.value.field == "scopes"
    with pytest.raises(TokenError):
        scopes_parse(" , ")


def test_bad_names_and_lifetimes_are_refused_naming_the_field(reporter):
    token_create(actor=None, user=reporter, name="bot", scopes="read")
    cases = [
        ({"name": "  "}, "name"),
        ({"name": "bot"}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"expires_days": 0}, "expires_days"),
        ({"expires_days": 367}, "expires_days"),
    ]
    for kwargs, field in cases:
        args = {"name": "other", "scopes": "read", **kwargs}
        with pytest.raises(TokenError) as refused:
            token_create(actor=None, user=reporter, **args)
        assert refused.value.field == field, kwargs
    assert AccessToken.objects.count() == 1


def test_a_revoked_tokens_name_may_be_used_again(reporter):
    first = token_create(actor=None, user=reporter, name="bot", scopes="read").access_token
    token_revoke(actor=None, token=first)
    second = token_create(actor=None, user=reporter, name="bot", scopes="read").access_token
    assert token_find(reporter, "bot") == second
    assert [t.pk for t in tokens_of(reporter)] == [second.pk, first.pk]


def test_nobody_creates_a_token_for_someone_else(people):
    with pytest.raises(TokenDenied):
        token_create(actor=people.tq_manager, user=people.tq_dept_reporter, name="x", scopes="read")


def test_a_user_cannot_revoke_another_users_token_without_administering_them(people):
    token = token_create(
        actor=None, user=people.tq_dept_reporter, name="bot", scopes="read"
    ).access_token
    for stranger in (people.cb_manager, people.outsider, people.central_analyst):
        with pytest.raises(TokenDenied):
            token_revoke(actor=stranger, token=token)
    token_revoke(actor=people.tq_manager, token=token)  # Tuyên Quang's manager administers them
    assert AccessToken.objects.get().revoked_at is not None


def test_creation_and_revocation_are_audited_without_the_secret(reporter):
    issued = token_create(actor=reporter, user=reporter, name="bot", scopes="read,manage")
    token_revoke(actor=reporter, token=issued.access_token)
    events = AuditEvent.objects.filter(object_type="accounts.accesstoken").order_by("pk")
    assert [e.action for e in events] == ["created", "changed"]
    assert set(events[0].changes) >= {"user", "name", "scopes", "expires_at"}
    assert set(events[1].changes) == {"revoked_at"}
    row = issued.access_token
    text = str([(e.changes, e.object_label) for e in events])
    assert issued.token.split("_", 2)[2] not in text and row.secret_hash not in text


def test_the_messages_name_what_is_wrong_in_english():
    with override("en"), pytest.raises(TokenError, match="unknown scope admin"):
        scopes_parse("admin")


def test_a_default_lifetime_set_too_long_is_kept_within_the_limit(reporter, settings):
    settings.STEERCO_TOKEN_DEFAULT_DAYS = 1000
    row = token_create(actor=None, user=reporter, name="bot", scopes="read").access_token
    assert row.expires_at - row.created_at == timedelta(days=366)


def test_the_admin_site_lists_tokens_read_only_without_their_hash(client, reporter):
    from django.contrib.auth import get_user_model

    row = token_create(actor=None, user=reporter, name="bot", scopes="read").access_token
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.org", "pw"))
    listing = client.get("/admin/accounts/accesstoken/").content.decode()
    detail = client.get(f"/admin/accounts/accesstoken/{row.pk}/change/").content.decode()
    assert row.prefix in listing and "bot" in detail
    assert row.secret_hash not in listing + detail
    assert client.get("/admin/accounts/accesstoken/add/").status_code == 403
