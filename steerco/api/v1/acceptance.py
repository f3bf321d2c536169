"""Acceptance of a completion: accept it, or return it saying why — a manager of the
assigning unit, with the `manage` scope, as on the task page
(`progress.services.completion_accept` / `completion_return`, decided today)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Header, Path, Router, Status

from steerco.api.auth import requires
from steerco.directives.permissions import Action
from steerco.progress.access import task_for_user
from steerco.progress.models import ProgressUpdate
from steerco.progress.services import ProgressError, completion_accept, completion_return

from .write_access import MANAGE, answered, caller, field_error
from .write_schemas import ID_MAX, AcceptIn, ReturnIn, UpdateOut, update_out

router = Router(tags=["acceptance"])

KEY = Header(None, alias="Idempotency-Key", description="Send the same key again to retry.")


def _decided(update: ProgressUpdate) -> tuple[int, Any]:
    return 201, update_out(update)


@router.post(
    "/tasks/{task_id}/accept",
    response={201: UpdateOut},
    auth=requires(MANAGE),
    url_name="task_accept",
    summary="Accept a task's completion",
)
def task_accept(
    request: HttpRequest,
    task_id: Annotated[int, Path(ge=1, le=ID_MAX)],
    payload: AcceptIn,
    response: HttpResponse,
    idempotency_key: str | None = KEY,
) -> Status[Any]:
    """The completion counts from today; refused when no completion waits for acceptance."""
    user = caller(request)
    task = task_for_user(user, task_id, Action.MANAGE)

    def write() -> tuple[int, Any]:
        try:
            return _decided(
                completion_accept(
                    task=task, decided_on=timezone.localdate(), author=user, note=payload.note
                )
            )
        except ProgressError as exc:
            raise field_error(exc) from exc

    return answered(request, response, idempotency_key, payload.model_dump(mode="json"), write)


@router.post(
    "/tasks/{task_id}/return",
    response={201: UpdateOut},
    auth=requires(MANAGE),
    url_name="task_return",
    summary="Return a task's completion",
)
def task_return(
    request: HttpRequest,
    task_id: Annotated[int, Path(ge=1, le=ID_MAX)],
    payload: ReturnIn,
    response: HttpResponse,
    idempotency_key: str | None = KEY,
) -> Status[Any]:
    """The task is open again, with the reason in its history; refused when the task is
    not completed."""
    user = caller(request)
    task = task_for_user(user, task_id, Action.MANAGE)

    def write() -> tuple[int, Any]:
        try:
            return _decided(
                completion_return(
                    task=task, decided_on=timezone.localdate(), reason=payload.reason, author=user
                )
            )
        except ProgressError as exc:
            raise field_error(exc) from exc

    return answered(request, response, idempotency_key, payload.model_dump(mode="json"), write)
