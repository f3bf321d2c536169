"""'My work' reads only the user's tasks and narrows each list before classifying (issue
20), and shows exactly what classifying every task the user sees shows: the same tasks in
the same sections, in the same order, with the same days late and days left ("one figure,
one number"). The reference below is the page's earlier reading, kept as the rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import F, Q

from steerco.directives.models import Task, TaskState
from steerco.progress.actions import awaiting_acceptance_q
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.services import (
    extension_decide,
    extension_request,
    progress_report,
    task_cancel,
)
from steerco.units.permissions import Action
from steerco.web import selectors
from steerco.web.selectors import (
    DUE_SOON_DAYS,
    MY_WORK_LIMIT,
    my_work,
    paths_q,
    report_window_start,
)
from tests.factories import make_task

from .conftest import build_web_data

pytestmark = pytest.mark.django_db


def reference_lists(user, as_of: date) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """Every task the user sees, classified, then filtered by class (the earlier reading)."""
    mine = Task.objects.filter(
        pk__in=Task.objects.filter(
            paths_q(user, ("lead_unit", "coordinating_units"), Action.VIEW)
        ).values("pk")
    )
    classified = classify_tasks(mine, as_of).exclude(awaiting_acceptance_q())
    overdue = classified.filter(task_class=TaskClass.OVERDUE.value).order_by("c_due", "pk")
    soon = classified.filter(
        task_class=TaskClass.ON_TRACK.value,
        c_due__gte=as_of,
        c_due__lte=as_of + timedelta(days=DUE_SOON_DAYS),
    ).order_by("c_due", "pk")
    awaiting = (
        Task.objects.filter(
            paths_q(user, ("assigned_by",), Action.MANAGE) | Q(pk__in=mine.values("pk"))
        )
        .filter(awaiting_acceptance_q())
        .order_by("completed_on", "pk")
    )
    current = selectors.period_containing(
        as_of, selectors.PeriodKind.MONTH, selectors.settings.STEERCO_CUTOFF_DAY
    )
    to_report = (
        Task.objects.filter(paths_q(user, ("lead_unit", "coordinating_units"), Action.REPORT))
        .filter(cancelled_on__isnull=True, assigned_on__lte=as_of)
        .exclude(state=TaskState.COMPLETED)
        .filter(Q(last_report_at__isnull=True) | Q(last_report_at__lt=report_window_start(current)))
        .distinct()
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    return {
        "overdue": [(t.pk, (as_of - t.c_due).days) for t in overdue[:MY_WORK_LIMIT]],
        "due_soon": [(t.pk, (t.c_due - as_of).days) for t in soon[:MY_WORK_LIMIT]],
        "awaiting_acceptance": [t.pk for t in awaiting[:MY_WORK_LIMIT]],
        "to_report": [t.pk for t in to_report[:MY_WORK_LIMIT]],
    }


def page_lists(user, as_of: date) -> dict[str, list]:  # type: ignore[no-untyped-def]
    work = my_work(user=user, as_of=as_of)
    return {
        "overdue": [(t.pk, t.days_late) for t in work.overdue],
        "due_soon": [(t.pk, t.days_left) for t in work.due_soon],
        "awaiting_acceptance": [t.pk for t in work.awaiting_acceptance],
        "to_report": [t.pk for t in work.to_report],
    }


@pytest.fixture
def mixed(tree, people):  # type: ignore[no-untyped-def]
    """The web dataset twice over, and the cases a narrowing could get wrong: deadlines on
    the edges of the windows, a deadline moved by an extension, a completion and a
    cancellation recorded after an earlier as-of date, a task coordinated from another
    province, a task coordinated by two of the user's units, a task without a deadline."""
    web = build_web_data(tree, copies=2)
    today = web.today
    start = today - timedelta(days=120)

    def task(lead, due_on, assigned_on=start, **fields):  # type: ignore[no-untyped-def]
        return make_task(web.programme, lead, due_on=due_on, assigned_on=assigned_on, **fields)

    for days in (-1, 0, 1, 13, 14, 15, 30):
        task(tree.tq_skhcn, today + timedelta(days=days), reference=f"E.{days}")
        task(tree.lam_binh, today + timedelta(days=days), reference=f"C.{days}")
    task(tree.tq_skhcn, None, reference="N.1")
    task(
        tree.tq_skhcn,
        today + timedelta(days=5),
        reference="L",
        assigned_on=today + timedelta(days=3),
    )
    # Extended: due five days ago, moved to ten days ahead (decided three days ago).
    extended = task(tree.tq_skhcn, today - timedelta(days=5), reference="X.1")
    extension = extension_request(
        task=extended,
        requested_on=today - timedelta(days=20),
        new_due_on=today + timedelta(days=10),
        reason="Chờ kinh phí",
    )
    extension_decide(extension=extension, approve=True, decided_on=today - timedelta(days=3))
    # Refused: stays overdue.
    refused = task(tree.tq_skhcn, today - timedelta(days=4), reference="X.2")
    extension_decide(
        extension=extension_request(
            task=refused,
            requested_on=today - timedelta(days=20),
            new_due_on=today + timedelta(days=20),
            reason="Chờ kinh phí",
        ),
        approve=False,
        decided_on=today - timedelta(days=3),
    )
    # Completed two days ago, after being due; on time before that.
    late = task(tree.tq_skhcn, today - timedelta(days=8), reference="D.1")
    progress_report(task=late, reported_on=today - timedelta(days=2), state="completed")
    done = task(tree.tq_skhcn, today + timedelta(days=8), reference="D.2")
    progress_report(task=done, reported_on=today - timedelta(days=2), state="completed")
    in_progress = task(tree.tq_stc, today - timedelta(days=12), reference="P.1")
    progress_report(task=in_progress, reported_on=today - timedelta(days=1), percent=60)
    cancelled = task(tree.tq_skhcn, today - timedelta(days=6), reference="K.1")
    task_cancel(task=cancelled, cancelled_on=today - timedelta(days=2), reason="Trùng nhiệm vụ")
    # Led in Cao Bằng, coordinated by Tuyên Quang's department of science.
    elsewhere = task(tree.cb_skhcn, today - timedelta(days=7), reference="O.1")
    elsewhere.coordinating_units.add(tree.tq_skhcn)
    elsewhere_soon = task(tree.cb_skhcn, today + timedelta(days=3), reference="O.2")
    elsewhere_soon.coordinating_units.add(tree.lam_binh)
    both = task(tree.tq_stc, today - timedelta(days=9), reference="B.1")
    both.coordinating_units.add(tree.tq_skhcn, tree.lam_binh)
    return web


