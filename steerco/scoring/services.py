"""Closing a reporting period: freeze what it reported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from steerco.directives.models import Task
from steerco.lib.periods import Period
from steerco.progress.classification import TaskClass
from steerco.progress.classification_sql import classify_tasks

from .chain_heads import current_heads
from .models import ReportingPeriod, SnapshotRow
from .selectors import evidence_missing
from .snapshots import fill_unit_rows

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class PeriodError(ValueError):
    pass


def period_record(period: Period) -> ReportingPeriod:
    record, _ = ReportingPeriod.objects.get_or_create(
        kind=period.kind.value,
        year=period.year,
        number=period.number,
        defaults={"starts_on": period.starts_on, "ends_on": period.ends_on},
    )
    return record


@transaction.atomic
def period_close(*, period: Period, user: User | None = None) -> ReportingPeriod:
    """Freeze counts by class per (lead unit, directive, field) as of the cut-off date.
    Later corrections then cannot silently rewrite what this period reported. The history's
    chain heads are recorded with them (`chain_heads`), so that `steerco audit verify`
    can prove later that the history they were counted from is unchanged."""
    record = ReportingPeriod.objects.select_for_update().filter(pk=period_record(period).pk).get()
    if record.closed_at is not None:
        raise PeriodError(f"{period.label('en')} was closed at {record.closed_at:%Y-%m-%d %H:%M}")
    as_of = record.ends_on
    aggregates = {cls.value: Count("pk", filter=Q(task_class=cls.value)) for cls in TaskClass}
    aggregates["completed_without_evidence"] = Count(
        "pk",
        filter=Q(
            task_class__in=[TaskClass.DONE_ON_TIME.value, TaskClass.DONE_LATE.value],
            no_evidence=True,
        ),
    )
    rows = (
        classify_tasks(Task.objects.all(), as_of)
        .annotate(no_evidence=evidence_missing(as_of))
        .values("lead_unit_id", "directive_id", "field")
        .annotate(**aggregates)
        .order_by("lead_unit_id", "directive_id", "field")
    )
    SnapshotRow.objects.bulk_create(
        [
            SnapshotRow(
                period=record,
                unit_id=r.pop("lead_unit_id"),
                directive_id=r.pop("directive_id"),
                field=r.pop("field"),
                **r,
            )
            for r in rows
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        fill_unit_rows(cursor, period_id=record.pk)
    record.closed_at = timezone.now()
    record.closed_by = user
    record.chain_heads = current_heads()
    record.save(update_fields=["closed_at", "closed_by", "chain_heads"])
    if connection.vendor == "sqlite":
        # SQLite keeps no statistics by itself; without them it reads every snapshot row
        # of a period to sum a province's (PostgreSQL's autovacuum analyzes on its own).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SnapshotRow._meta.db_table}")
            cursor.execute("ANALYZE scoring_snapshotunitrow")
    return record
