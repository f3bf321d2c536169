"""Sign-in lockout: per account, per address, and `steerco unlock`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

LOGIN = "/accounts/login/"


def sign_in(client: Client, username: str, password: str, ip: str):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5


def test_thirty_wrong_passwords_then_the_right_one_is_refused(people, limits):
    client = Client()
    for n in range(30):  # each from its own address: only the account's count grows
        response = sign_in(client, "tq-manager", f"wrong-{n}", f"10.0.{n}.1")
        assert not signed_in(client)
        assert response.status_code in (200, 429)
    response = sign_in(client, "tq-manager", "pw", "10.9.9.9")
    assert response.status_code == 429
    assert "locked-out" in response.content.decode()
    assert not signed_in(client)


def test_a_few_failures_do_not_lock(people, limits):
    client = Client()
    for n in range(4):
        sign_in(client, "tq-manager", f"wrong-{n}", "10.1.0.1")
    assert sign_in(client, "tq-manager", "pw", "10.1.0.1").status_code == 302
    assert signed_in(client)


def test_signing_in_to_ones_own_account_does_not_reset_the_count_of_another(people, limits):
    attacker = Client()
    for n in range(3):
        sign_in(attacker, "cb-manager", f"guess-{n}", "10.5.0.1")
    assert sign_in(attacker, "outsider", "pw", "10.5.0.1").status_code == 302
    for n in range(3, 5):
        sign_in(Client(), "cb-manager", f"guess-{n}", "10.5.0.1")
    assert sign_in(Client(), "cb-manager", "pw", "10.6.0.1").status_code == 429


def test_an_address_with_too_many_failures_is_locked_for_every_account(people, limits):
    client = Client()
    for n, name in enumerate(["central", "tq-skhcn", "tq-lambinh", "cb-manager", "ghost"]):
        sign_in(client, name, f"wrong-{n}", "203.0.113.7")
    # Right password, an account that never failed, from the same address: refused.
    response = sign_in(client, "outsider", "pw", "203.0.113.7")
    assert response.status_code == 429
    assert not signed_in(client)
    # The same account from another address signs in.
    assert sign_in(Client(), "outsider", "pw", "198.51.100.1").status_code == 302


def test_unlock_lifts_an_account_lockout(people, limits):
    client = Client()
    for n in range(6):
        sign_in(client, "cb-manager", f"wrong-{n}", f"10.2.{n}.1")
    assert sign_in(client, "cb-manager", "pw", "10.3.0.1").status_code == 429
    out = StringIO()
    call_command("unlock", "cb-manager", stdout=out)
    assert "unlocked account cb-manager" in out.getvalue()
    assert sign_in(client, "cb-manager", "pw", "10.3.0.1").status_code == 302
    assert signed_in(client)


def test_unlock_lifts_an_address_lockout(people, limits):
    client = Client()
    for n in range(6):
        sign_in(client, f"nobody-{n}", "wrong", "192.0.2.50")
    assert sign_in(client, "central", "pw", "192.0.2.50").status_code == 429
    call_command("unlock", "--ip", "192.0.2.50", stdout=StringIO())
    assert sign_in(client, "central", "pw", "192.0.2.50").status_code == 302


def test_unlock_names_an_unknown_account(people):
    with pytest.raises(CommandError, match="No account named 'nobody'"):
        call_command("unlock", "nobody", stdout=StringIO())
    with pytest.raises(CommandError, match="Name an account"):
        call_command("unlock", stdout=StringIO())


def test_behind_a_proxy_the_client_address_counts(people, limits, settings):
    settings.STEERCO_TRUSTED_PROXIES = 1
    client = Client()
    for n in range(5):  # every request reaches us from the proxy 10.0.0.2
        client.post(
            LOGIN,
            {"username": f"nobody-{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    other = client.post(
        LOGIN,
        {"username": "central", "password": "pw"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 302  # another client behind the same proxy is not locked
