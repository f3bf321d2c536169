"""Scorecards for many units in one query: tasks classified as of a date in SQL and
counted per peer unit (grouped by the peer's materialised-path prefix)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.utils import timezone

from steerco.directives.models import Task
from steerco.lib.periods import PeriodKind, last_closed_period
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks
from steerco.progress.models import EvidenceFile, ProgressUpdate
from steerco.units.models import Unit

from .models import ReportingPeriod, SnapshotRow
from .scope import ALL, Scope
from .scorecard import ClassCounts, Timeliness


def _peer_depth(peers: Sequence[Unit]) -> int:
    lengths = {len(p.path) for p in peers}
    if len(lengths) != 1:
        raise ValueError("peers must be at one level of the tree")
    return lengths.pop()


def _grouped_tasks(peers: Sequence[Unit], scope: Scope, prefix: str = "lead_unit__") -> QuerySet:
    length = _peer_depth(peers)
    low = min(p.path for p in peers)
    high = max(p.upper_path for p in peers)
    return (
        Task.objects.filter(scope.task_q())
        .filter(**{f"{prefix}path__gte": low, f"{prefix}path__lt": high})
        .annotate(peer=Substr(f"{prefix}path", 1, length))
        .filter(peer__in=[p.path for p in peers])
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
    peers: Sequence[Unit],
    as_of: date,
    scope: Scope = ALL,
    *,
    use_snapshot: bool = True,
    with_timeliness: bool = True,
    with_evidence: bool = False,
) -> dict[int, ClassCounts]:
    """Counts by class for each peer's subtree, as of `as_of`. One query (plus one for
    reporting timeliness, unless `with_timeliness` is off); a closed period ending on
    `as_of` answers from its snapshot. Completions without evidence are counted only
    `with_evidence` (a probe per completed task: most of a national ranking's time)."""
    peers = list(peers)
    if not peers:
        return {}
    by_path = {p.path: p.pk for p in peers}
    result = {p.pk: ClassCounts() for p in peers}
    snapshot = _closed_period_on(as_of) if use_snapshot else None
    if snapshot is not None:
        for row in _snapshot_counts(snapshot, peers, scope):
            counts = result[by_path[row["peer"]]]
            for name in (*(c.value for c in TaskClass), "completed_without_evidence"):
                setattr(counts, name, row[name] or 0)
    else:
        # Grouped by class (not one filtered COUNT per class): the class expression and
        # its subqueries appear once in the SQL, which keeps compiling and running it cheap.
        classified = classify_tasks(_grouped_tasks(peers, scope), as_of)
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
        rows = (
            classified.annotate(no_evidence=no_evidence)
            .values("peer", "task_class", "no_evidence")
            .annotate(n=Count("pk"))
            .order_by()
        )
        if with_evidence:
            for counts in result.values():
                counts.completed_without_evidence = 0
        completed = {TaskClass.DONE_ON_TIME.value, TaskClass.DONE_LATE.value}
        for row in rows:
            counts = result[by_path[row["peer"]]]
            counts.add(row["task_class"], row["n"])
            if with_evidence and row["no_evidence"] and row["task_class"] in completed:
                counts.completed_without_evidence = (counts.completed_without_evidence or 0) + row[
                    "n"
                ]
    if with_timeliness:
        for pk, timeliness in timeliness_by_peer(peers, as_of, scope).items():
            result[pk].timeliness = timeliness
    return result


def class_counts(
    unit: Unit, as_of: date, scope: Scope = ALL, *, with_evidence: bool = False
) -> ClassCounts:
    return class_counts_by_peer([unit], as_of, scope, with_evidence=with_evidence)[unit.pk]


def class_counts_by_directive(
    unit: Unit, as_of: date, scope: Scope = ALL, *, use_snapshot: bool = True
) -> dict[int, ClassCounts]:
    """Counts by class of the unit's subtree for each directive in `scope`, in one query
    (no reporting timeliness). Directives without a task are absent."""
    result: dict[int, ClassCounts] = {}
    snapshot = _closed_period_on(as_of) if use_snapshot else None
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
    rows = (
        classify_tasks(Task.objects.in_subtree(unit).filter(scope.task_q()), as_of)
        .values("directive_id", "task_class")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        result.setdefault(row["directive_id"], ClassCounts()).add(row["task_class"], row["n"])
    return result


def _closed_period_on(as_of: date) -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.filter(ends_on=as_of, closed_at__isnull=False)
        .order_by("pk")
        .first()
    )


def _snapshot_counts(period: ReportingPeriod, peers: Sequence[Unit], scope: Scope):
    length = _peer_depth(peers)
    rows = SnapshotRow.objects.filter(period=period).filter(scope.task_q())
    rows = rows.annotate(peer=Substr("unit__path", 1, length)).filter(
        peer__in=[p.path for p in peers]
    )
    names = (*(c.value for c in TaskClass), "completed_without_evidence")
    return rows.values("peer").annotate(**{n: Sum(n) for n in names}).order_by("peer")


def timeliness_by_peer(
    peers: Sequence[Unit], as_of: date, scope: Scope = ALL
) -> dict[int, Timeliness]:
    """Did each peer's units report on their open tasks in the last closed month?

    Expected: tasks assigned by the month's cut-off, not cancelled and not completed
    before the month began. On time: an update recorded within the month's window;
    late: the first update recorded after the cut-off, by `as_of`; missing: none."""
    period = last_closed_period(as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY)
    tz = timezone.get_current_timezone()
    start = datetime.combine(period.starts_on, time.min, tzinfo=tz)
    end = datetime.combine(period.ends_on + timedelta(days=1), time.min, tzinfo=tz)
    until = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=tz)
    updates = ProgressUpdate.objects.filter(task=OuterRef("pk"), kind="report")
    # Completed when the month began, by the history (the task's cached completion date
    # forgets a completion returned later, which would rewrite a past figure).
    # A task whose latest update is before the month began needs no lookup: that update
    # is its last one before the month, whose completion date the task caches.
    completed_before = Case(
        When(last_reported_on__isnull=True, then=Value(None)),
        When(last_reported_on__lt=period.starts_on, then=F("completed_on")),
        default=Subquery(
            ProgressUpdate.objects.filter(task=OuterRef("pk"), reported_on__lt=period.starts_on)
            .order_by("-reported_on", "-id")
            .values("completed_on")[:1]
        ),
        output_field=DateField(),
    )
    tasks = (
        _grouped_tasks(peers, scope)
        .filter(assigned_on__lte=period.ends_on)
        .exclude(cancelled_on__lt=period.starts_on)
        .annotate(completed_before=completed_before)
        .filter(completed_before__isnull=True)
        .annotate(
            on_time=Exists(updates.filter(recorded_at__gte=start, recorded_at__lt=end)),
            late=Exists(updates.filter(recorded_at__gte=end, recorded_at__lt=until)),
        )
    )
    rows = (
        tasks.values("peer")
        .annotate(
            expected=Count("pk"),
            n_on_time=Count("pk", filter=Q(on_time=True)),
            n_late=Count("pk", filter=Q(on_time=False, late=True)),
        )
        .order_by("peer")
    )
    by_path = {p.path: p.pk for p in peers}
    result = {p.pk: Timeliness(period=period.label("en")) for p in peers}
    for row in rows:
        t = result[by_path[row["peer"]]]
        t.expected, t.on_time, t.late = row["expected"], row["n_on_time"], row["n_late"]
        t.missing = t.expected - t.on_time - t.late
    return result
