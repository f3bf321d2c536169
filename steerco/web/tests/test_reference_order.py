"""Task references read as numbers part by part (1, 1.1, 2, ... 10, 11, 100) on the
directive page, on the task list sorted by directive and in the meeting report's task
tables — one key, `steerco.lib.references.reference_sort_key`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from steerco.reports.build import build_report
from tests.factories import make_directive, make_task

pytestmark = pytest.mark.django_db

SHUFFLED = ["100", "11", "2", "10", "1.1", "1", "1.10", "1.2"]
IN_ORDER = ["1", "1.1", "1.2", "1.10", "2", "10", "11", "100"]


@pytest.fixture
def plan(web, tree):  # type: ignore[no-untyped-def]
    directive = make_directive(
        tree.tuyen_quang, symbol="99-KH/UBND", issued_on=web.today - timedelta(days=100)
    )
    for reference in SHUFFLED:
        make_task(
            directive,
            tree.tq_skhcn,
            due_on=web.today + timedelta(days=30),
            assigned_on=web.today - timedelta(days=50),
            reference=reference,
            content=f"Nhiệm vụ số {reference}",
        )
    return directive


def test_a_directive_page_lists_its_tasks_in_reference_order(client, people, plan):
    client.force_login(people.tq_manager)
    tree = client.get(f"/directives/{plan.pk}/").context["tree"]
    assert [node.task.reference for node in tree] == IN_ORDER


def test_the_task_list_sorted_by_directive_reads_references_as_numbers(client, people, plan):
    client.force_login(people.tq_manager)
    page = client.get("/tasks/", {"directive": plan.pk, "sort": "directive"}).context["page"]
    assert [t.reference for t in page] == IN_ORDER
    assert page.paginator.count == len(IN_ORDER)


def test_the_reports_task_tables_read_references_as_numbers(web, tree, plan):
    report = build_report(unit=tree.tuyen_quang, as_of=web.today, directive=plan)
    assert [t.reference for t in report.tasks] == IN_ORDER
