"""Writes to the progress history. Every function is atomic, appends, and keeps the
task's cached current state in step in the same transaction.

Every row appended is linked to its chain (`steerco.lib.hashchain.seal`: the task's
history, its extension requests, its decisions; an update's evidence files) under the
task's row lock (`_locked`), so two writers on one task cannot fork a chain."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.directives.models import TASK_CACHE_FIELDS, Task, TaskState
from steerco.directives.permissions import may
from steerco.lib.compiled import run_compiled
from steerco.lib.hashchain import seal, seal_many
from steerco.lib.rows import get_row, insert_row
from steerco.lib.vietnamese import format_short_date
from steerco.units.models import Unit
from steerco.units.permissions import Action

from .actions import (
    awaiting_acceptance,
    extension_approvable,
    extension_request_late,
    extension_undecided,
    may_request_extension,
)
from .classification import ApprovedExtension
from .history_step import Event, Rules, TaskCacheState, deadline_decided, step
from .models import (
    EvidenceFile,
    Extension,
    ExtensionDecision,
    ExtensionStatus,
    ProgressUpdate,
    UpdateKind,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class ProgressError(ValueError):
    """A progress write that cannot be made; the message says why, naming the field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class UploadedEvidence:
    name: str
    content_type: str
    size: int
    file: object  # a django File


def _locked(task: Task) -> Task:
    """The task read again under its row lock, with its directive."""
    locked = get_row(Task, task.pk, related=("directive",), for_update=True)
    if locked is None:
        raise Task.DoesNotExist(f"task {task.pk} is gone")
    return locked


def _requires_acceptance(task: Task) -> bool:
    return task.directive.requires_acceptance


def _check_date(
    task: Task, *, kind: str, reported_on: date, recorded_at: datetime, author: User | None
) -> bool:
    """Refuse a date the row may not speak for; True when the row is a report dated back
    further than reporters may, by a manager of the task (the row is marked so).

    Every row speaks for a day no later than the one it is recorded on (the server's date
    in TIME_ZONE). A report speaks for a day at most STEERCO_REPORT_BACKDATE_DAYS before
    that; older ones only from a manager of the task. (Acceptances, returns and
    cancellations are a manager's decisions: only the first rule applies to them.)"""
    today = timezone.localdate(recorded_at)
    if reported_on > today:
        raise ProgressError(
            _(
                "The date an update speaks for (as of, %(day)s) cannot be after the day it is "
                "recorded (%(today)s)."
            )
            % {"day": format_short_date(reported_on), "today": format_short_date(today)},
            "reported_on",
        )
    if kind != UpdateKind.REPORT:
        return False
    earliest = today - timedelta(days=settings.STEERCO_REPORT_BACKDATE_DAYS)
    if reported_on >= earliest:
        return False
    if author is not None and may(author, Action.MANAGE, task):
        return True
    raise ProgressError(
        _(
            "The date an update speaks for (as of, %(day)s) can be at most %(n)d days back, "
            "from %(earliest)s; only a manager of the task may record an older one."
        )
        % {
            "day": format_short_date(reported_on),
            "n": settings.STEERCO_REPORT_BACKDATE_DAYS,
            "earliest": format_short_date(earliest),
        },
        "reported_on",
    )


def _append(
    task: Task,
    *,
    kind: str,
    reported_on: date,
    state: str = "",
    percent: int = 0,
    recorded_at: datetime | None = None,
    **fields: Any,
) -> ProgressUpdate:
    """Append one history row to a locked task and refresh the task's cache, both as the
    history rule (`history_step.step`) computes them. `state` and `percent` are a
    report's; a decision's are the rule's.

    `recorded_at` is now: only tests and loaders replaying a history pass another moment,
    never a value from a request."""
    update, before, after = _next_row(
        task,
        kind=kind,
        reported_on=reported_on,
        state=state,
        percent=percent,
        recorded_at=recorded_at,
        **fields,
    )
    seal(update)
    try:
        insert_row(update)  # one statement made once: a report's largest ORM cost
    except IntegrityError as exc:
        # The only unique column written here is the idempotency key, and a repeat was
        # answered before the insert: the key was just used by a form for another task,
        # recorded under that task's lock while this one waited for its own.
        # (The caller's transaction is rolled back as the error leaves it.)
        if fields.get("idempotency_key"):
            raise _used_for_another_task() from exc
        raise
    _cache_save(task, before, after)
    return update