USERS = ["tq_dept_reporter", "commune_reporter", "tq_manager", "central_analyst", "cb_manager"]


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("days", [0, -10, -3, 6])
def test_my_work_lists_the_tasks_classifying_every_visible_task_lists(mixed, people, who, days):
    user = getattr(people, who)
    as_of = mixed.today + timedelta(days=days)
    assert page_lists(user, as_of) == reference_lists(user, as_of)


def test_the_mixed_dataset_fills_every_section_for_the_department_reporter(mixed, people):
    lists = page_lists(people.tq_dept_reporter, mixed.today)
    assert all(lists.values()), lists
    refs = {
        key: [Task.objects.get(pk=pk if isinstance(pk, int) else pk[0]).reference for pk in pks]
        for key, pks in lists.items()
    }
    assert "O.1" in refs["overdue"]  # coordinated from Cao Bằng
    assert "X.1" in refs["due_soon"] and "X.2" in refs["overdue"]  # extended, refused
    assert "E.14" in refs["due_soon"] and "E.15" not in refs["due_soon"]


def test_the_page_shows_the_same_tasks_in_the_same_sections(client, mixed, people):
    client.force_login(people.tq_dept_reporter)
    html = client.get("/my/").content.decode()
    expected = reference_lists(people.tq_dept_reporter, mixed.today)
    sections = {
        "overdue": "my-overdue",
        "due_soon": "my-due_soon",
        "awaiting_acceptance": "my-awaiting",
        "to_report": "my-to_report",
    }
    for key, testid in sections.items():
        start = html.index(f'data-testid="{testid}"')
        end = html.find("data-testid=", start + 1)
        part = html[start : end if end > 0 else len(html)]
        pks = [row[0] if isinstance(row, tuple) else row for row in expected[key]]
        shown = [pk for pk in pks if f'href="/tasks/{pk}/"' in part]
        assert shown == pks, key
