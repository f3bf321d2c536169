"""The OpenAPI schema says what every error looks like: each operation documents its
client errors (`4XX`) as RFC 9457 problem details, `application/problem+json`, with the
`Problem` schema below — the shape steerco/api/problems.py answers. Without it a client
generated from the schema (and schemathesis' contract check) would meet 401, 403, 404,
409, 422 and 429 answers the schema never mentions."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from steerco.api.problems import CONTENT_TYPE

PROBLEM: dict[str, Any] = {
    "title": "Problem",
    "description": "An error as RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, in words."},
        "instance": {"type": "string", "description": "The request's path."},
        "errors": {
            "type": "array",
            "description": "For invalid input: one entry per field, named as sent.",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}

CLIENT_ERROR = {
    "description": "A client error (401 unauthenticated, 403 forbidden or insufficient "
    "scope, 404 not found or not visible, 409 conflict, 413 too large, 422 invalid "
    "input naming the field, 429 rate-limited with Retry-After) as problem details.",
    "content": {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
}

METHODS = ("get", "put", "post", "patch", "delete")


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the Problem schema and a `4XX` response to every operation of `schema`."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for item in schema.get("paths", {}).values():
        for method in METHODS:
            operation = item.get(method)
            if operation is not None:
                operation.setdefault("responses", {}).setdefault("4XX", CLIENT_ERROR)
    return schema


class SteercoAPI(NinjaAPI):
    """NinjaAPI whose schema documents the problem-details errors."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return document_problems(super().get_openapi_schema(*args, **kwargs))
