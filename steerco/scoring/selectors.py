"""Scorecards for many units in one query: tasks classified as of a date in SQL and
counted per peer unit (grouped by the peer's materialised-path prefix)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr

from steerco.directives.models import Task
from steerco.lib.compiled import run_compiled
from steerco.lib.planner import hash_groups
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import EvidenceFile, ProgressUpdate
from steerco.units.models import Unit

from . import summaries, summary_reads
from .cache import figures, scope_key, units_key
from .grouping import peer_depth, peer_span, tasks_between
from .models import ReportingPeriod, SnapshotRow, SnapshotUnitRow
from .scope import ALL, Scope
from .scorecard import ClassCounts, Timeliness
from .timeliness import (
    add_status,
    month_label,
    reporting_expression,
    reporting_window,
    timeliness_by_peer,
)


def evidence_missing(as_of: date) -> ExpressionWrapper:
    """True for a task with no update on or before `as_of` that names a product, gives a
    link or carries a file. The product/link lookup is one probe of a partial index per
    task; the tasks with files (far fewer than updates) are collected once."""
    # `reported_on >= the task's assigned_on` holds for every update (the services refuse
    # earlier ones); naming the outer column keeps PostgreSQL from hashing every evidence
    # row in the country for a province's dashboard instead of probing its tasks.
    with_text = ProgressUpdate.objects.filter(
        task=OuterRef("pk"), reported_on__gte=OuterRef("assigned_on"), reported_on__lte=as_of
    ).filter(~Q(product_symbol="") | ~Q(links=""))
    # Driven by the files (rowid lookups of their updates), never by a scan of the history.
    with_files = ProgressUpdate.objects.filter(
        pk__in=EvidenceFile.objects.values("update_id"), reported_on__lte=as_of
    ).values("task_id")
    return ExpressionWrapper(
        ~Q(Exists(with_text)) & ~Q(pk__in=with_files), output_field=BooleanField()
    )


def class_counts_by_peer(
    *,
    peers: Sequence[Unit],
    as_of: date,
    scope: Scope = ALL,
    use_snapshot: bool = True,
    with_timeliness: bool = True,
    with_evidence: bool = False,
) -> dict[int, ClassCounts]:
    """Counts by class for each peer's subtree, as of `as_of`, and (`with_timeliness`)
    the reporting timeliness of the last month closed by then — together in one query,
    which reads each task once. A closed period ending on `as_of` answers the counts
    from its snapshot (timeliness then takes a query of its own). Completions without
    evidence are counted only `with_evidence` (a probe per completed task)."""
    peers = list(peers)
    if not peers:
        return {}
    parts = (
        units_key(peers),
        as_of.isoformat(),
        scope_key(scope),
        use_snapshot,
        with_timeliness,
        with_evidence,
    )
    return figures(
        "counts-by-peer",
        parts,
        partial(
            _class_counts_by_peer,
            peers,
            as_of,
            scope,
            use_snapshot=use_snapshot,
            with_timeliness=with_timeliness,
            with_evidence=with_evidence,
        ),
    )


def _class_counts_by_peer(
    peers: list[Unit],
    as_of: date,
    scope: Scope,
    *,
    use_snapshot: bool,
    with_timeliness: bool,
    with_evidence: bool,
) -> dict[int, ClassCounts]:
    snapshot = closed_period_on(as_of=as_of) if use_snapshot else None
    if snapshot is not None:
        return _counts_from_snapshot(snapshot, peers, as_of, scope, with_timeliness=with_timeliness)
    return _counts_live(
        peers, as_of, scope, with_timeliness=with_timeliness, with_evidence=with_evidence
    )


def _counts_from_snapshot(
    snapshot: ReportingPeriod,
    peers: list[Unit],
    as_of: date,
    scope: Scope,
    *,
    with_timeliness: bool,
) -> dict[int, ClassCounts]:
    """The counts frozen when the period was closed; timeliness in a query of its own."""
    by_path = {p.path: p.pk for p in peers}
    result = {p.pk: ClassCounts() for p in peers}
    for row in _snapshot_counts(snapshot, peers, scope):
        counts = result[by_path[row["peer"]]]
        for name in (*(c.value for c in TaskClass), "completed_without_evidence"):
            setattr(counts, name, row[name] or 0)
    if with_timeliness:
        for pk, timeliness in timeliness_by_peer(peers, as_of, scope).items():
            result[pk].timeliness = timeliness
    return result


def _counts_live(
    peers: list[Unit],
    as_of: date,
    scope: Scope,
    *,
    with_timeliness: bool,
    with_evidence: bool,
) -> dict[int, ClassCounts]:
    """Classes, timeliness and (`with_evidence`) completions without evidence, counted per
    peer from the live tasks in one compiled query."""
    by_path = {p.path: p.pk for p in peers}
    result = {p.pk: ClassCounts() for p in peers}
    low, high = peer_span(peers)
    values: dict[str, Any] = {"as_of": as_of, "low": low, "high": high}
    if with_timeliness:
        values.update(reporting_window(as_of))
        for counts in result.values():
            counts.timeliness = Timeliness(period=month_label(as_of))
    if with_evidence:
        for counts in result.values():
            counts.completed_without_evidence = 0
    key = (
        "counts-by-peer",
        peer_depth(peers),
        scope.directive_ids,
        scope.field,
        with_timeliness,
        with_evidence,
    )
    build = partial(
        _counts_by_peer_query,
        length=peer_depth(peers),
        scope=scope,
        with_timeliness=with_timeliness,
        with_evidence=with_evidence,
    )
    tallies = (
        summary_reads.peer_tallies(as_of, low=low, high=high, length=peer_depth(peers), scope=scope)
        if not with_evidence and summaries.answer(as_of)
        else None
    )
    if tallies is not None:
        for peer, tally in tallies.items():
            if peer not in by_path:
                continue  # a unit between the peers, not one of them
            counts = result[by_path[peer]]
            for task_class, n in tally.classes.items():
                counts.add(task_class, n)
            if with_timeliness:
                for status, n in tally.statuses.items():
                    add_status(counts.timeliness, status, n)
        return result
    with hash_groups():
        rows = run_compiled(key, build, values)
    completed = {TaskClass.DONE_ON_TIME.value, TaskClass.DONE_LATE.value}
    for peer, task_class, no_evidence, status, n in rows:
        if peer not in by_path:
            continue  # a unit between the peers, not one of them
        counts = result[by_path[peer]]
        counts.add(task_class, n)
        if with_evidence and no_evidence and task_class in completed:
            counts.completed_without_evidence = (counts.completed_without_evidence or 0) + n
        if with_timeliness:
            add_status(counts.timeliness, status, n)
    return result


def _counts_by_peer_query(
    *,
    length: int,
    scope: Scope,
    with_timeliness: bool,
    with_evidence: bool,
    as_of: date,
    low: str,
    high: str,
    **window: Any,
) -> QuerySet:
    """(peer, class, no evidence, reporting status, count) rows: classes and reporting
    timeliness counted together, in one query that reads each task once. Grouped by
    class (not one filtered COUNT per class): the class expression and its subqueries
    appear once in the SQL."""
    classified = classify_tasks(tasks_between(low, high, length, scope), as_of)
    # Evidence matters only for completed tasks: look it up for those alone.
    no_evidence = (
        Case(
            When(c_done__isnull=False, then=evidence_missing(as_of)),
            default=Value(False),
            output_field=BooleanField(),
        )
        if with_evidence
        else Value(False)
    )
    status = (
        reporting_expression(**window) if with_timeliness else Value(None, output_field=CharField())
    )
    return (
        classified.annotate(no_evidence=no_evidence, status=status)
        .values_list("peer", "task_class", "no_evidence", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def class_counts(
    *, unit: Unit, as_of: date, scope: Scope = ALL, with_evidence: bool = False
) -> ClassCounts:
    return class_counts_by_peer(
        peers=[unit], as_of=as_of, scope=scope, with_evidence=with_evidence
    )[unit.pk]


def class_counts_by_directive(
    *, unit: Unit, as_of: date, scope: Scope = ALL, use_snapshot: bool = True
) -> dict[int, ClassCounts]:
    """Counts by class of the unit's subtree for each directive in `scope`, in one query
    (no reporting timeliness). Directives without a task are absent."""
    result: dict[int, ClassCounts] = {}
    snapshot = closed_period_on(as_of=as_of) if use_snapshot else None
    if snapshot is not None:
        names = (*(c.value for c in TaskClass), "completed_without_evidence")
        rows = (
            SnapshotRow.objects.filter(period=snapshot)
            .filter(scope.task_q(), unit__path__gte=unit.path, unit__path__lt=unit.upper_path)
            .values("directive_id")
            .annotate(**{n: Sum(n) for n in names})
            .order_by("directive_id")
        )
        for row in rows:
            values: dict = dict(row)
            counts = result.setdefault(values["directive_id"], ClassCounts())
            for name in names:
                setattr(counts, name, values[name] or 0)
        return result
    tallies = (
        summary_reads.directive_tallies(as_of, low=unit.path, high=unit.upper_path, scope=scope)
        if summaries.answer(as_of)
        else None
    )
    if tallies is not None:
        for directive_id, classes in tallies.items():
            counts = result.setdefault(directive_id, ClassCounts())
            for task_class, n in classes.items():
                counts.add(task_class, n)
        return result
    rows = (
        classify_tasks(Task.objects.in_subtree(unit).filter(scope.task_q()), as_of)
        .values("directive_id", "task_class")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        result.setdefault(row["directive_id"], ClassCounts()).add(row["task_class"], row["n"])
    return result


def closed_period_on(*, as_of: date) -> ReportingPeriod | None:
    """The closed reporting period whose cut-off is `as_of`, if any: counts as of that day
    are read from its snapshot (and a report says they are frozen)."""
    return (
        ReportingPeriod.objects.filter(ends_on=as_of, closed_at__isnull=False)
        .order_by("pk")
        .first()
    )


def _snapshot_counts(
    period: ReportingPeriod, peers: Sequence[Unit], scope: Scope
) -> Iterable[Mapping[str, Any]]:
    """The snapshot's sums by class for each peer, one row a peer (`peer` is its path)."""
    length = peer_depth(peers)
    if scope.directive_ids is None and not scope.field:  # every directive and field
        units = SnapshotUnitRow.objects.filter(period=period).annotate(
            peer=Substr("unit__path", 1, length)
        )
        names = (*(c.value for c in TaskClass), "completed_without_evidence")
        return (
            units.filter(peer__in=[p.path for p in peers])
            .values("peer")
            .annotate(**{n: Sum(n) for n in names})
            .order_by("peer")
        )
    rows = SnapshotRow.objects.filter(period=period).filter(scope.task_q())
    rows = rows.annotate(peer=Substr("unit__path", 1, length)).filter(
        peer__in=[p.path for p in peers]
    )
    names = (*(c.value for c in TaskClass), "completed_without_evidence")
    return rows.values("peer").annotate(**{n: Sum(n) for n in names}).order_by("peer")
