"""Progress updates: POST one (`/progress-updates`), or up to 500 at once
(`/progress-updates/bulk`), with the `report` scope. Each is what a unit's report form
records (`progress.services.progress_report`: the same fields, the same checks), for the
unit the pages would record it for (`directives.permissions.reporting_unit`)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Header, Router, Status
from pydantic import ValidationError

from steerco.api.auth import requires
from steerco.api.problems import VALIDATION, field_name
from steerco.directives.models import Task
from steerco.directives.permissions import reporting_unit
from steerco.progress.access import task_to_report
from steerco.progress.models import ProgressUpdate
from steerco.progress.services import ProgressError, Report, progress_report, progress_reports
from steerco.units.models import Unit

from .write_access import REPORT, TASK_RELATED, answered, caller, field_error
from .write_schemas import (
    BULK_MAX,
    ID_MAX,
    BulkIn,
    BulkItemIn,
    BulkOut,
    UpdateFields,
    UpdateIn,
    UpdateOut,
)
from .write_schemas import update_out as out

router = Router(tags=["progress updates"])

KEY = Header(None, alias="Idempotency-Key", description="Send the same key again to retry.")


def _record(user: Any, task: Task, unit: Unit, fields: UpdateFields) -> ProgressUpdate:
    """One report, as the report form records it; refused with a ProgressError."""
    return progress_report(
        task=task,
        reported_on=fields.reported_on,
        state=fields.state,
        percent=fields.percent,
        done=fields.done,
        obstacles=fields.obstacles,
        proposals=fields.proposals,
        product_symbol=fields.product_symbol,
        product_date=fields.product_date,
        links="\n".join(fields.links),
        unit=unit,
        author=user,
    )


def _tasks(ids: list[int]) -> dict[int, Task]:
    """The tasks named, with what the permission rule reads: one query, and one for their
    coordinating units."""
    ordered = Prefetch("coordinating_units", queryset=Unit.objects.order_by("path"))
    return {
        t.pk: t
        for t in Task.objects.select_related(*TASK_RELATED)
        .prefetch_related(ordered)
        .filter(pk__in=set(ids))
    }


@router.post(
    "/progress-updates",
    response={201: UpdateOut},
    auth=requires(REPORT),
    url_name="progress_update_create",
    summary="Report progress on a task",
)
def update_create(
    request: HttpRequest,
    payload: UpdateIn,
    response: HttpResponse,
    idempotency_key: str | None = KEY,
) -> Status[Any]:
    """Record a progress update for the unit the user reports for (the lead unit, else a
    coordinating unit they cover). The date it speaks for runs back at most
    STEERCO_REPORT_BACKDATE_DAYS (older: a manager of the task), never after today nor
    before the task's latest update. A coordinating unit's update leaves the state and
    percent as they are."""
    user = caller(request)
    task, unit = task_to_report(user, payload.task)

    def write() -> tuple[int, Any]:
        try:
            return 201, out(_record(user, task, unit, payload))
        except ProgressError as exc:
            raise field_error(exc) from exc

    return answered(request, response, idempotency_key, payload.model_dump(mode="json"), write)


@router.post(
    "/progress-updates/bulk",
    response={200: BulkOut},
    auth=requires(REPORT),
    url_name="progress_updates_bulk",
    summary=f"Report progress on up to {BULK_MAX} tasks",
)
def updates_bulk(
    request: HttpRequest,
    payload: BulkIn,
    response: HttpResponse,
    idempotency_key: str | None = KEY,
) -> Status[Any]:
    """Each item is recorded, or refused, on its own (all or nothing per item, never per
    batch): the answer has one result per item, in order — `status` 201 with the update
    recorded, 200 with the update an item's `idempotency_key` recorded before, else the
    refusal's status (404 no such task, 403 not yours to report on, 422 invalid) and its
    problem details naming the field (`items[3].percent`)."""
    user = caller(request)
    body = payload.model_dump(mode="json")

    def write() -> tuple[int, Any]:
        return 200, _bulk(user, payload.items)

    return answered(request, response, idempotency_key, body, write)


def _bulk(user: Any, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Each item read and checked for access on its own, then every item that passed
    recorded by one `progress_reports` call (its own checks per item, few queries)."""
    ids = [
        i["task"]
        for i in items
        if isinstance(i, dict) and isinstance(i.get("task"), int) and 1 <= i["task"] <= ID_MAX
    ]
    tasks = _tasks(ids)
    results: list[dict[str, Any]] = []
    batch: list[tuple[dict[str, Any], Report]] = []
    for index, raw in enumerate(items):
        task_id = raw.get("task") if isinstance(raw, dict) else None
        result: dict[str, Any] = {
            "index": index,
            "task": task_id if isinstance(task_id, int) else None,
        }
        results.append(result)
        try:
            batch.append((result, _checked(user, tasks, raw)))
        except ValidationError as exc:
            errors = [
                {"field": f"items[{index}].{field_name(e['loc'])}", "message": e["msg"]}
                for e in exc.errors()
            ]
            result |= _refused(422, "The item has invalid values.", errors)
        except Http404 as exc:
            result |= _refused(404, str(exc) or "No such task.", [])
        except PermissionDenied as exc:
            result |= _refused(403, str(exc), [])
    for (result, _report), outcome in zip(batch, _record_many(user, batch), strict=True):
        if isinstance(outcome, ProgressError):
            problem = field_error(outcome, f"items[{result['index']}].")
            errors = [{"field": problem.field, "message": problem.message}]
            result |= _refused(422, problem.message, errors)
        else:
            update, fresh = outcome
            result |= {"status": 201 if fresh else 200, "update": out(update), "problem": None}
    recorded = sum(1 for r in results if r["status"] in (200, 201))
    return {"recorded": recorded, "refused": len(results) - recorded, "results": results}


