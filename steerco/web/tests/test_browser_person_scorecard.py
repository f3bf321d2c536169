"""An official's scorecard in Chromium: on a 360 px phone nothing scrolls sideways, and
axe-core finds no serious violation, in Vietnamese and English (issue 21)."""

from __future__ import annotations

from datetime import date

import pytest

from steerco.directives.responsibility import responsibility_record
from steerco.people.models import Person
from tests.factories import make_directive, make_task

from .test_browser import PHONE, _expect, data, session  # noqa: F401  (fixtures)
from .test_browser_axe import _to_english, _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lan(data, tree):  # type: ignore[no-untyped-def]  # noqa: F811
    lan = Person.objects.create(
        full_name="Nguyễn Thị Lan", position="Phó Giám đốc Sở", unit=tree.tq_skhcn
    )
    minh = Person.objects.create(full_name="Trần Văn Minh", unit=tree.tq_skhcn)
    plan = make_directive(tree.tuyen_quang, issued_on=date(2025, 1, 5))
    for i, due in enumerate((date(2025, 8, 31), date(2025, 9, 30), date(2026, 3, 31))):
        task = make_task(
            plan, tree.tq_skhcn, due_on=due, assigned_on=date(2025, 1, 10), reference=f"II.{i + 1}"
        )
        responsibility_record(task=task, since=date(2025, 1, 10), person=lan)
        if i == 1:
            responsibility_record(task=task, since=date(2025, 7, 1), person=minh)
    return lan


def test_the_scorecard_fits_a_phone_and_has_no_serious_axe_violation(session, lan):  # noqa: F811
    s = session(PHONE).sign_in("tq-manager")
    path = f"/officials/{lan.pk}/scorecard/?year=2025"
    found = _violations(s, path)
    width = s.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide on a {width[1]} px screen"
    assert s.page.get_by_test_id("tile-overdue").inner_text() == "1"
    s.shot("phone-person-scorecard-vi")
    desk = session().sign_in("tq-manager")
    _to_english(desk)
    found += _violations(desk, path)
    desk.shot("desk-person-scorecard-en")
    assert not found, "\n".join(found)
    assert not s.errors + desk.errors, s.errors + desk.errors
