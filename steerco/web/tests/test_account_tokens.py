"""The API tokens page (/account/tokens/): my tokens, creating one shown once, revoking."""

from __future__ import annotations

import re

import pytest

from steerco.accounts.models import AccessToken
from steerco.accounts.tokens import authenticate_token, token_create

pytestmark = pytest.mark.django_db

URL = "/account/tokens/"


@pytest.fixture
def reporter_client(client, people):  # type: ignore[no-untyped-def]
    client.force_login(people.tq_dept_reporter)
    client.post("/language/", {"language": "en", "next": "/"})
    return client


def shown_token(body: str) -> str:
    match = re.search(r'value="(stc_[^"]+)"', body)
    assert match, "no token shown"
    return match.group(1)


def test_the_navigation_links_the_tokens_page(reporter_client):
    body = reporter_client.get("/my/").content.decode()
    assert f'href="{URL}"' in body


def test_a_new_token_is_shown_once_and_works(reporter_client, people):
    response = reporter_client.post(
        URL, {"name": "dashboard", "scopes": ["read", "report"], "expires_days": "30"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    token = shown_token(body)
    opened = authenticate_token(token)
    assert opened is not None and opened.user == people.tq_dept_reporter
    assert opened.scopes == ["read", "report"]
    again = reporter_client.get(URL).content.decode()
    assert token not in again and token.split("_", 2)[2] not in again
    assert "dashboard" in again and opened.prefix in again
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_form_says_what_is_wrong_and_writes_nothing(reporter_client, people):
    token_create(actor=None, user=people.tq_dept_reporter, name="dashboard", scopes="read")
    for data, message in (
        ({"name": "dashboard", "scopes": ["read"], "expires_days": "30"}, "already has a token"),
        ({"name": "x", "expires_days": "30"}, "This field is required"),
        ({"name": "x", "scopes": ["admin"], "expires_days": "30"}, "Select a valid choice"),
        ({"name": "x", "scopes": ["read"], "expires_days": "9999"}, "less than or equal to 366"),
    ):
        body = reporter_client.post(URL, data).content.decode()
        assert message in body, data
        assert 'data-testid="issued-token"' not in body
    assert AccessToken.objects.count() == 1


def test_my_page_lists_only_my_tokens(reporter_client, people):
    token_create(actor=None, user=people.cb_manager, name="cao-bang-sync", scopes="manage")
    token_create(actor=None, user=people.tq_dept_reporter, name="mine", scopes="read")
    body = reporter_client.get(URL).content.decode()
    assert "mine" in body and "cao-bang-sync" not in body


def test_revoking_my_token_stops_it(reporter_client, people):
    issued = token_create(actor=None, user=people.tq_dept_reporter, name="bot", scopes="read")
    response = reporter_client.post(f"{URL}{issued.access_token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == URL
    assert authenticate_token(issued.token) is None
    assert "revoked" in reporter_client.get(URL).content.decode()


def test_another_users_token_is_not_found_unless_i_administer_them(client, people):
    issued = token_create(actor=None, user=people.tq_dept_reporter, name="bot", scopes="read")
    url = f"{URL}{issued.access_token.pk}/revoke/"
    for stranger in (people.cb_manager, people.central_analyst, people.outsider):
        client.force_login(stranger)
        assert client.post(url).status_code == 404
    assert authenticate_token(issued.token) is not None
    client.force_login(people.tq_manager)
    assert client.post(url).status_code == 302
    assert authenticate_token(issued.token) is None


def test_the_page_reads_in_vietnamese_by_default(client, people):
    client.force_login(people.tq_dept_reporter)
    assert client.get(URL).status_code == 200


def test_an_administrator_sees_an_accounts_tokens_and_revokes_one(client, people):
    issued = token_create(actor=None, user=people.tq_dept_reporter, name="bot", scopes="read")
    account_url = f"/people/{people.tq_dept_reporter.pk}/"
    client.force_login(people.tq_manager)
    body = client.get(account_url).content.decode()
    revoke = f"{URL}{issued.access_token.pk}/revoke/"
    assert 'data-testid="account-tokens"' in body and revoke in body
    response = client.post(revoke)
    assert response.status_code == 302 and response["Location"] == account_url
    assert authenticate_token(issued.token) is None
    assert revoke not in client.get(account_url).content.decode()


def test_an_account_page_shows_no_tokens_to_whoever_does_not_administer_it(client, people, tree):
    from steerco.units.services import membership_grant

    official = people.tq_dept_reporter
    membership_grant(user=official, unit=tree.cao_bang, role="viewer")  # beyond Tuyên Quang
    issued = token_create(actor=None, user=official, name="bot", scopes="read")
    client.force_login(people.tq_manager)
    response = client.get(f"/people/{official.pk}/")
    assert response.status_code == 200
    assert 'data-testid="account-tokens"' not in response.content.decode()
    assert client.post(f"{URL}{issued.access_token.pk}/revoke/").status_code == 404


def test_the_page_reads_the_same_number_of_queries_for_one_token_or_many(reporter_client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reporter_client.get(URL).status_code == 200
        return len(captured)

    token_create(actor=None, user=people.tq_dept_reporter, name="t0", scopes="read")
    one = queries()
    for i in range(1, 6):
        token_create(actor=None, user=people.tq_dept_reporter, name=f"t{i}", scopes="read")
    assert queries() == one
