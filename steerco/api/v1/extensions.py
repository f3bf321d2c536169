"""Extensions of a deadline: request one (`report` scope; after the deadline in force only
a manager of the assigning unit, with the `manage` scope, saying why it comes late), read
one, decide one (approve or reject: a manager of the assigning unit, `manage` scope) —
the task page's rules (`progress.services.extension_request` / `extension_decide`,
dated today)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Header, Path, Router, Status

from steerco.api.auth import requires
from steerco.directives.permissions import Action
from steerco.progress.access import extension_for_user, task_for_user
from steerco.progress.actions import extension_request_late
from steerco.progress.services import ProgressError, extension_decide, extension_request

from .write_access import (
    MANAGE,
    READ,
    REPORT,
    answered,
    caller,
    field_error,
    token_must_hold,
)
from .write_schemas import ID_MAX, DecisionIn, ExtensionIn, ExtensionOut, extension_out

router = Router(tags=["extensions"])

KEY = Header(None, alias="Idempotency-Key", description="Send the same key again to retry.")


@router.post(
    "/extensions",
    response={201: ExtensionOut},
    auth=requires(REPORT),
    url_name="extension_create",
    summary="Request an extension of a task's deadline",
)
def extension_create(
    request: HttpRequest,
    payload: ExtensionIn,
    response: HttpResponse,
    idempotency_key: str | None = KEY,
) -> Status[Any]:
    """A unit reporting on the task asks to move its deadline to `new_due_on` (after the
    deadline in force). Once that deadline has passed, only a manager of the assigning unit
    records a request (a token then needs the `manage` scope), giving `late_reason`."""
    user = caller(request)
    task = task_for_user(user, payload.task, Action.REPORT)
    today = timezone.localdate()
    if extension_request_late(task, today):
        token_must_hold(request, MANAGE)

    def write() -> tuple[int, Any]:
        try:
            extension = extension_request(
                task=task,
                requested_on=today,
                new_due_on=payload.new_due_on,
                reason=payload.reason,
                author=user,
                late_reason=payload.late_reason,
            )
        except ProgressError as exc:
            raise field_error(exc) from exc
        return 201, extension_out(extension)

    return answered(request, response, idempotency_key, payload.model_dump(mode="json"), write)


@router.get(
    "/extensions/{extension_id}",
    response=ExtensionOut,
    auth=requires(READ),
    url_name="extension",
    summary="An extension request and its decision",
)
def extension_detail(
    request: HttpRequest, extension_id: Annotated[int, Path(ge=1, le=ID_MAX)]
) -> dict[str, Any]:
    extension = extension_for_user(caller(request), extension_id, Action.VIEW)
    return extension_out(extension)


@router.post(
    "/extensions/{extension_id}/decision",
    response={200: ExtensionOut},
    auth=requires(MANAGE),
    url_name="extension_decide",
    summary="Approve or reject an extension request",
)
def extension_decision(
    request: HttpRequest,
    extension_id: Annotated[int, Path(ge=1, le=ID_MAX)],
    payload: DecisionIn,
    response: HttpResponse,
    idempotency_key: str | None = KEY,
) -> Status[Any]:
    """Approving moves the task's deadline in force; a request is decided once, never
    before it was made, and a completed task's extension can only be rejected."""
    user = caller(request)
    extension = extension_for_user(user, extension_id, Action.MANAGE)

    def write() -> tuple[int, Any]:
        try:
            decided = extension_decide(
                extension=extension,
                approve=payload.decision == "approve",
                decided_on=timezone.localdate(),
                author=user,
                note=payload.note,
            )
        except ProgressError as exc:
            raise field_error(exc) from exc
        return 200, extension_out(decided)

    return answered(request, response, idempotency_key, payload.model_dump(mode="json"), write)
