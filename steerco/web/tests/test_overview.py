"""The dashboard's compiled-once queries give the same figures as the scoring selectors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from steerco.scoring.scope import ALL, scope_for
from steerco.scoring.selectors import class_counts_by_peer
from steerco.units.models import Unit
from steerco.web import overview

pytestmark = pytest.mark.django_db

CLASSES = ("done_on_time", "done_late", "on_track", "overdue", "regular", "cancelled")


def figures(counts):  # type: ignore[no-untyped-def]
    return tuple(getattr(counts, c) for c in CLASSES)


@pytest.mark.parametrize("offset", [0, -25, 40])
def test_dashboard_agrees_with_class_counts_for_units_at_one_level(web, tree, offset):
    day = web.today + timedelta(days=offset)
    for scope in (ALL, scope_for(web.resolution, with_implementing=True), scope_for(web.cb_plan)):
        for unit in (
            tree.tuyen_quang,
            tree.cao_bang,
            tree.root,
        ):  # two share a template, one does not
            board = overview.dashboard(unit=unit, as_of=day, scope=scope)
            assert figures(board.counts) == figures(
                class_counts_by_peer(peers=[unit], as_of=day, scope=scope)[unit.pk]
            )
            children = list(Unit.objects.filter(parent=unit))
            expected = (
                class_counts_by_peer(peers=children, as_of=day, scope=scope) if children else {}
            )
            assert {r.unit.pk: figures(r.counts) for r in board.children} == {
                pk: figures(c) for pk, c in expected.items()
            }


def test_trend_ends_with_the_figures_as_of_the_day(web, tree):
    board = overview.dashboard(unit=tree.tuyen_quang, as_of=web.today, scope=ALL)
    assert board.trend[-1].green_rate == board.counts.green_rate
    assert len(board.trend) == overview.TREND_POINTS


def test_most_overdue_lists_the_longest_overdue_first(web, tree):
    tasks = overview.most_overdue(tree.root, web.today, ALL)
    assert [t.pk for t in tasks] == [web.overdue.pk, web.commune_overdue.pk, web.cb_task.pk]
    assert [t.days_late for t in tasks] == [30, 5, 3]


def test_trend_over_closed_months_reads_their_snapshots_in_one_query(
    web, tree, django_assert_num_queries
):
    from steerco.scoring.services import period_close

    live = overview.green_rate_trend(tree.tuyen_quang, web.today, ALL)
    closed = [period for period, _day in overview.trend_dates(web.today)[:-1]]
    for period in closed:
        assert period is not None
        period_close(period=period)
    with django_assert_num_queries(3):  # closed periods, their snapshots, today live
        frozen = overview.green_rate_trend(tree.tuyen_quang, web.today, ALL)
    assert [p.closed for p in frozen] == [True] * len(closed) + [False]
    assert [(p.green_rate, p.total) for p in frozen] == [(p.green_rate, p.total) for p in live]
