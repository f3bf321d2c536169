"""`steerco token create / list / revoke`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override

from steerco.accounts.models import AccessToken
from steerco.accounts.tokens import authenticate_token
from steerco.audit.context import acting_as
from steerco.audit.models import AuditEvent


def run(*args: str) -> str:
    out = StringIO()
    with override("en"):
        call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_token_alone_on_its_last_line(people):
    out = run("create", "--user", "tq-skhcn", "--scopes", "read,report", "--name", "dashboard")
    token = out.strip().splitlines()[-1]
    opened = authenticate_token(token)
    assert opened is not None and opened.user == people.tq_dept_reporter
    assert opened.scopes == ["read", "report"] and opened.name == "dashboard"
    assert token.startswith("stc_") and " " not in token


def test_expires_days_sets_the_lifetime(people):
    run("create", "--user", "tq-skhcn", "--scopes", "read", "--name", "ci", "--expires-days", "7")
    row = AccessToken.objects.get()
    assert (row.expires_at - row.created_at).days == 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--user", "nobody", "--scopes", "read", "--name", "x"), "No account named 'nobody'"),
        (("--user", "tq-skhcn", "--scopes", "read,admin", "--name", "x"), "unknown scope admin"),
        (("--user", "tq-skhcn", "--scopes", "read", "--name", "bot"), "already has a token named"),
        (
            ("--user", "tq-skhcn", "--scopes", "read", "--name", "x", "--expires-days", "0"),
            "--expires-days",
        ),
    ],
)
def test_create_says_what_is_wrong(people, args, message):
    run("create", "--user", "tq-skhcn", "--scopes", "read", "--name", "bot")
    with pytest.raises(CommandError, match=message):
        run("create", *args)
    assert AccessToken.objects.count() == 1


def test_list_shows_each_token_without_its_secret(people):
    token = run("create", "--user", "tq-skhcn", "--scopes", "read", "--name", "bot").split()[-1]
    run("create", "--user", "cb-manager", "--scopes", "manage", "--name", "sync")
    everyone = run("list")
    assert "tq-skhcn" in everyone and "cb-manager" in everyone
    assert token.split("_", 2)[2] not in everyone
    row = AccessToken.objects.get(name="bot")
    mine = run("list", "--user", "tq-skhcn")
    line = next(x for x in mine.splitlines() if x.startswith(str(row.pk)))
    assert "bot" in line and row.prefix in line and "read" in line and "active" in line
    assert "cb-manager" not in mine


def test_revoke_by_name_or_by_number(people):
    first = run("create", "--user", "tq-skhcn", "--scopes", "read", "--name", "bot").split()[-1]
    second = run("create", "--user", "tq-skhcn", "--scopes", "read", "--name", "ci").split()[-1]
    run("revoke", "bot", "--user", "tq-skhcn")
    run("revoke", str(AccessToken.objects.get(name="ci").pk))
    assert authenticate_token(first) is None and authenticate_token(second) is None
    assert "revoked" in run("list", "--user", "tq-skhcn")
    with pytest.raises(CommandError, match="already revoked"):
        run("revoke", "ci", "--user", "tq-skhcn")
    with pytest.raises(CommandError, match="No token"):
        run("revoke", "nothing", "--user", "tq-skhcn")


def test_a_name_shared_by_two_accounts_needs_the_user(people):
    run("create", "--user", "tq-skhcn", "--scopes", "read", "--name", "bot")
    run("create", "--user", "cb-manager", "--scopes", "read", "--name", "bot")
    with pytest.raises(CommandError, match="--user"):
        run("revoke", "bot")
    run("revoke", "bot", "--user", "cb-manager")
    assert AccessToken.objects.get(revoked_at__isnull=True).user == people.tq_dept_reporter


def test_the_command_is_audited_as_done_from_the_command_line(people):
    with acting_as(None, "cli"):  # as steerco.cli.main runs every command
        run("create", "--user", "tq-skhcn", "--scopes", "read", "--name", "bot")
    event = AuditEvent.objects.get(object_type="accounts.accesstoken")
    assert event.source == "cli" and event.action == "created"
