"""Reporting timeliness: did each peer's units report on their open tasks within the
last closed month, after its cut-off, or not at all?

Expected: tasks assigned by the month's cut-off, not cancelled and not completed
before the month began. On time: a report recorded within the month's window; late:
the first report recorded after the cut-off, by the as-of date; missing: none.

Each task's reporting marks and `reopened_on` (`steerco.progress.reporting`) answer
both questions for nearly every task from its own columns; the history is read only
where they cannot tell (a past as-of date, several reports after the cut-off, a
completion reopened during the month).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import IsNull
from django.utils import timezone

from steerco.directives.models import TaskState
from steerco.lib.periods import Period, PeriodKind, last_closed_period
from steerco.progress.models import ProgressUpdate, UpdateKind
from steerco.units.models import Unit

from .grouping import grouped_tasks
from .scope import ALL, Scope
from .scorecard import Timeliness

ON_TIME, LATE, MISSING = "on_time", "late", "missing"


def completed_before(day: date) -> Case:
    """The completion date carried by the task's last row before `day` (None: it was not
    completed when `day` began), from the task's cache where it answers."""
    history = Subquery(
        ProgressUpdate.objects.filter(task=OuterRef("pk"), reported_on__lt=day)
        .order_by("-reported_on", "-id")
        .values("completed_on")[:1]
    )
    return Case(
        When(last_reported_on__isnull=True, then=Value(None)),
        # No row since: the last row before `day` is the task's latest.
        When(last_reported_on__lt=day, then=F("completed_on")),
        # Completed since before `day`, without a break.
        When(state=TaskState.COMPLETED, completed_on__lt=day, then=F("completed_on")),
        # Otherwise completed on `day` only if a later row reopened it.
        When(Q(reopened_on__isnull=True) | Q(reopened_on__lt=day), then=Value(None)),
        default=history,
        output_field=DateField(),
    )


def reporting_status(start: datetime, end: datetime, until: datetime) -> Case:
    """ON_TIME (a report recorded in [start, end)), LATE (none, but one in
    [end, until)) or MISSING, from the task's reporting marks where they answer."""
    # `reported_on >= assigned_on` holds for every update (the services refuse earlier
    # ones); naming an outer column besides the task keeps PostgreSQL from turning the
    # probes into one hash of every report in the window, read in full even when only a
    # few tasks need a probe.
    reports = ProgressUpdate.objects.filter(
        task=OuterRef("pk"), kind=UpdateKind.REPORT, reported_on__gte=OuterRef("assigned_on")
    )
    in_window = Exists(reports.filter(recorded_at__gte=start, recorded_at__lt=end))
    after_cutoff = Exists(reports.filter(recorded_at__gte=end, recorded_at__lt=until))
    # Below, the latest report was recorded at or after `end`.
    late_or_missing = Case(
        When(last_report_at__lt=until, then=Value(LATE)),
        When(after_cutoff, then=Value(LATE)),
        default=Value(MISSING),
    )
    before_in_window = Q(report_before_window_at__gte=start, report_before_window_at__lt=end)
    # Nothing was recorded between the report before the latest one's month and that
    # month: when it began after `end`, the window saw no report but that one.
    window_empty = Q(report_window_start__gte=end) & (
        Q(report_before_window_at__isnull=True) | Q(report_before_window_at__lt=start)
    )
    return Case(
        When(last_report_at__isnull=True, then=Value(MISSING)),
        When(last_report_at__lt=start, then=Value(MISSING)),
        When(last_report_at__lt=end, then=Value(ON_TIME)),
        When(before_in_window, then=Value(ON_TIME)),
        When(window_empty, then=late_or_missing),
        When(in_window, then=Value(ON_TIME)),
        default=late_or_missing,
        output_field=CharField(),
    )


def month_window(period: Period) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(period.starts_on, time.min, tzinfo=tz)
    end = datetime.combine(period.ends_on + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def reporting_window(as_of: date) -> dict[str, Any]:
    """The last month closed by `as_of` and the moments that bound its reports: the
    values `reporting_expression` takes."""
    period = last_closed_period(as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY)
    start, end = month_window(period)
    until = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=start.tzinfo)
    return {
        "month_start": period.starts_on,
        "month_end": period.ends_on,
        "window_start": start,
        "window_end": end,
        "until": until,
    }


def reporting_expression(
    *,
    month_start: date,
    month_end: date,
    window_start: datetime,
    window_end: datetime,
    until: datetime,
) -> Case:
    """Per task, its reporting status in the month [month_start, month_end] (ON_TIME,
    LATE or MISSING), or None where nothing was expected of it."""
    expected = (
        Q(assigned_on__lte=month_end)
        & ~Q(cancelled_on__lt=month_start)
        & Q(IsNull(completed_before(month_start), True))
    )
    return Case(
        When(expected, then=reporting_status(window_start, window_end, until)),
        default=Value(None),
        output_field=CharField(),
    )


def month_label(as_of: date) -> str:
    return last_closed_period(as_of, PeriodKind.MONTH, settings.STEERCO_CUTOFF_DAY).label("en")


def add_status(timeliness: Timeliness, status: str | None, n: int) -> None:
    if status is None:
        return
    timeliness.expected += n
    if status == ON_TIME:
        timeliness.on_time += n
    elif status == LATE:
        timeliness.late += n
    else:
        timeliness.missing += n


def timeliness_by_peer(
    peers: Sequence[Unit], as_of: date, scope: Scope = ALL
) -> dict[int, Timeliness]:
    """Reporting timeliness of each peer's subtree in the last month closed by `as_of`
    (one query)."""
    status = reporting_expression(**reporting_window(as_of))
    rows = (
        grouped_tasks(peers, scope)
        .annotate(status=status)
        .filter(status__isnull=False)
        .values("peer", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_path = {p.path: p.pk for p in peers}
    result = {p.pk: Timeliness(period=month_label(as_of)) for p in peers}
    for row in rows:
        if row["peer"] in by_path:  # not a unit between the peers
            add_status(result[by_path[row["peer"]]], row["status"], row["n"])
    return result
