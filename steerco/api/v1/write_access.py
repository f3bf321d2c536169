"""What the API's writes share: the caller, a scope a token must hold for what its user
does, a refused write as problem details naming the field, an `Idempotency-Key`'s result.

What they load and check comes from the pages' own access helpers
(`steerco/progress/access.py`: 404 alike for what does not exist and what the user may not
see, 403 for an action their role lacks, a unit code outside the user's roles 403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from ninja import Status

from steerco.api.auth import MANAGE, READ, REPORT
from steerco.api.idempotency import HEADER, Answer, IdempotencyError, once
from steerco.api.problems import FieldError, ScopeError
from steerco.lib.writes import write_turn
from steerco.progress.services import ProgressError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["MANAGE", "READ", "REPORT"]

TASK_RELATED = ("directive", "lead_unit", "assigned_by")


def caller(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


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
