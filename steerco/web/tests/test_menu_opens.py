"""Every link of the menu opens (issue 15, item 8): for each demo account and for a viewer
of a ministry (a central unit with no province, no peers and no tasks of its own), each
link the navigation shows answers 200 — the menu asks the pages' own rules, so it never
offers a page that would answer 403.

The full unit tree and the demo are loaded once for the module (rolled back afterwards)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from steerco.units.models import Role, Unit
from steerco.units.services import membership_grant

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ACCOUNTS = ("admin", "central", "tq-manager", "tq-skhcn", "tq-lambinh", "cb-manager")
MINISTRY = "BKHCN"  # Bộ Khoa học và Công nghệ


@pytest.fixture(scope="module")
def demo(demo_dataset):  # type: ignore[no-untyped-def]
    return demo_dataset


def _menu_links(page: str) -> list[str]:
    """The links of the navigation bar: its entries, the inbox and the password page."""
    nav = re.search(r"<nav .*?</nav>", page, re.S)
    assert nav is not None
    return [url for url in re.findall(r'href="(/[^"]*)"', nav.group(0)) if url != "/admin/"]


def _ministry_viewer() -> User:
    user = User.objects.create_user("bkhcn-viewer")
    membership_grant(user=user, unit=Unit.objects.get(code=MINISTRY), role=Role.VIEWER)
    return user


def _assert_every_link_opens(client, user: User) -> list[str]:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get("/help/")
    assert response.status_code == 200
    links = _menu_links(response.content.decode())
    assert "/help/" in links and "/inbox/" in links
    for url in links:
        assert client.get(url).status_code == 200, (user.username, url)
    return links


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_menu_link_of_a_demo_account_opens(client, demo, username):
    _assert_every_link_opens(client, User.objects.get(username=username))


def test_every_menu_link_of_a_ministry_viewer_opens(client, demo):
    links = _assert_every_link_opens(client, _ministry_viewer())
    # A ministry has no peer group to rank and nothing to import or report for.
    assert not {"/ranking/", "/intake/plans/", "/intake/sheets/"} & set(links)
    assert client.get("/ranking/").status_code == 403


def test_a_managers_menu_leads_to_the_officials_and_a_reporters_does_not(client, demo):
    client.force_login(User.objects.get(username="tq-manager"))
    assert "/officials/" in _menu_links(client.get("/help/").content.decode())
    client.force_login(User.objects.get(username="tq-lambinh"))
    assert "/officials/" not in _menu_links(client.get("/help/").content.decode())
