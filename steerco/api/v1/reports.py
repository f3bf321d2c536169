"""GET /reports: a meeting report for a unit, a scope and a date, as the Reports page makes
it (`reports.build.build_report`, `render`): DOCX, XLSX, PDF or JSON, in Vietnamese or
English — for a unit the user may view, a directive they may open, the peers' ranks only
if they may see them (`reports.build.as_read_by`), and under the page's own per-user limit
(`STEERCO_RATE_REPORTS_PER_MINUTE`, one count for the page and the API)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import Throttled

from steerco.api.auth import requires
from steerco.api.problems import FieldError
from steerco.directives.models import Directive
from steerco.directives.permissions import visible_directives_q
from steerco.lib.ratelimit import over_limit
from steerco.progress.access import unit_for_user
from steerco.reports.build import ReportError, as_read_by, build_report
from steerco.reports.render import FORMATS, file_name, render

from .write_access import READ, caller
from .write_schemas import ReportQuery

router = Router(tags=["reports"])

BINARY = {"schema": {"type": "string", "format": "binary"}}
RESPONSES = {
    "responses": {
        200: {
            "description": "The report file (JSON: its content as data).",
            "content": {
                FORMATS["docx"][0]: BINARY,
                FORMATS["xlsx"][0]: BINARY,
                FORMATS["pdf"][0]: BINARY,
                FORMATS["json"][0]: {"schema": {"type": "object"}},
            },
        }
    }
}


@router.get(
    "/reports",
    auth=requires(READ),
    url_name="report",
    summary="A meeting report, as a file",
    openapi_extra=RESPONSES,
)
def report(request: HttpRequest, query: Query[ReportQuery]) -> HttpResponse:
    """The counts, sentences, tables, overdue tasks, obstacles and proposals of `unit`'s
    subtree (default: your home unit) as of `as_of`, against `previous` when given, for
    every directive or `directive` (its symbol; `with_implementing` adds the documents
    implementing it). Answered 429 with Retry-After over the per-user limit."""
    user = caller(request)
    wait = over_limit(user.pk, "reports")
    if wait:
        raise Throttled(wait)
    directive = None
    if query.directive:
        directive = (
            Directive.objects.filter(visible_directives_q(user), symbol=query.directive)
            .select_related("issuer")
            .first()
        )
        if directive is None:  # one the user may not open answers like one that is not
            raise Http404(_("No such directive."))
    unit = unit_for_user(user, query.unit)
    if query.previous is not None and query.previous >= query.as_of:
        raise FieldError("previous", _("The previous report date must be before the report date."))
    try:
        content = build_report(
            unit=unit,
            as_of=query.as_of,
            directive=directive,
            with_implementing=query.with_implementing,
            previous_on=query.previous,
            lang=query.lang,
            layout=query.layout,
        )
    except ReportError as exc:
        raise FieldError(exc.field or "as_of", str(exc)) from exc
    content = as_read_by(content, user=user, unit=unit)
    fmt = query.format
    response = HttpResponse(render(content, fmt), content_type=FORMATS[fmt][0])
    if fmt != "json":
        response["Content-Disposition"] = f'attachment; filename="{file_name(content, fmt)}"'
    return response
