"""GET /schema/exchange.json: the JSON Schema of the exchange document (issue 19), as
docs/exchange.schema.json holds it. Public, as the OpenAPI schema is: it describes a
format, no data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from steerco.exchange.document import json_schema

router = Router(tags=["exchange"])


@router.get(
    "/schema/exchange.json",
    auth=None,
    response=dict[str, Any],
    url_name="exchange-schema",
    summary="The exchange document's JSON Schema",
)
def exchange_schema(request: HttpRequest) -> dict[str, Any]:
    return json_schema()
