"""Help per role, the glossary of the measures, empty states and the sign-in page
(issue 15, item 15)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

ROLES = ("viewer", "reporter", "manager", "administrator")


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_help_page_answers_200_to_a_signed_in_user(client, people, role):
    client.force_login(people.commune_reporter)
    response = client.get(f"/help/{role}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-testid="help-{role}"' in html
    assert "<ol>" in html  # step by step


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_help_page_is_written_in_english_too(client, people, role):
    client.force_login(people.commune_reporter)
    client.post("/language/", {"language": "en", "next": "/"})
    html = client.get(f"/help/{role}/").content.decode()
    assert f"Help for {role}s" in html


def test_help_asks_to_sign_in_and_knows_only_the_four_roles(client, people):
    assert client.get("/help/viewer/").status_code == 302
    client.force_login(people.outsider)
    assert client.get("/help/").status_code == 200
    assert client.get("/help/superhero/").status_code == 404


def test_the_glossary_explains_the_green_rate(client, people):
    client.force_login(people.central_analyst)
    html = client.get("/help/glossary/").content.decode()
    assert 'id="green_rate"' in html and "tỷ lệ đạt tiêu chí XANH" in html.lower().replace(
        "tỷ lệ đạt tiêu chí xanh", "tỷ lệ đạt tiêu chí XANH"
    )
    assert "5/6 = 83,3%" in html and "6/6 = 100%" in html  # why 100% done and 83,3% green
    client.post("/language/", {"language": "en", "next": "/"})
    html = client.get("/help/glossary/").content.decode()
    assert "GREEN rate" in html and "5/6 = 83.3%" in html


def test_every_measure_on_the_overview_and_the_ranking_links_to_its_glossary_entry(
    client, people, web
):
    client.force_login(people.tq_manager)
    glossary = client.get("/help/glossary/").content.decode()
    for url in ("/", "/ranking/"):
        html = client.get(url).content.decode()
        entries = set(re.findall(r'href="/help/glossary/#([a-z_]+)"', html))
        assert {"completion_rate", "overdue", "on_track"} <= entries, url
        for entry in entries:
            assert f'id="{entry}"' in glossary, entry
    overview = client.get("/").content.decode()
    assert 'href="/help/glossary/#green_rate"' in overview
    assert re.search(r'<a class="glossary-q[^>]*aria-label="[^"]+"', overview)


def test_the_login_forms_first_button_is_sign_in(client):
    html = client.get("/accounts/login/").content.decode()
    first = re.search(r"<button[^>]*>(.*?)</button>", html, re.S)
    assert first is not None and first.group(1).strip() in ("Đăng nhập", "Sign in")
    assert 'data-testid="lang-en"' in html  # the switch is still there, after the form


def test_empty_states_say_what_to_do_next(client, people):
    client.force_login(people.outsider)
    assert 'data-testid="tasks-empty"' in client.get("/tasks/").content.decode()
    assert 'data-testid="my-nothing-due"' in client.get("/my/").content.decode()
    assert 'data-testid="inbox-empty"' in client.get("/inbox/").content.decode()
    client.force_login(people.tq_manager)  # a role, but no task anywhere
    assert 'data-testid="ranking-empty"' in client.get("/ranking/").content.decode()


def test_the_menu_links_to_help(client, people):
    client.force_login(people.commune_reporter)
    assert 'href="/help/"' in client.get("/my/").content.decode()


def test_the_report_page_links_to_the_glossary(client, people):
    client.force_login(people.tq_manager)
    html = client.get("/reports/").content.decode()
    assert 'data-testid="report-glossary"' in html and 'href="/help/glossary/"' in html
