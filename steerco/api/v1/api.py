"""The API's one NinjaAPI: version 1 at /api/v1/ (steerco/urls.py), its OpenAPI 3 schema
at /api/v1/openapi.json and interactive docs at /api/v1/docs (Swagger UI from ninja's own
static files: nothing is loaded from another host, and the page runs under the site's
Content-Security-Policy).

Each resource is a router in its own module here, registered with one line below:
`api.add_router("", "steerco.api.v1.<module>.router")`."""

from __future__ import annotations

from typing import Any

from ninja import Swagger
from ninja.renderers import JSONRenderer

from steerco.api import problems
from steerco.api.auth import requires
from steerco.api.openapi import SteercoAPI

DESCRIPTION = """\
steerco's data for integrators, under the same permission rules as the web pages: a
request sees exactly what its user may see on the pages, nothing more.

**Authentication.** Send `Authorization: Bearer TOKEN` with a personal access token
(`steerco token create --user USERNAME --scopes read --name NAME`). Scopes: `read` for
every GET, `report` for progress updates and sheet uploads, `manage` for acceptance,
extensions, directives and tasks. A token never grants more than its user's roles.
A signed-in browser session works too (unsafe methods need the `X-CSRFToken` header).

**Errors** are RFC 9457 problem details (`application/problem+json`): `type`, `title`,
`status`, `detail`, `instance`, and for invalid input `errors: [{field, message}]`.

**Rate limit.** Requests per token and minute are limited; over the limit the answer is
429 with `Retry-After`.
"""


class Renderer(JSONRenderer):
    """JSON in UTF-8 as written (Vietnamese names readable, not \\u-escaped)."""

    json_dumps_params: dict[str, Any] = {"ensure_ascii": False}  # noqa: RUF012


api = SteercoAPI(
    title="steerco API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # validatorUrl None: Swagger UI would otherwise send the schema to validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": False}),
    auth=requires(),
    renderer=Renderer(),
)
problems.install(api)

# Routers, one per resource: a module of this package each, registered by its dotted path.
api.add_router("", "steerco.api.v1.me.router")
api.add_router("", "steerco.api.v1.units.router")
api.add_router("", "steerco.api.v1.directives.router")
api.add_router("", "steerco.api.v1.tasks.router")
api.add_router("", "steerco.api.v1.scorecards.router")
api.add_router("", "steerco.api.v1.rankings.router")
api.add_router("", "steerco.api.v1.budget.router")
api.add_router("", "steerco.api.v1.indicators.router")
api.add_router("", "steerco.api.v1.indices.router")
api.add_router("", "steerco.api.v1.progress.router")
api.add_router("", "steerco.api.v1.acceptance.router")
api.add_router("", "steerco.api.v1.extensions.router")
api.add_router("", "steerco.api.v1.reports.router")
api.add_router("", "steerco.api.v1.exchange.router")
