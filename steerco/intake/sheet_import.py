"""A unit's progress sheet back in: one progress update per changed row, all or nothing.

Each changed row is recorded through `steerco.progress.services.progress_report` —
validated exactly like the form — in the name of the unit the uploader reports for
(chosen on the page and checked against their roles; the workbook's hidden cells are user
input, so the hidden unit cell must name that unit and every row must be one of its
tasks). The unit is checked before anything about a task is read; a task changed since
the export (someone else reported, the deadline moved) is a conflict naming it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from steerco.directives.models import Task, TaskState
from steerco.directives.permissions import may
from steerco.lib.problems import Problem
from steerco.progress.models import ProgressUpdate
from steerco.progress.services import ProgressError, progress_report
from steerco.units.models import Unit

from .locked_sheets import LockedUpload, read_locked_sheet
from .readers import clean
from .sheet_cells import parse_progress, reports_progress
from .sheet_layout import COLUMNS, FORMAT, HEADER_ROW, LETTER, META, SHEET, STATE_LABELS, stamp

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .sheet_layout import StampedTask


@dataclass
class SheetRow:
    row: int
    task: Task
    values: dict[str, Any]

    @property
    def state_label(self) -> str:
        return STATE_LABELS[TaskState(self.values["state"])]


@dataclass
class SheetImport:
    file_name: str
    unit: Unit | None = None
    reported_on: date | None = None
    updates: list[SheetRow] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "updates": len(self.updates),
            "unchanged": self.unchanged,
            "conflicts": [c.as_dict() for c in self.conflicts],
            "rejected": [p.as_dict() for p in self.rejected],
        }


class SheetError(ValueError):
    """The upload is not a steerco progress sheet (or cannot be read)."""


_FIELD_COLUMN = {
    "state": "state",
    "percent": "percent",
    "reported_on": "state",
    "product_date": "product_date",
    "task": "id",
    "product_symbol": "product_symbol",
}


def sheet_import(
    *,
    name: str,
    data: bytes,
    reported_on: date,
    unit: Unit | None = None,
    user: User | None = None,
    commit: bool = False,
) -> SheetImport:
    """Check an uploaded progress sheet and, with `commit`, record one progress update per
    changed row — all of them or none — in the name of the unit it reports for.

    `unit` is the unit the uploader chose; the sheet's hidden unit cell must name it (None:
    the sheet's own unit, for the command line run by an operator). `user` (None for the
    operator) must report for the unit and on every task. Only tasks the unit leads are
    rows of its sheet: any other id is refused as not a task of the sheet, whether or not
    it exists, before anything about it (reference, stamp, last report) is looked at."""
    result = SheetImport(file_name=name, reported_on=reported_on)
    upload = read_upload(name, data)
    result.unit = unit = reporting_unit(name, upload, unit, user)  # first: before any task
    tasks = _unit_tasks(upload.rows, unit)
    digest = hashlib.sha256(data).hexdigest()[:40]
    already = set(
        ProgressUpdate.objects.filter(
            task_id__in=list(tasks), idempotency_key__startswith=f"sheet-{digest}-"
        ).values_list("task_id", flat=True)
    )
    _check_rows(result, upload.rows, tasks, user, already)
    if result.rejected or result.conflicts:
        return result
    _record(result, unit=unit, user=user, reported_on=reported_on, digest=digest, commit=commit)
    return result


# --- reading the upload ------------------------------------------------------------


def read_upload(name: str, data: bytes) -> LockedUpload:
    """The hidden sheet's entries and the rows below the header; refuses anything that is
    not a steerco progress sheet of this format with unchanged columns."""
    upload = read_locked_sheet(
        name,
        data,
        sheet=SHEET,
        meta_sheet=META,
        header_row=HEADER_ROW,
        titles=[c.title for c in COLUMNS],
        not_ours=SheetError(
            _(
                "%(name)s: this is not a steerco progress sheet; download one from the progress sheets page"
            )
            % {"name": name}
        ),
        changed=SheetError,
    )
    if upload.meta.get("format") != FORMAT:
        raise SheetError(
            _("%(name)s: unknown progress sheet format %(format)r")
            % {"name": name, "format": upload.meta.get("format")}
        )
    return upload


def reporting_unit(name: str, upload: LockedUpload, unit: Unit | None, user: User | None) -> Unit:
    """The unit an upload reports for, checked before anything about a task is read.

    `unit` is the one the uploader chose on the page; the sheet's hidden unit cell (user
    input like any other cell) must name it. Without `unit` (the command line, run by an
    operator) the sheet's own unit is trusted. A `user` must report for the unit."""
    code = upload.meta.get("unit", "")
    if unit is None:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise SheetError(
                _("%(name)s: the sheet's unit %(unit)r no longer exists")
                % {"name": name, "unit": code}
            )
    elif code != unit.code:
        raise SheetError(
            _(
                "%(name)s: this sheet names the unit %(code)r (hidden sheet “%(meta)s”, cell "
                "%(cell)s), but you are reporting for %(unit)s (%(unit_code)s); download the "
                "sheet of %(unit)s and fill that one in"
            )
            % {
                "name": name,
                "code": code[:40],
                "meta": META,
                "cell": f"B{upload.meta_rows.get('unit', 2)}",
                "unit": unit.name,
                "unit_code": unit.code,
            }
        )
    if user is not None and not may(user, "report", unit):
        raise SheetError(
            _("%(name)s: you do not report for %(unit)s") % {"name": name, "unit": unit.name}
        )
    return unit


