"""A query parameter a page cannot use is answered, never quietly replaced by a default:
404 for what names nothing (or nothing the user may see), 400 naming a malformed one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_ranking_of_an_unknown_province_is_not_found_not_the_users_own(client, web, people):
    client.force_login(people.tq_manager)
    assert client.get("/ranking/?peers=communes&unit=99").status_code == 404
    own = client.get("/ranking/?peers=communes&unit=08")
    assert own.status_code == 200 and own.context["parent"].code == "08"
    assert client.get("/ranking/?peers=communes").context["parent"].code == "08"  # the default