def _checked(user: Any, tasks: dict[int, Task], raw: Any) -> Report:
    """An item as a report of the user's on a task they may report on; refused with
    pydantic's ValidationError, Http404 or PermissionDenied."""
    item = BulkItemIn.model_validate(raw)
    task = tasks.get(item.task)
    unit = reporting_unit(user, task) if task is not None else None
    if task is None or unit is None:
        # The pages' answer (404, or 403 naming why), one query for a refused item only.
        task, unit = task_to_report(user, item.task)
    return Report(
        task=task,
        reported_on=item.reported_on,
        state=item.state,
        percent=item.percent,
        done=item.done,
        obstacles=item.obstacles,
        proposals=item.proposals,
        product_symbol=item.product_symbol,
        product_date=item.product_date,
        links="\n".join(item.links),
        unit=unit,
        # The user's own key, kept with the update (the form's keys are random hex).
        idempotency_key=f"api:{user.pk}:{item.idempotency_key}" if item.idempotency_key else None,
    )


def _record_many(
    user: Any, batch: list[tuple[dict[str, Any], Report]]
) -> list[tuple[ProgressUpdate, bool] | ProgressError]:
    reports = [report for _result, report in batch]
    try:
        return progress_reports(reports=reports, author=user)
    except IntegrityError:
        # An item's key recorded meanwhile by another request for another task: the
        # batch's rows were rolled back; record the items one by one, each refused or not.
        return [_one(user, report) for report in reports]


def _one(user: Any, report: Report) -> tuple[ProgressUpdate, bool] | ProgressError:
    started = timezone.now()
    try:
        with transaction.atomic():
            update = progress_report(
                author=user, **{f: getattr(report, f) for f in Report.__dataclass_fields__}
            )
    except ProgressError as exc:
        return exc
    return update, update.recorded_at >= started


def _refused(status: int, detail: str, errors: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "status": status,
        "update": None,
        "problem": {
            "type": VALIDATION if status == 422 else "about:blank",
            "title": "Invalid request" if status == 422 else HTTPStatus(status).phrase,
            "status": status,
            "detail": detail,
            "errors": errors or None,
        },
    }
