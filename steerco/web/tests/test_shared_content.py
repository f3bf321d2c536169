"""A figure page's content is rendered once for everyone with the same roles and shared
(steerco/web/fragments.py): an official whose roles are the same gets it without a render;
one with other roles never gets it; a write shows at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from steerco.progress.services import progress_report
from steerco.units.services import membership_grant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTENT = {
    "/ranking/?peers=provinces": "web/_ranking_content.html",
    "/?unit=08": "web/_dashboard_content.html",
    "/tasks/?unit=08": "web/tasks/_list_content.html",
}


@pytest.fixture(autouse=True)
def _shared(settings):  # type: ignore[no-untyped-def]
    # On in production with a shared cache (CACHE_URL); the tests' cache is one process's.
    settings.STEERCO_CONDITIONAL_PAGES = True
    settings.STEERCO_SHARED_CONTENT = True


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rendered(response: Any) -> set[str]:
    return {t.name for t in response.templates}


@pytest.mark.parametrize("path", list(CONTENT))
def test_an_official_with_the_same_roles_gets_the_content_without_a_render(path, tree, web, people):
    colleague = UserFactory(username="tq-manager-2")
    membership_grant(user=colleague, unit=tree.tuyen_quang, role="manager")
    # Both signed in first: a sign-in writes the account (its last sign-in), which pages
    # show, so it moves the generation the content is kept under.
    manager, other = signed_in(people.tq_manager), signed_in(colleague)
    first = manager.get(path)
    assert CONTENT[path] in rendered(first)

    second = other.get(path)

    assert second.status_code == 200
    assert CONTENT[path] not in rendered(second)
    body = first.content.decode()
    content = body[body.index("<main") : body.index("</main>")]
    assert content.replace("tq-manager-2", "tq-manager") in second.content.decode()


def test_an_official_with_other_roles_never_gets_content_rendered_for_others(tree, web, people):
    path = "/ranking/?peers=provinces"
    central = signed_in(people.central_analyst).get(path)
    province = signed_in(people.tq_manager).get(path)

    assert CONTENT[path] in rendered(central) and CONTENT[path] in rendered(province)
    # The province's own row is highlighted for its manager only.
    assert 'data-testid="own-row"' in province.content.decode()
    assert 'data-testid="own-row"' not in central.content.decode()


def test_an_update_shows_at_once_on_the_shared_overview(tree, web, people):
    client = signed_in(people.tq_manager)
    before = client.get("/?unit=08")
    progress_report(
        task=web.overdue,
        reported_on=web.today,
        state="completed",
        percent=100,
        unit=web.overdue.lead_unit,
        author=people.tq_manager,
    )

    after = signed_in(people.tq_manager).get("/?unit=08")

    assert CONTENT["/?unit=08"] in rendered(after)  # rendered again, not the old content
    assert before.context["board"].counts.overdue == after.context["board"].counts.overdue + 1


def test_content_carrying_a_csrf_token_is_never_shared(rf, people):
    from django.middleware.csrf import get_token
    from django.template import engines

    from steerco.web.fragments import shared_content

    request = rf.get("/ranking/")
    request.user = people.tq_manager
    form = engines["django"].from_string("<form>{% csrf_token %}</form>")
    renders: list[int] = []

    def render() -> str:
        renders.append(1)
        get_token(request)
        return str(form.render({}, request))

    shared_content(request, "with-a-form", render)
    shared_content(request, "with-a-form", render)

    assert len(renders) == 2
