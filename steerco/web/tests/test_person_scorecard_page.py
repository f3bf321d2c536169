"""An official's scorecard page, its annex and `steerco people scorecard` (issue 21, item 2):
who may open it, that each opening is logged, and that every rendering states the same
figures."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from steerco.audit.models import AuditAction, AuditEvent
from steerco.directives.responsibility import responsibility_record
from steerco.people.models import Person
from steerco.progress.services import progress_report
from tests.factories import make_directive, make_task

SCORECARD = "officials_scorecard:scorecard"
FIGURES = ("responsible_for", "done_on_time", "done_late", "on_track", "overdue", "cancelled")


@pytest.fixture(autouse=True)
def _history_written_late(settings):
    settings.STEERCO_REPORT_BACKDATE_DAYS = 5000  # the year's history, recorded today


@pytest.fixture
def lan(tree, people):
    """Nguyễn Thị Lan of Tuyên Quang's Department of Science and Technology, with 2025's
    tasks: one done on time, one overdue, one transferred to Minh in July."""
    lan = Person.objects.create(
        full_name="Nguyễn Thị Lan", position="Phó Giám đốc", unit=tree.tq_skhcn
    )
    minh = Person.objects.create(full_name="Trần Văn Minh", unit=tree.tq_skhcn)
    plan = make_directive(tree.tuyen_quang, issued_on=date(2025, 1, 5))

    def task(due_on, content="Số hóa hồ sơ"):
        t = make_task(
            plan, tree.tq_skhcn, due_on=due_on, assigned_on=date(2025, 1, 10), content=content
        )
        responsibility_record(task=t, since=date(2025, 1, 10), person=lan)
        return t

    done = task(date(2025, 5, 31), content='=HYPERLINK("http://x")')
    at = datetime.combine(date(2025, 5, 2), time(10), tzinfo=timezone.get_current_timezone())
    progress_report(task=done, reported_on=date(2025, 5, 2), state="completed", recorded_at=at)
    task(date(2025, 8, 31))
    moved = task(date(2025, 9, 30))
    responsibility_record(task=moved, since=date(2025, 7, 1), person=minh)
    return lan


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def url(person, **query):
    base = reverse(SCORECARD, kwargs={"person_id": person.pk})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def tile(html, name):
    marker = f'data-testid="tile-{name}">'
    return int(html.split(marker, 1)[1].split("<", 1)[0].replace(".", ""))


def test_a_manager_of_the_province_reads_the_officials_year(lan, people):
    response = client_of(people.tq_manager).get(url(lan, year=2025))

    assert response.status_code == 200
    html = response.content.decode()
    assert tile(html, "responsible_for") == 2
    assert tile(html, "done_on_time") == 1
    assert tile(html, "overdue") == 1
    assert tile(html, "transferred_out") == 1
    assert 'data-direction="out"' in html and "Trần Văn Minh" in html
    assert 'data-testid="no-ranking"' in html


def test_a_department_reporter_cannot_open_a_colleagues_scorecard_but_may_open_their_own(
    lan, people, tree
):
    reporter = people.tq_dept_reporter  # reports for Lan's own department
    assert client_of(reporter).get(url(lan, year=2025)).status_code == 404
    mine = Person.objects.create(full_name="Lê Văn Báo", unit=tree.tq_skhcn, user=reporter)
    assert client_of(reporter).get(url(mine, year=2025)).status_code == 200


def test_another_provinces_manager_and_an_outsider_are_answered_as_if_she_did_not_exist(
    lan, people
):
    for user in (people.cb_manager, people.outsider, people.central_analyst):
        assert client_of(user).get(url(lan)).status_code == 404
    missing = reverse(SCORECARD, kwargs={"person_id": lan.pk + 1000})
    assert client_of(people.tq_manager).get(missing).status_code == 404


def test_every_opening_is_logged_naming_the_official_and_the_year(lan, people):
    manager = client_of(people.tq_manager)
    manager.get(url(lan, year=2025))
    manager.get(url(lan, year=2025, format="xlsx"))
    client_of(people.cb_manager).get(url(lan, year=2025))  # refused: nothing read, nothing logged

    events = AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_VIEWED).order_by("id")
    assert [
        (e.object_id, e.actor_id, e.changes["period"][1], e.changes["opened_as"][1]) for e in events
    ] == [
        (str(lan.pk), people.tq_manager.pk, "2025", "page"),
        (str(lan.pk), people.tq_manager.pk, "2025", "xlsx"),
    ]


def test_the_page_the_command_and_the_annex_state_the_same_figures(lan, people):
    html = client_of(people.tq_manager).get(url(lan, year=2025)).content.decode()
    out = StringIO()
    call_command(
        "people", "scorecard", "--person", str(lan.pk), "--year", "2025", "--json", stdout=out
    )
    counts = json.loads(out.getvalue())["counts"]
    docx = client_of(people.tq_manager).get(url(lan, year=2025, format="docx", lang="en"))
    xlsx = client_of(people.tq_manager).get(url(lan, year=2025, format="xlsx", lang="en"))

    word = {
        r.cells[0].text: r.cells[1].text for r in Document(io.BytesIO(docx.content)).tables[0].rows
    }
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    labels = {
        "responsible_for": "Tasks responsible for",
        "done_on_time": "Done on time",
        "done_late": "Done late",
        "on_track": "On track",
        "overdue": "Overdue",
        "cancelled": "Cancelled",
    }
    for name in FIGURES:
        assert (
            tile(html, name) == counts[name] == int(word[labels[name]]) == int(cells[labels[name]])
        ), name
    assert counts["responsible_for"] == 2
    # The command's run is an opening too, by the system operator.
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.PERSONAL_DATA_VIEWED, actor=None, source="cli"
        ).count()
        == 1
    )


def test_the_annex_keeps_a_task_that_looks_like_a_formula_as_text(lan, people):
    xlsx = client_of(people.tq_manager).get(url(lan, year=2025, format="xlsx"))
    assert xlsx["Content-Disposition"].startswith(
        'attachment; filename="phu-luc-nguyen-thi-lan-2025'
    )
    tasks = load_workbook(io.BytesIO(xlsx.content)).worksheets[1]
    contents = [row[3] for row in tasks.iter_rows(min_row=4, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in contents


def test_a_year_that_is_not_a_year_is_refused_naming_it(lan, people):
    response = client_of(people.tq_manager).get(url(lan, year="abc"))
    assert response.status_code == 400


def test_administrators_list_the_openings_on_the_audit_log(lan, people, django_user_model):
    client_of(people.tq_manager).get(url(lan, year=2025))
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")

    response = client_of(admin).get(reverse("web:audit_log"), {"action": "personal_data_viewed"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("list-group-item small") == 1
    assert "Nguyễn Thị Lan" in html and "tq-manager" in html and "2025" in html


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_number_of_tasks(
    lan, people, tree, django_assert_max_num_queries
):
    manager = client_of(people.tq_manager)
    manager.get(url(lan, year=2025))  # session, roles warmed as on any page
    plan = make_directive(tree.tuyen_quang, issued_on=date(2025, 1, 5))
    for i in range(20):
        task = make_task(
            plan, tree.tq_skhcn, due_on=date(2025, 10, 1 + i), assigned_on=date(2025, 2, 1)
        )
        responsibility_record(task=task, since=date(2025, 2, 1), person=lan)
    # 14 on PostgreSQL: the audit chain's advisory lock.
    with django_assert_max_num_queries(14):
        assert manager.get(url(lan, year=2025)).status_code == 200
