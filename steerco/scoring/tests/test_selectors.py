"""Scorecards from the database: subtree scoping, scopes, peers, timeliness, snapshots."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from steerco.lib.periods import Period, PeriodKind
from steerco.progress.services import completion_return, progress_report
from steerco.scoring.ranking_table import ranking
from steerco.scoring.scope import scope_for
from steerco.scoring.selectors import class_counts, class_counts_by_peer
from steerco.scoring.services import PeriodError, period_close
from tests.factories import make_directive, make_task

AS_OF = date(2025, 10, 20)


@pytest.fixture
def plan(tree):
    return make_directive(tree.committee, symbol="02-KH/BCĐTW")


def test_a_province_counts_the_tasks_of_its_departments_and_communes_but_not_its_neighbours(
    tree, plan
):
    make_task(plan, tree.tuyen_quang)
    make_task(plan, tree.tq_skhcn)
    make_task(plan, tree.lam_binh)
    make_task(plan, tree.cao_bang)
    make_task(plan, tree.cb_skhcn)
    assert class_counts(unit=tree.tuyen_quang, as_of=AS_OF).total == 3
    assert class_counts(unit=tree.cao_bang, as_of=AS_OF).total == 2
    assert class_counts(unit=tree.lam_binh, as_of=AS_OF).total == 1
    assert class_counts(unit=tree.root, as_of=AS_OF).total == 5


def test_scope_of_a_directive_with_its_implementing_directives(tree, plan):
    programme = make_directive(tree.tuyen_quang, symbol="01-CTr/TU", implements=plan)
    other = make_directive(tree.committee, symbol="81-KL/TW")
    make_task(plan, tree.tq_skhcn)
    make_task(programme, tree.lam_binh)
    make_task(other, tree.tq_stc)
    assert class_counts(unit=tree.tuyen_quang, as_of=AS_OF, scope=scope_for(plan)).total == 1
    assert (
        class_counts(
            unit=tree.tuyen_quang, as_of=AS_OF, scope=scope_for(plan, with_implementing=True)
        ).total
        == 2
    )
    assert class_counts(unit=tree.tuyen_quang, as_of=AS_OF).total == 3


def test_scope_of_a_field(tree, plan):
    make_task(plan, tree.tq_skhcn, field="digital_transformation")
    make_task(plan, tree.tq_skhcn, field="environment")
    assert (
        class_counts(unit=tree.tuyen_quang, as_of=AS_OF, scope=scope_for(field="environment")).total
        == 1
    )


def test_counts_for_every_peer_come_from_one_query(tree, plan, django_assert_num_queries):
    for lead in (tree.tq_skhcn, tree.lam_binh, tree.cb_skhcn):
        task = make_task(plan, lead, due_on=date(2025, 6, 30))
        progress_report(
            task=task,
            reported_on=date(2025, 6, 1),
            state="completed",
            recorded_at=_at(date(2025, 6, 1)),
        )
    make_task(plan, tree.thuc_phan, due_on=date(2025, 6, 30))
    peers = [tree.tuyen_quang, tree.cao_bang]
    with django_assert_num_queries(3):  # classes with timeliness, the summaries' day, closed period
        counts = class_counts_by_peer(peers=peers, as_of=AS_OF)
    assert (counts[tree.tuyen_quang.pk].done_on_time, counts[tree.tuyen_quang.pk].overdue) == (2, 0)
    assert (counts[tree.cao_bang.pk].done_on_time, counts[tree.cao_bang.pk].overdue) == (1, 1)


def test_ranking_of_provinces_with_the_change_since_the_previous_period(tree, plan):
    tq_task = make_task(plan, tree.tq_skhcn, due_on=date(2025, 9, 1))
    cb_task = make_task(plan, tree.cb_skhcn, due_on=date(2025, 9, 1))
    progress_report(
        task=cb_task,
        reported_on=date(2025, 6, 1),
        state="completed",
        recorded_at=_at(date(2025, 6, 1)),
    )
    progress_report(
        task=tq_task,
        reported_on=date(2025, 8, 1),
        state="completed",
        recorded_at=_at(date(2025, 8, 1)),
    )
    make_task(plan, tree.thuc_phan, due_on=date(2025, 9, 1))
    rows = ranking(
        [tree.tuyen_quang, tree.cao_bang],
        AS_OF,
        previous_on=date(2025, 7, 1),
        metric="completion_rate",
    )
    by_code = {r.unit.code: r for r in rows}
    assert (by_code["08"].rank, by_code["08"].change) == (1, 1)
    assert (by_code["04"].rank, by_code["04"].change) == (2, -1)


def test_tied_peers_share_a_rank(tree, plan):
    for lead in (tree.tq_skhcn, tree.cb_skhcn):
        progress_report(
            task=make_task(plan, lead),
            reported_on=date(2025, 6, 1),
            state="completed",
            recorded_at=_at(date(2025, 6, 1)),
        )
    rows = ranking([tree.tuyen_quang, tree.cao_bang], AS_OF)
    assert [r.rank for r in rows] == [1, 1]


def _at(day, hour=9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_reporting_timeliness_counts_a_recurring_task_that_missed_a_period(tree, plan):
    # The last closed month before 20 Oct 2025 runs 15 Sep – 14 Oct.
    reported = make_task(plan, tree.tq_skhcn, recurring=True, cadence="month")
    missed = make_task(plan, tree.tq_stc, recurring=True, cadence="month")
    late = make_task(plan, tree.lam_binh, recurring=True, cadence="month")
    progress_report(
        task=reported,
        reported_on=date(2025, 10, 10),
        state="in_progress",
        recorded_at=_at(date(2025, 10, 10)),
    )
    progress_report(
        task=missed,
        reported_on=date(2025, 9, 10),
        state="in_progress",
        recorded_at=_at(date(2025, 9, 10)),
    )
    progress_report(
        task=late,
        reported_on=date(2025, 10, 16),
        state="in_progress",
        recorded_at=_at(date(2025, 10, 16)),
    )
    t = class_counts(unit=tree.tuyen_quang, as_of=AS_OF).timeliness
    assert (t.expected, t.on_time, t.late, t.missing) == (3, 1, 1, 1)
    assert class_counts(unit=tree.tuyen_quang, as_of=AS_OF).regular == 3


def test_reporting_timeliness_as_of_a_past_day_ignores_a_completion_returned_later(tree, plan):
    # Completed before the month 15 Sep – 14 Oct began, so nothing was expected of it
    # then; returning the completion in November must not rewrite that past figure.
    task = make_task(plan, tree.tq_skhcn, due_on=date(2025, 12, 31))
    progress_report(
        task=task,
        reported_on=date(2025, 9, 1),
        state="completed",
        recorded_at=_at(date(2025, 9, 1)),
    )
    before = class_counts(unit=tree.tuyen_quang, as_of=AS_OF).timeliness
    completion_return(task=task, decided_on=date(2025, 11, 5), reason="Thiếu minh chứng")
    after = class_counts(unit=tree.tuyen_quang, as_of=AS_OF).timeliness
    assert before.expected == after.expected == 0


def test_a_closed_period_keeps_what_it_reported_after_later_corrections(tree, plan):
    q3 = Period(PeriodKind.QUARTER, 2025, 3)
    task = make_task(plan, tree.tq_skhcn, due_on=date(2025, 12, 31))
    progress_report(
        task=task,
        reported_on=date(2025, 9, 1),
        state="in_progress",
        recorded_at=_at(date(2025, 9, 1)),
    )
    period_close(period=q3)
    # A unit later reports, speaking for a date inside the closed period (within a week,
    # so that the completion counts without waiting for acceptance).
    progress_report(
        task=task,
        reported_on=date(2025, 9, 10),
        state="completed",
        recorded_at=_at(date(2025, 9, 16)),
    )
    assert class_counts(unit=tree.tuyen_quang, as_of=q3.ends_on).on_track == 1
    assert (
        class_counts_by_peer(peers=[tree.tuyen_quang], as_of=q3.ends_on, use_snapshot=False)[
            tree.tuyen_quang.pk
        ].completed
        == 1
    )
    with pytest.raises(PeriodError):
        period_close(period=q3)


def test_completion_without_evidence_is_counted(tree, plan):
    with_evidence = make_task(plan, tree.tq_skhcn)
    without = make_task(plan, tree.tq_stc)
    progress_report(
        task=with_evidence,
        reported_on=date(2025, 6, 1),
        state="completed",
        product_symbol="15/QĐ-UBND",
        recorded_at=_at(date(2025, 6, 1)),
    )
    progress_report(
        task=without,
        reported_on=date(2025, 6, 1),
        state="completed",
        recorded_at=_at(date(2025, 6, 1)),
    )
    assert (
        class_counts(
            unit=tree.tuyen_quang, as_of=AS_OF, with_evidence=True
        ).completed_without_evidence
        == 1
    )
    # Not asked for, it is unknown, never a silent zero.
    assert class_counts(unit=tree.tuyen_quang, as_of=AS_OF).completed_without_evidence is None


def test_counts_by_directive_agree_with_one_scorecard_per_directive(
    tree, plan, django_assert_num_queries
):
    from steerco.scoring.selectors import class_counts_by_directive

    programme = make_directive(tree.tuyen_quang, symbol="01-CTr/TU", implements=plan)
    done = make_task(plan, tree.tq_skhcn, due_on=date(2025, 6, 30))
    progress_report(
        task=done,
        reported_on=date(2025, 7, 2),
        state="completed",
        recorded_at=_at(date(2025, 7, 2)),
    )
    make_task(plan, tree.lam_binh, due_on=date(2025, 6, 30))
    make_task(programme, tree.tq_stc, due_on=date(2025, 12, 31))
    make_task(programme, tree.cb_skhcn)  # another province
    with django_assert_num_queries(3):  # closed-period lookup, summaries' day, grouped counts
        by_directive = class_counts_by_directive(unit=tree.tuyen_quang, as_of=AS_OF)
    for directive in (plan, programme):
        expected = class_counts(unit=tree.tuyen_quang, as_of=AS_OF, scope=scope_for(directive))
        got = by_directive[directive.pk]
        assert (got.done_late, got.overdue, got.on_track, got.total) == (
            expected.done_late,
            expected.overdue,
            expected.on_track,
            expected.total,
        )
    assert (by_directive[plan.pk].done_late, by_directive[plan.pk].overdue) == (1, 1)


def test_a_unit_between_the_peers_is_not_counted_for_any_of_them(tree, plan):
    # Sở Tài chính sits between the two peers in the tree; its task belongs to neither.
    assert tree.tq_skhcn.path < tree.tq_stc.path < tree.lam_binh.path
    make_task(plan, tree.tq_skhcn, due_on=date(2025, 12, 31))
    make_task(plan, tree.tq_stc, due_on=date(2025, 12, 31))
    make_task(plan, tree.lam_binh, due_on=date(2025, 12, 31), recurring=False)
    counts = class_counts_by_peer(peers=[tree.tq_skhcn, tree.lam_binh], as_of=AS_OF)
    assert set(counts) == {tree.tq_skhcn.pk, tree.lam_binh.pk}
    assert [c.total for c in counts.values()] == [1, 1]
    assert [c.timeliness.expected for c in counts.values()] == [1, 1]


def test_a_closed_periods_counts_of_every_directive_are_its_snapshot_rows_summed_per_unit(
    tree, plan, settings
):
    from steerco.scoring.models import SnapshotUnitRow
    from steerco.scoring.scope import Scope

    settings.STEERCO_FIGURES_CACHE = False
    other = make_directive(tree.tuyen_quang, symbol="01-CTr/TU")
    q3 = Period(PeriodKind.QUARTER, 2025, 3)
    for directive, lead, due, field in [
        (plan, tree.tq_skhcn, date(2025, 8, 1), "environment"),
        (plan, tree.tq_skhcn, date(2025, 12, 1), "digital_transformation"),
        (other, tree.tq_skhcn, date(2025, 8, 1), "environment"),
        (other, tree.lam_binh, date(2025, 12, 1), ""),
        (plan, tree.cb_skhcn, date(2025, 8, 1), ""),
    ]:
        make_task(directive, lead, due_on=due, field=field)
    period_close(period=q3)
    # Two snapshot rows of SKHCN's (two directives, two fields) make one unit row.
    assert SnapshotUnitRow.objects.filter(unit=tree.tq_skhcn).get().overdue == 2
    peers = [tree.tuyen_quang, tree.cao_bang]
    every = class_counts_by_peer(peers=peers, as_of=q3.ends_on)  # the unit rows
    by_rows = class_counts_by_peer(  # the same tasks through the snapshot rows
        peers=peers, as_of=q3.ends_on, scope=Scope(directive_ids=frozenset({plan.pk, other.pk}))
    )
    assert every == by_rows
    assert (every[tree.tuyen_quang.pk].overdue, every[tree.tuyen_quang.pk].on_track) == (2, 2)
