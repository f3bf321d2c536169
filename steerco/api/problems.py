"""Errors as RFC 9457 problem details (`application/problem+json`).

Every error the API answers is one JSON object: `type` (a URI naming the kind of problem;
`about:blank` when the status says it all), `title` (the status's phrase, or the kind's
title), `status`, `detail` (what went wrong, in words a client can act on) and `instance`
(the request's path). A refused input adds `errors`: one `{field, message}` per field,
the field named as the client wrote it (`as_of`, `items[3].percent`).
"""

from __future__ import annotations

import math
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

CONTENT_TYPE = "application/problem+json"

# The kinds of problem the API names (URNs: stable names, not pages to fetch).
VALIDATION = "urn:steerco:problem:validation"
AUTHENTICATION = "urn:steerco:problem:authentication"
INSUFFICIENT_SCOPE = "urn:steerco:problem:insufficient-scope"
RATE_LIMITED = "urn:steerco:problem:rate-limited"


class FieldError(Exception):
    """A value the API cannot accept, naming its field: answered 422 with `errors`."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class ScopeError(HttpError):
    """A token used for what its scopes do not allow: 403 naming the scope it lacks."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(403, f"This token lacks the '{scope}' scope this request needs.")


def problem(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    type_: str = "about:blank",
    title: str | None = None,
    errors: list[dict[str, str]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(
        body,
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    """A pydantic error location as the client wrote the field: the source (query, path,
    body, header) and, for a body, the handler's argument name are left out; list indexes
    are written `[i]`. `("body", "payload", "items", 3, "percent")` -> `items[3].percent`."""
    parts = list(loc)
    if parts and parts[0] in ("query", "path", "header", "cookie", "form", "file", "body"):
        source = parts.pop(0)
        if source in ("body", "form", "file") and len(parts) > 1:
            parts.pop(0)  # the argument the body is bound to
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "body"


def _validation(request: HttpRequest, exc: Any) -> HttpResponse:
    errors = [
        {"field": field_name(e.get("loc", ())), "message": str(e.get("msg", "invalid"))}
        for e in exc.errors
    ]
    names = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return problem(
        request,
        422,
        f"The request has invalid values: {names}.",
        type_=VALIDATION,
        title="Invalid request",
        errors=errors,
    )


def _field_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(
        request,
        422,
        f"The request has invalid values: {exc.field}.",
        type_=VALIDATION,
        title="Invalid request",
        errors=[{"field": exc.field, "message": exc.message}],
    )


def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(request, 404, str(exc) or "Not found.")


def _denied(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(request, 403, str(exc) or "Your roles do not allow this request.")


def _http_error(request: HttpRequest, exc: Any) -> HttpResponse:
    if isinstance(exc, Throttled):
        response = problem(
            request,
            429,
            "Too many requests with this token; try again after Retry-After seconds.",
            type_=RATE_LIMITED,
            title="Too many requests",
        )
        response["Retry-After"] = str(max(1, math.ceil(exc.wait or 60)))
        return response
    if isinstance(exc, ScopeError):
        response = problem(
            request, 403, exc.message, type_=INSUFFICIENT_SCOPE, title="Insufficient scope"
        )
        response["WWW-Authenticate"] = f'Bearer error="insufficient_scope", scope="{exc.scope}"'
        return response
    if isinstance(exc, AuthenticationError):
        detail = (
            exc.message
            if exc.message != "Unauthorized"
            else "Sign in, or send 'Authorization: Bearer TOKEN' with a personal access token."
        )
        response = problem(
            request, exc.status_code, detail, type_=AUTHENTICATION, title="Unauthorized"
        )
        response["WWW-Authenticate"] = 'Bearer realm="steerco"'
        return response
    return problem(request, exc.status_code, exc.message)


@csrf_exempt  # it reads and writes nothing: a POST gets the same 404
def no_such_route(request: HttpRequest) -> HttpResponse:
    """Any other address under /api/: 404 as problem details, not the site's HTML page."""
    return problem(request, 404, "No such API route; the routes are listed at /api/v1/docs.")


def install(api: NinjaAPI) -> None:
    """Answer every error of `api` as problem details. (The handlers take `exc: Any`:
    ninja's annotation of a handler's argument is a union mypy cannot match.)"""
    api.add_exception_handler(ValidationError, _validation)
    api.add_exception_handler(FieldError, _field_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(PermissionDenied, _denied)
    api.add_exception_handler(HttpError, _http_error)  # authentication, scope, throttling
