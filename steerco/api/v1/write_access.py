"""What the API's writes load and check before they write: one helper per object kind,
each asking `directives.permissions.may` as the pages' access helpers do
(steerco/web/access.py, which the API, a layer below, cannot import):

- an id the user may not see answers 404, exactly like one that does not exist;
- 403, saying why, for what the user sees but whose action their roles do not cover;
- a unit code outside the user's roles is 403 naming it (unit codes are public).

And the answers they share: a refused write as problem details naming the field, an
`Idempotency-Key`'s result, a scope a token must hold for what its user does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Status

from steerco.api.auth import MANAGE, READ, REPORT
from steerco.api.idempotency import HEADER, Answer, IdempotencyError, once
from steerco.api.problems import FieldError, ScopeError
from steerco.directives.models import Task
from steerco.directives.permissions import Action, may
from steerco.lib.writes import write_turn
from steerco.progress.models import Extension
from steerco.progress.services import ProgressError
from steerco.units.models import Unit
from steerco.units.permissions import home_unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["MANAGE", "READ", "REPORT"]

TASK_RELATED = ("directive", "lead_unit", "assigned_by")


def caller(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def no_such_task() -> Http404:
    return Http404(_("No such task."))


def refuse_task(user: User, task: Task) -> Exception:
    """404 when the user may not even view the task, else 403 (the pages' answer)."""
    if not may(user, Action.VIEW, task):
        return no_such_task()
    return PermissionDenied(_("This task is outside the units your roles cover."))


def task_for(user: User, task_id: int, action: str) -> Task:
    task = Task.objects.select_related(*TASK_RELATED).filter(pk=task_id).first()
    if task is None:
        raise no_such_task()
    if not may(user, action, task):
        raise refuse_task(user, task)
    return task


def extension_for(user: User, extension_id: int, action: str) -> Extension:
    extension = (
        Extension.objects.select_related(
            "task__directive", "task__lead_unit", "task__assigned_by", "requested_by"
        )
        .filter(pk=extension_id)
        .first()
    )
    if extension is not None and may(user, action, extension.task):
        return extension
    if extension is None or not may(user, Action.VIEW, extension.task):
        raise Http404(_("No such extension request."))
    raise PermissionDenied(_("Only a manager of the assigning unit decides this extension."))


def unit_for(user: User, code: str | None) -> Unit:
    """A unit by code that the user may view; their home unit when no code is given."""
    if code in (None, ""):
        unit = home_unit(user)
        if unit is None:
            raise PermissionDenied(
                _("Your account has no role on any unit yet. Ask an administrator.")
            )
    else:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise Http404(_("No such unit."))
    if not may(user, Action.VIEW, unit):
        raise PermissionDenied(_("Your roles do not cover %(unit)s.") % {"unit": unit.name})
    return unit


def token_must_hold(request: HttpRequest, scope: str) -> None:
    """A token used for what needs `scope` beyond the route's own (a late extension
    request is a manager's act): 403 naming the scope. A session holds every scope."""
    token = getattr(request, "api_token", None)
    if token is not None and scope not in token.scopes:
        raise ScopeError(scope)


def field_error(exc: ProgressError, prefix: str = "") -> FieldError:
    """A refused progress write as 422 problem details naming its field."""
    return FieldError(prefix + (exc.field or "task"), str(exc))


def answered(
    request: HttpRequest,
    response: HttpResponse,
    key: str | None,
    body: Any,
    write: Callable[[], tuple[int, Any]],
) -> Status[Any]:
    """Run `write` once for `key` (the request's Idempotency-Key, or None), as
    idempotency.once; an answer given again says so in `Idempotent-Replayed`."""
    try:
        with write_turn():  # SQLite writers queue, as the pages' do
            answer: Answer = once(
                user=caller(request),
                key=key,
                method=request.method or "POST",
                path=request.path,
                body=body,
                write=write,
            )
    except IdempotencyError as exc:
        raise FieldError(HEADER, str(exc)) from exc
    if answer.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(answer.status, answer.body)
