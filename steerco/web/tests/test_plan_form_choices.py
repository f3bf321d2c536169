"""The plan import form's choices (the screenshot pass of issue 15): its selects opened on
Django's "---------", and a province's manager had to find the province among its
departments."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_plan_form_says_what_to_choose_and_starts_at_the_managers_province(
    client, tree, people
):  # type: ignore[no-untyped-def]
    client.force_login(people.tq_manager)
    page = client.get("/intake/plans/").content.decode()
    assert "---------" not in page
    within = re.search(r'<select name="within".*?</select>', page, re.S)
    assert within is not None
    selected = re.findall(r'<option value="(\d+)"[^>]* selected>', within.group(0))
    assert selected == [str(tree.tuyen_quang.pk)]