# --- checking the rows ---------------------------------------------------------------


def task_id(value: Any) -> int | None:
    """The task id in a row's hidden id cell, if it holds a number."""
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _unit_tasks(rows: list[tuple[int, list[Any]]], unit: Unit) -> dict[int, StampedTask]:
    """The tasks the rows' ids name, among those `unit` leads (no other id is looked up)."""
    ids = [i for _, v in rows if (i := task_id(v[0])) is not None]
    return {
        t.pk: t
        for t in Task.objects.filter(pk__in=ids, lead_unit=unit)
        .select_related("directive", "lead_unit", "assigned_by")
        .prefetch_related("coordinating_units")
        .annotate(latest_update=Max("updates__id"))
    }


def _problem(number: int, cells: dict[str, Any], key: str, message: str) -> Problem:
    value = "" if cells.get(key) is None else str(cells.get(key))
    return Problem(SHEET, number, LETTER[key], value[:200], message)


def _check_rows(
    result: SheetImport,
    rows: list[tuple[int, list[Any]]],
    tasks: dict[int, StampedTask],
    user: User | None,
    already: set[int],
) -> None:
    """Every non-empty row: its task checked, then its progress read into `result`."""
    max_cell = settings.STEERCO_IMPORT_MAX_CELL
    seen: set[int] = set()
    for number, values in rows:
        if all(v in (None, "") for v in values):
            continue
        cells = dict(zip((c.key for c in COLUMNS), values, strict=False))
        task = _row_task(result, number, cells, tasks, user, seen, already)
        if task is None:
            continue
        parsed, errors = parse_progress(cells, max_cell)
        if errors:
            result.rejected += [_problem(number, cells, key, message) for key, message in errors]
        elif reports_progress(parsed, task):
            result.updates.append(SheetRow(number, task, parsed))
        else:
            result.unchanged += 1


def _row_task(
    result: SheetImport,
    number: int,
    cells: dict[str, Any],
    tasks: dict[int, StampedTask],
    user: User | None,
    seen: set[int],
    already: set[int],
) -> Task | None:
    """The row's task if its progress is to be read; else None, with the reason in `result`.

    Whether the task is the unit's and the user's comes first, before its stamp or
    reference is looked at."""
    raw_id = task_id(cells.get("id"))
    task = tasks.get(raw_id) if raw_id is not None else None
    if task is None:
        message = _("this row is not a task of the exported sheet; do not add rows")
        result.rejected.append(_problem(number, cells, "id", message))
        return None
    if user is not None and not may(user, "report", task):
        result.rejected.append(_problem(number, cells, "id", _("you may not report on this task")))
        return None
    if task.pk in seen:
        message = _("this task appears twice; do not copy rows")
        result.rejected.append(_problem(number, cells, "id", message))
        return None
    seen.add(task.pk)
    if task.pk in already:  # this very file was recorded before
        result.unchanged += 1
        return None
    if stamp(task, task.latest_update) != clean(cells.get("stamp")):
        message = _(
            "task %(ref)s changed since the sheet was exported (last reported on %(day)s); "
            "download a new sheet for it"
        ) % {"ref": task.reference or task.pk, "day": task.last_reported_on or "—"}
        result.conflicts.append(_problem(number, cells, "reference", message))
        return None
    if task.cancelled_on is not None or task.state == TaskState.COMPLETED:
        message = _("task %(ref)s is completed or cancelled; it is not on the unit's sheet") % {
            "ref": task.reference or task.pk
        }
        result.rejected.append(_problem(number, cells, "id", message))
        return None
    return task


# --- recording -----------------------------------------------------------------------


def _record(
    result: SheetImport,
    *,
    unit: Unit,
    user: User | None,
    reported_on: date,
    digest: str,
    commit: bool,
) -> None:
    """One progress update per changed row in one transaction, kept only with `commit`
    and only if every one was accepted."""
    with transaction.atomic():
        for update in result.updates:
            try:
                progress_report(
                    task=update.task,
                    reported_on=reported_on,
                    unit=unit,
                    author=user,
                    idempotency_key=f"sheet-{digest}-{update.task.pk}"[:64],
                    **update.values,
                )
            except ProgressError as exc:
                key = _FIELD_COLUMN.get(exc.field or "", "state")
                value = update.values.get(key)
                result.rejected.append(
                    Problem(
                        SHEET,
                        update.row,
                        LETTER[key],
                        "" if value is None else str(value),
                        str(exc),
                    )
                )
        if result.rejected or not commit:
            transaction.set_rollback(True)
            return
    result.committed = True