def _next_row(
    task: Task,
    *,
    kind: str,
    reported_on: date,
    state: str = "",
    percent: int = 0,
    recorded_at: datetime | None = None,
    earlier_reports: Iterable[datetime] | None = None,
    **fields: Any,
) -> tuple[ProgressUpdate, TaskCacheState, TaskCacheState]:
    """The row an event appends to a locked task (not saved, not sealed) and the task's
    cache before and after it; refused with a ProgressError. `earlier_reports`: the times
    of the task's earlier reports, read lazily (default: from the database)."""
    _check_open_and_in_order(task, reported_on)
    recorded_at = recorded_at or timezone.now()
    backdated = _check_date(
        task,
        kind=kind,
        reported_on=reported_on,
        recorded_at=recorded_at,
        author=fields.get("author"),
    )
    if not 0 <= percent <= 100:
        raise ProgressError(_("Percent must be between 0 and 100."), "percent")
    before = TaskCacheState.of(task)
    row, after = step(
        before,
        Event(kind, reported_on, recorded_at, state, percent, backdated),
        Rules.from_settings(_requires_acceptance(task)),
        # Read only where the task's reporting marks cannot tell the new ones.
        earlier_reports=(earlier_reports if earlier_reports is not None else _report_times(task)),
    )
    return ProgressUpdate(task=task, **row.values(), **fields), before, after


def _report_times(task: Task) -> Iterator[datetime]:
    """When the task's reports were recorded: read at the first ask (a generator, so a
    report whose marks tell the new ones builds no query at all)."""
    yield from ProgressUpdate.objects.filter(task=task, kind=UpdateKind.REPORT).values_list(
        "recorded_at", flat=True
    )


def _check_open_and_in_order(task: Task, reported_on: date) -> None:
    """Refuse a row for a cancelled task, or one that speaks for a date before the task's
    latest update or before the task was assigned."""
    if task.cancelled_on is not None:
        raise ProgressError(
            _("This task was cancelled on %(day)s.")
            % {"day": format_short_date(task.cancelled_on)},
            "task",
        )
    if task.last_reported_on and reported_on < task.last_reported_on:
        raise ProgressError(
            _(
                "An update cannot speak for a date (%(day)s) before the task's latest update (%(last)s)."
            )
            % {
                "day": format_short_date(reported_on),
                "last": format_short_date(task.last_reported_on),
            },
            "reported_on",
        )
    if reported_on < task.assigned_on:
        raise ProgressError(
            _("An update cannot speak for a date before the task was assigned (%(day)s).")
            % {"day": format_short_date(task.assigned_on)},
            "reported_on",
        )


