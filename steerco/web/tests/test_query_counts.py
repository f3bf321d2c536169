"""Dashboard, ranking and task list run a fixed number of queries, whatever the data size;
posting a progress update runs a fixed number too."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import build_web_data

pytestmark = pytest.mark.django_db

# Session, user, memberships, the inbox's unread count in the navigation (one COUNT,
# issue 17), and the page's own reads (see selectors.py).
BUDGET = {
    # 5 of them the green-rate trend: a query per past cut-off not closed; 1 the unit's
    # indicator targets (key indicators; none here, so nothing more is read); 6 the ranks
    # line: the peers, the indices with results for the unit (none here), and the GREEN
    # rate ranking (a closed-period check and the peers' counts, today and at the cut-off)
    # The directive picker renders only the chosen directive: no query for the directives
    # on the overview, the ranking and the task list (issue 20; it searches as one types).
    # 2 the money of the budget year (issue 21), from the budget ledger: the estimates in
    # force and the monthly allocated, disbursed and planned sums whose running totals
    # are the tiles (6 when a later row makes it read the rows). 4 more since today's
    # counts come from the summaries (issue 20): each count asks the summaries' day first
    # (3 counts), and the counts by directive name their directives' symbols.
    "/": 30,
    # reporting timeliness comes with the counts; 1 the disbursement rate column, the
    # peers' sums read from the budget ledger (issue 21; 3 when a later row makes it
    # read the rows); 2 the summaries' day, asked by the counts today and at the cut-off;
    # the provinces read once for the peer choices and the peers
    "/ranking/": 13,
    "/tasks/": 8,
    "/my/": 9,  # the user's units and coordinated tasks, then one query per list (issue 20)
    "/inbox/": 5,  # the page's count of notices (none here: test_inbox.py counts with some)
}


def queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", list(BUDGET))
@pytest.mark.parametrize("copies", [1, 5])
def test_page_query_count_is_constant(
    client, tree, people, url, copies, django_assert_num_queries, settings
):
    # The page's own reads, each time: the figures cache (which spares the second of two
    # requests its counting queries) is counted in steerco/scoring/tests/test_figures_cache.py.
    settings.STEERCO_FIGURES_CACHE = False
    build_web_data(tree, copies=copies)
    client.force_login(people.tq_manager)
    client.get(url)  # warm: first request may load content types etc.
    with django_assert_num_queries(BUDGET[url]):
        client.get(url)
    assert queries_for(client, url) == queries_for(client, url)


def test_counts_equal_at_one_and_five_times_the_data(client, tree, people, settings):
    settings.STEERCO_FIGURES_CACHE = False
    client.force_login(people.tq_manager)
    build_web_data(tree, copies=1)
    for url in BUDGET:  # the first page of the day brings today's summaries up to date
        client.get(url)
    small = {url: queries_for(client, url) for url in BUDGET}
    _more_tasks(tree, 4)
    large = {url: queries_for(client, url) for url in BUDGET}
    assert small == large


def _more_tasks(tree, copies: int) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from steerco.directives.models import Directive
    from steerco.progress.services import progress_report
    from tests.factories import make_task

    today = timezone.localdate()
    programme = Directive.objects.get(symbol="15-CTr/TU")
    for i in range(copies * 6):
        unit = [tree.tq_skhcn, tree.tq_stc, tree.lam_binh, tree.thuong_lam][i % 4]
        task = make_task(
            programme,
            unit,
            due_on=today + timedelta(days=i - 12),
            assigned_on=today - timedelta(days=100),
        )
        if i % 3 == 0:
            progress_report(task=task, reported_on=today - timedelta(days=1), state="completed")


# Session, user, the task with its lead unit, memberships; then progress_report: its
# transaction (a savepoint here, as tests run inside one), the locked task, the
# idempotency-key lookup, the head of the task's hash chain, the insert, the task's cached
# state, the release. The coordinating units are read only when the lead unit does not
# grant the report (the lead unit's reporter here).
REPORT_POST_QUERIES = 11


def test_posting_a_progress_update_runs_a_fixed_number_of_queries(
    client, tree, people, django_assert_num_queries
):
    from .conftest import build_web_data

    web = build_web_data(tree)
    client.force_login(people.tq_dept_reporter)
    for n, task in enumerate([web.overdue, web.on_track]):
        data = {
            "idempotency_key": f"count-{n}",
            "reported_on": web.today.isoformat(),
            "state": "in_progress",
            "percent": "40",
        }
        with django_assert_num_queries(REPORT_POST_QUERIES):
            response = client.post(f"/tasks/{task.pk}/report/", data)
        assert response.status_code == 302
