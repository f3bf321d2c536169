"""The inbox page: the user's own notices with links to their tasks, the unread count in
the navigation, marking read, the preferences form; another user's notices never shown
nor marked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steerco.notices.models import Notice, NoticePreference
from steerco.notices.services import remind

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(web, people):  # type: ignore[no-untyped-def]
    """The page tests' data reminded on each of the ten days after their day (Monday 20
    October 2025): the task due on the 30th is reminded 7 days and 1 day before."""
    for i in range(11):
        remind(as_of=web.today + timedelta(days=i))
    return web


def test_the_inbox_lists_the_users_reminders_with_links_to_their_tasks(client, people, reminded):
    client.force_login(people.tq_dept_reporter)
    body = client.get("/inbox/").content.decode()
    assert f'href="/tasks/{reminded.on_track.pk}/"' in body
    assert 'data-testid="unread-count"' in body


def test_another_users_notices_are_neither_shown_nor_marked(client, people, reminded):
    theirs = Notice.objects.filter(recipient=people.tq_dept_reporter).first()
    assert theirs is not None
    client.force_login(people.cb_manager)
    assert theirs.facts["content"] not in client.get("/inbox/").content.decode()
    client.post("/inbox/read/", {"notice": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_then_all_read(client, people, reminded):
    user = people.tq_dept_reporter
    client.force_login(user)
    unread = Notice.objects.unread_for(user)
    total = unread.count()
    assert total >= 2
    first = unread.first()
    assert client.post("/inbox/read/", {"notice": first.pk}).status_code == 302
    assert unread.count() == total - 1
    client.post("/inbox/read/", {})
    assert unread.count() == 0
    body = client.get("/inbox/").content.decode()
    assert 'data-testid="unread-count"' not in body


def test_the_unread_filter_and_a_bad_parameter(client, people, reminded):
    client.force_login(people.tq_dept_reporter)
    assert client.get("/inbox/?unread=on").status_code == 200
    assert client.get("/inbox/?page=zero").status_code == 400


def test_the_unread_count_is_one_query_on_every_page(client, people, reminded):
    client.force_login(people.tq_dept_reporter)
    client.get("/my/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/my/")
    counts = [q["sql"] for q in captured if "notices_notice" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0].upper()


def test_preferences_are_saved_and_honoured(client, people, reminded):
    user = people.tq_dept_reporter
    user.email = "skhcn@example.org"  # with an address, e-mail can be turned off
    user.save(update_fields=["email"])
    client.force_login(user)
    assert client.get("/inbox/preferences/").status_code == 200
    response = client.post(
        "/inbox/preferences/",
        {"kinds": ["overdue", "assigned"], "digest_weekday": "4", "language": "en"},
    )
    assert response.status_code == 302
    pref = NoticePreference.objects.get(user=user)
    # A reporter is sent no digest: its day is not asked, the stored one stays.
    assert pref.email is False and pref.digest_weekday == 0 and pref.language == "en"
    assert "deadline_soon" in pref.muted and "overdue" not in pref.muted
    before = Notice.objects.filter(recipient=user, kind="deadline_soon").count()
    Notice.objects.filter(recipient=user, kind="deadline_soon").delete()
    remind(as_of=date(2025, 10, 29))
    assert before and not Notice.objects.filter(recipient=user, kind="deadline_soon").exists()


def test_the_inbox_in_english_names_the_kind(client, people, reminded):
    client.force_login(people.tq_dept_reporter)
    client.post("/language/", {"language": "en", "next": "/"})
    body = client.get("/inbox/").content.decode()
    assert "Inbox" in body and ("Overdue since" in body or "Deadline in" in body)


def test_the_inbox_runs_as_many_queries_with_many_notices_as_with_few(client, people, tree):
    from steerco.web.tests.conftest import build_web_data

    build_web_data(tree, copies=3)
    for i in range(11):
        remind(as_of=date(2025, 10, 20) + timedelta(days=i))
    user = people.tq_dept_reporter
    assert Notice.objects.filter(recipient=user).count() > 5
    client.force_login(user)
    client.get("/inbox/")
    with CaptureQueriesContext(connection) as many:
        client.get("/inbox/")
    Notice.objects.filter(recipient=user).exclude(
        pk=Notice.objects.filter(recipient=user).first().pk
    ).delete()
    with CaptureQueriesContext(connection) as one:
        client.get("/inbox/")
    # Session, user, the page's count, its rows (with their tasks), the memberships (the
    # navigation's "People" link), the unread count.
    assert len(many) == len(one) == 6


def test_the_preferences_ask_only_what_applies_to_the_user(client, people, reminded):
    """No e-mail address on the account: the e-mail choice is off and cannot be ticked;
    the digest's day is asked of managers only (they are the ones sent the digest)."""
    reporter, manager = people.tq_dept_reporter, people.tq_manager
    reporter.email, manager.email = "", "tq-manager@example.org"
    reporter.save(update_fields=["email"])
    manager.save(update_fields=["email"])
    client.force_login(reporter)
    form = client.get("/inbox/preferences/").context["form"]
    assert form.fields["email"].disabled and form.initial["email"] is False
    assert "digest_weekday" not in form.fields
    client.post("/inbox/preferences/", {"kinds": ["overdue"], "email": "on", "language": "vi"})
    assert NoticePreference.objects.get(user=reporter).email is True  # the stored default kept
    client.force_login(manager)
    form = client.get("/inbox/preferences/").context["form"]
    assert not form.fields["email"].disabled and "digest_weekday" in form.fields
    client.post(
        "/inbox/preferences/",
        {"kinds": ["overdue"], "digest_weekday": "2", "language": "vi"},
    )
    assert NoticePreference.objects.get(user=manager).digest_weekday == 2


def test_the_unread_count_is_the_inbox_unread_list_on_each_day(people, reminded):
    """The count (one statement compiled once, today a parameter of it) and the list read
    alike on each day: a 'deadline soon' reminder stops counting once the deadline passed."""
    import time_machine

    from steerco.notices.selectors import inbox, unread_count

    user = people.tq_dept_reporter
    counts = []
    for day in (date(2025, 10, 25), date(2025, 11, 5)):
        with time_machine.travel(f"{day.isoformat()} 09:00 +07:00", tick=False):
            listed = len(list(inbox(user, unread_only=True)))
            assert unread_count(user) == listed
            counts.append(listed)
    assert counts[0] > counts[1]  # the reminders of the deadline of the 30th settled