def _caches_save(tasks: list[Task], before: dict[int, TaskCacheState]) -> None:
    """Write the cache fields that changed on any of the locked tasks (whose attributes
    hold their new cache): one statement run for every task (executemany), where the
    ORM's bulk_update would build a CASE per field and task."""
    changed = sorted(
        {
            name
            for task in tasks
            for name, value in TaskCacheState.of(task).values().items()
            if value != getattr(before[task.pk], name)
        }
    )
    if not changed:
        return
    fields = [cast(Field, Task._meta.get_field(name)) for name in changed]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - names from the model
        quote(Task._meta.db_table),
        ", ".join(f"{quote(str(f.column))} = %s" for f in fields),
        quote(str(Task._meta.pk.column)),
    )
    params = [
        [f.get_db_prep_save(getattr(task, f.attname), connection) for f in fields] + [task.pk]
        for task in tasks
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _cache_save(task: Task, before: TaskCacheState, after: TaskCacheState) -> None:
    """Write the cache fields that changed onto the locked task.

    The deadline in force is the one cache field the audit trail records (a manager moves
    it by deciding an extension: steerco/audit/capture.py), through the save's signals;
    the others, moved by every report, are written by one plain UPDATE."""
    changed = [name for name, value in after.values().items() if value != getattr(before, name)]
    for name in changed:
        setattr(task, name, getattr(after, name))
    if "due_on" in changed:
        task.save(update_fields=changed)
    else:
        _caches_save([task], {task.pk: before})


@transaction.atomic
def progress_report(
    *,
    task: Task,
    reported_on: date,
    state: str | None = None,
    percent: int | None = None,
    done: str = "",
    obstacles: str = "",
    proposals: str = "",
    product_symbol: str = "",
    product_date: date | None = None,
    links: str = "",
    unit: Unit | None = None,
    author: User | None = None,
    idempotency_key: str | None = None,
    files: list[UploadedEvidence] | None = None,
    recorded_at: datetime | None = None,
) -> ProgressUpdate:
    """Record what a unit reports on a task.

    Only the lead unit reports the task's state and percent: an update for another unit
    (a coordinating one) reports its contribution and carries the task's state and percent
    (None: carried too); a different state or percent from it is refused. `unit` None is a
    report for the lead unit.

    A second submission with the same idempotency key by the same author for the same task
    returns the first update instead of creating another; the key used by another author
    or for another task is refused.

    `recorded_at` is for tests and loaders replaying a history only; the web and the
    intake never pass it (the server's clock dates every row)."""
    _check_state(state)
    locked = _locked(task)
    if idempotency_key:
        existing = _earlier_submission(locked, idempotency_key, author)
        if existing is not None:
            return existing
    state, percent = _reported_state(locked, unit, state, percent)
    update = _append(
        locked,
        kind=UpdateKind.REPORT,
        reported_on=reported_on,
        state=state,
        percent=percent,
        done=done,
        obstacles=obstacles,
        proposals=proposals,
        product_symbol=product_symbol,
        product_date=product_date,
        links=links,
        unit=unit,
        author=author,
        idempotency_key=idempotency_key or None,
        recorded_at=recorded_at,
    )
    _attach(update, files or [])
    _sync_instance(task, locked)
    return update


def _check_state(state: str | None) -> None:
    if state is not None and state not in TaskState.values:
        raise ProgressError(_("Unknown state %(state)r.") % {"state": state}, "state")


def _earlier_submission(
    locked: Task, idempotency_key: str, author: User | None
) -> ProgressUpdate | None:
    """The update an earlier submission of the same form recorded, if any; refused when
    the key was used for another task or by another author."""
    # Under the task's lock: a second submission of the same form waits for the first
    # to commit, then finds its update here.
    rows = run_compiled(
        "update by idempotency key",
        lambda key: (
            ProgressUpdate.objects.filter(idempotency_key=key)
            .values_list("pk", "task_id", "author_id")
            .order_by()
        ),
        {"key": idempotency_key},
    )
    if not rows:
        return None
    existing = rows[0]
    _check_repeat(locked, existing[1], existing[2], author)
    return ProgressUpdate.objects.get(pk=existing[0])


def _check_repeat(locked: Task, task_id: int, author_id: int | None, author: User | None) -> None:
    """A key recorded for `task_id` by `author_id` makes a submission a repeat of that one;
    refused when it was another task or another author."""
    if task_id != locked.pk:
        raise _used_for_another_task()
    if author_id != getattr(author, "pk", None):
        raise ProgressError(
            _(
                "This form was already sent by another user, and nothing was recorded "
                "from you; open the task and report again."
            ),
            "idempotency_key",
        )


def _reported_state(
    locked: Task, unit: Unit | None, state: str | None, percent: int | None
) -> tuple[str, int]:
    """The state and percent a report records: a coordinating unit's carry the task's, an
    omitted state is the task's, an omitted percent follows from the state. A recurring
    task is never completed, and a completed one is 100% done."""
    if unit is not None and unit.pk != locked.lead_unit_id:
        state, percent = _contribution(locked, unit, state, percent)
    if state is None:
        state = locked.state
    if locked.recurring and state == TaskState.COMPLETED:
        raise ProgressError(
            _("A recurring task is reported every period and is never completed."), "state"
        )
    if percent is None:
        percent = (
            100
            if state == TaskState.COMPLETED
            else (0 if state == TaskState.NOT_STARTED else locked.percent)
        )
    if state == TaskState.COMPLETED and percent != 100:
        raise ProgressError(_("A completed task is 100% done."), "percent")
    return state, percent


def _attach(update: ProgressUpdate, files: list[UploadedEvidence]) -> None:
    for upload in files:
        evidence = EvidenceFile(
            update=update,
            name=upload.name,
            size=upload.size,
            content_type=upload.content_type,
            sha256=file_sha256(upload.file),
        )
        # Stored first, so that the row's hash covers the name the storage gave the file.
        evidence.file.save(upload.name, upload.file, save=False)  # type: ignore[arg-type]
        seal(evidence)
        evidence.save(force_insert=True)


def file_sha256(file: Any) -> str:
    """The SHA-256 of a Django File's content (read from its start, left at its start)."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _used_for_another_task() -> ProgressError:
    return ProgressError(
        _(
            "This form was already used for another task, and nothing was recorded; open the "
            "task and report again."
        ),
        "idempotency_key",
    )


def _contribution(
    task: Task, unit: Unit, state: str | None, percent: int | None
) -> tuple[str, int]:
    """The state and percent of an update for a unit that does not lead the task: the
    task's own, as only the lead unit changes them."""
    if state is not None and state != task.state:
        raise ProgressError(
            _(
                "State: only the lead unit (%(lead)s) reports the task's state; an update for "
                "%(unit)s reports its contribution and leaves the state as it is (%(state)s)."
            )
            % {"lead": task.lead_unit.name, "unit": unit.name, "state": task.get_state_display()},
            "state",
        )
    if percent is not None and percent != task.percent:
        raise ProgressError(
            _(
                "Percent done: only the lead unit (%(lead)s) reports how much of the task is "
                "done; an update for %(unit)s leaves it as it is (%(percent)d%%)."
            )
            % {"lead": task.lead_unit.name, "unit": unit.name, "percent": task.percent},
            "percent",
        )
    return task.state, task.percent


@dataclass
class Report:
    """One report of `progress_reports`: `progress_report`'s arguments for one task, the
    unit it speaks for already settled by the caller (None: the lead unit)."""

    task: Task
    reported_on: date
    state: str | None = None
    percent: int | None = None
    done: str = ""
    obstacles: str = ""
    proposals: str = ""
    product_symbol: str = ""
    product_date: date | None = None
    links: str = ""
    unit: Unit | None = None
    idempotency_key: str | None = None


@transaction.atomic
def progress_reports(
    *, reports: list[Report], author: User | None = None
) -> list[tuple[ProgressUpdate, bool] | ProgressError]:
    """Record many reports at once, each on its own: for each, in order, the update and
    whether it was recorded now (False: an earlier submission of its idempotency key), or
    the ProgressError that refused it (nothing of it written). Each report meets exactly
    the checks of `progress_report`, and the task's cache moves report after report, so
    two reports on one task are as if sent one after the other.

    The writes are few whatever the count: the tasks locked in one query, the keys looked
    up in one, the rows inserted at once (sealed onto their chains' heads, read in one
    query) and each task's cache written once."""
    ids = sorted({r.task.pk for r in reports})
    locked = {
        t.pk: t
        for t in Task.objects.select_for_update()
        .select_related("directive")
        .filter(pk__in=ids)
        .order_by("pk")  # one lock order for every writer: no deadlock between batches
    }
    keys = [r.idempotency_key for r in reports if r.idempotency_key]
    recorded: dict[str, tuple[int, int, int | None]] = {
        str(key): (pk, task_id, author_id)
        for key, pk, task_id, author_id in ProgressUpdate.objects.filter(
            idempotency_key__in=keys
        ).values_list("idempotency_key", "pk", "task_id", "author_id")
    }
    started: dict[int, TaskCacheState] = {}
    batch_times: dict[int, list[datetime]] = {}
    in_batch: dict[str, ProgressUpdate] = {}
    results: list[tuple[ProgressUpdate | int, bool] | ProgressError] = []
    rows: list[ProgressUpdate] = []
    for report in reports:
        task = locked[report.task.pk]
        try:
            results.append(
                _one_of_many(task, report, author, recorded, in_batch, started, batch_times, rows)
            )
        except ProgressError as exc:
            results.append(exc)
    _insert_sealed(rows)
    _caches_save([locked[pk] for pk in started], started)
    for report in reports:
        _sync_instance(report.task, locked[report.task.pk])
    # Earlier submissions of a key are answered with their update, read in one query.
    earlier = ProgressUpdate.objects.select_related("unit", "author").in_bulk(
        [r[0] for r in results if isinstance(r, tuple) and isinstance(r[0], int)]
    )
    out: list[tuple[ProgressUpdate, bool] | ProgressError] = []
    for result in results:
        if isinstance(result, tuple) and isinstance(result[0], int):
            out.append((earlier[result[0]], False))
        else:
            out.append(result)  # type: ignore[arg-type]
    return out


def _one_of_many(
    task: Task,
    report: Report,
    author: User | None,
    recorded: dict[str, tuple[int, int, int | None]],
    in_batch: dict[str, ProgressUpdate],
    started: dict[int, TaskCacheState],
    batch_times: dict[int, list[datetime]],
    rows: list[ProgressUpdate],
) -> tuple[ProgressUpdate | int, bool]:
    """One report of `progress_reports` against the task's cache as the batch left it."""
    _check_state(report.state)
    key = report.idempotency_key
    if key and key in recorded:
        pk, task_id, author_id = recorded[key]
        _check_repeat(task, task_id, author_id, author)
        return pk, False
    if key and key in in_batch:
        first = in_batch[key]
        _check_repeat(task, first.task_id, getattr(author, "pk", None), author)
        return first, False
    state, percent = _reported_state(task, report.unit, report.state, report.percent)
    times = batch_times.setdefault(task.pk, [])
    update, before, after = _next_row(
        task,
        kind=UpdateKind.REPORT,
        reported_on=report.reported_on,
        state=state,
        percent=percent,
        earlier_reports=_EarlierReports(task.pk, times),
        done=report.done,
        obstacles=report.obstacles,
        proposals=report.proposals,
        product_symbol=report.product_symbol,
        product_date=report.product_date,
        links=report.links,
        unit=report.unit,
        author=author,
        idempotency_key=key or None,
    )
    started.setdefault(task.pk, before)
    for name, value in after.values().items():  # the next report on the task starts here
        setattr(task, name, value)
    times.append(update.recorded_at)
    rows.append(update)
    if key:
        in_batch[key] = update
    return update, True


class _EarlierReports:
    """The times of a task's earlier reports: those stored, then the batch's own; read
    from the database only when iterated (the history rule rarely asks)."""

    def __init__(self, task_id: int, batch: list[datetime]) -> None:
        self.task_id, self.batch = task_id, batch

    def __iter__(self) -> Iterator[datetime]:
        yield from ProgressUpdate.objects.filter(
            task_id=self.task_id, kind=UpdateKind.REPORT
        ).values_list("recorded_at", flat=True)
        yield from self.batch


def _insert_sealed(rows: list[ProgressUpdate]) -> None:
    """Insert new history rows at once, each linked to the one before it on its task's
    chain (the stored head for the first)."""
    if not rows:
        return
    seal_many(rows)
    ProgressUpdate.objects.bulk_create(rows)


@transaction.atomic
def completion_accept(
    *, task: Task, decided_on: date, author: User | None = None, note: str = ""
) -> ProgressUpdate:
    locked = _locked(task)
    if not awaiting_acceptance(locked):
        raise ProgressError(_("This task has no completion waiting for acceptance."), "task")
    update = _append(
        locked, kind=UpdateKind.ACCEPTED, reported_on=decided_on, author=author, note=note
    )
    _sync_instance(task, locked)
    return update


@transaction.atomic
def completion_return(
    *, task: Task, decided_on: date, reason: str, author: User | None = None
) -> ProgressUpdate:
    if not reason.strip():
        raise ProgressError(_("Say why the completion is returned."), "reason")
    locked = _locked(task)
    if locked.state != TaskState.COMPLETED:
        raise ProgressError(_("Only a completed task can be returned."), "task")
    update = _append(
        locked, kind=UpdateKind.RETURNED, reported_on=decided_on, author=author, note=reason
    )
    _sync_instance(task, locked)
    return update


@transaction.atomic
def task_cancel(
    *, task: Task, cancelled_on: date, reason: str, author: User | None = None
) -> ProgressUpdate:
    if not reason.strip():
        raise ProgressError(_("Say why the task is cancelled."), "reason")
    locked = _locked(task)
    update = _append(
        locked, kind=UpdateKind.CANCELLED, reported_on=cancelled_on, author=author, note=reason
    )
    _sync_instance(task, locked)
    return update


def late_request_reason(reason: str, late_reason: str) -> str:
    """A request recorded after the deadline keeps why it comes late in its reason (the
    request row has no other place for it): one wording, for the service and the demo."""
    return _("%(reason)s\nRequested after the deadline: %(late)s") % {
        "reason": reason.strip(),
        "late": late_reason.strip(),
    }


@transaction.atomic
def extension_request(
    *,
    task: Task,
    requested_on: date,
    new_due_on: date,
    reason: str,
    author: User | None = None,
    late_reason: str = "",
) -> Extension:
    """A request to move the deadline. One filed after the deadline in force is refused
    unless a manager of the task records it saying why it comes late (`late_reason`, kept
    in the request's reason)."""
    if not reason.strip():
        raise ProgressError(_("Say why the deadline should move."), "reason")
    locked = _locked(task)
    if locked.recurring:
        raise ProgressError(_("A recurring task has no deadline to extend."), "new_due_on")
    if not may_request_extension(locked):
        raise ProgressError(
            _("A completed or cancelled task has no deadline left to move."), "new_due_on"
        )
    if locked.due_on and new_due_on <= locked.due_on:
        raise ProgressError(
            _("The new deadline must be after the deadline in force (%(day)s).")
            % {"day": format_short_date(locked.due_on)},
            "new_due_on",
        )
    if extension_request_late(locked, requested_on):
        if author is None or not may(author, Action.MANAGE, locked):
            raise ProgressError(
                _(
                    "The deadline (%(day)s) has passed: only a manager of the assigning unit "
                    "may record an extension request now, saying why it comes late."
                )
                % {"day": format_short_date(locked.due_on)},  # type: ignore[arg-type]
                "new_due_on",
            )
        if not late_reason.strip():
            raise ProgressError(_("Say why the request comes after the deadline."), "late_reason")
        reason = late_request_reason(reason, late_reason)
    extension = Extension(
        task=locked,
        requested_on=requested_on,
        requested_by=author,
        previous_due_on=locked.due_on,
        new_due_on=new_due_on,
        reason=reason,
    )
    seal(extension)
    extension.save(force_insert=True)
    return extension


@transaction.atomic
def extension_decide(
    *,
    extension: Extension,
    approve: bool,
    decided_on: date,
    author: User | None = None,
    note: str = "",
) -> Extension:
    """Record the assigning unit's decision on a request: a row of its own (the request
    is never changed); an approval moves the task's deadline in force."""
    task = _locked(extension.task)  # the task's lock first, as every history write
    locked_ext = Extension.objects.select_related("decision").get(pk=extension.pk)
    if not extension_undecided(locked_ext):
        raise ProgressError(_("This extension was already decided."), "status")
    if decided_on < locked_ext.requested_on:
        raise ProgressError(_("A decision cannot come before the request."), "decided_on")
    if approve and not extension_approvable(task):
        raise ProgressError(
            _(
                "The task is completed: whether it was done on time is settled, and an "
                "extension can no longer be approved (reject the request, or return the "
                "completion first)."
            ),
            "decision",
        )
    decision = ExtensionDecision(
        extension=locked_ext,
        task=task,
        status=ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED,
        decided_on=decided_on,
        decided_by=author,
        note=note,
    )
    seal(decision)
    decision.save(force_insert=True)
    if approve:
        before = TaskCacheState.of(task)
        after = deadline_decided(before, task.original_due_on, approved_extensions(task))
        _cache_save(task, before, after)
    locked_ext.decision = decision
    extension.decision = decision
    return locked_ext


def approved_extensions(task: Task) -> list[ApprovedExtension]:
    """The task's approved extensions in the order they were requested: what its deadline
    in force is decided from (`history_step.deadline_decided`)."""
    return approved_extensions_of([task.pk])[task.pk]


def approved_extensions_of(task_ids: list[int]) -> dict[int, list[ApprovedExtension]]:
    """`approved_extensions` of many tasks at once, by task id (one query per 500)."""
    out: dict[int, list[ApprovedExtension]] = {pk: [] for pk in task_ids}
    for i in range(0, len(task_ids), 500):
        decisions = ExtensionDecision.objects.filter(
            task_id__in=task_ids[i : i + 500], status=ExtensionStatus.APPROVED
        )
        for d in decisions.select_related("extension").order_by("task_id", "extension_id"):
            out[d.task_id].append(ApprovedExtension(d.decided_on, d.extension.new_due_on))
    return out


def _sync_instance(task: Task, locked: Task) -> None:
    """Let the caller's Task object see the new cached state."""
    for name in TASK_CACHE_FIELDS:
        setattr(task, name, getattr(locked, name))
