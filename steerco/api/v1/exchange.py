"""The exchange between steerco instances (issue 19) over the API: the document's JSON
Schema (public: it describes a format, no data), a unit's exchange document
(`GET /exchange/export`, the `read` scope) and the import of one (`POST
/exchange/import`, the `report` scope; creating directives and tasks also needs
`manage`). `steerco sync pull|push` are their clients.

Both run as the token's user: the export is of a unit they may view, the import of a
document whose unit they may report for; what the import would create is asked of their
roles item by item (`exchange.services.Authority`), and every row refused is answered
with its reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from steerco.api.auth import MANAGE, READ, REPORT, requires
from steerco.api.problems import CONTENT_TYPE, FieldError
from steerco.directives.models import Directive, Task
from steerco.directives.permissions import visible_directives_q
from steerco.exchange.document import json_schema
from steerco.exchange.selectors import exchange_document
from steerco.exchange.services import Authority, ExchangeError, exchange_import, read_document
from steerco.progress.access import unit_by_code
from steerco.units.permissions import Action

from .write_access import answered, caller

router = Router(tags=["exchange"])

REFUSED = "urn:steerco:problem:exchange-refused"
KEY = Header(None, alias="Idempotency-Key", description="Send the same key again to retry.")


@router.get(
    "/schema/exchange.json",
    auth=None,
    response=dict[str, Any],
    url_name="exchange-schema",
    summary="The exchange document's JSON Schema",
)
def exchange_schema(request: HttpRequest) -> dict[str, Any]:
    return json_schema()


@router.get(
    "/exchange/export",
    auth=requires(READ),
    response=dict[str, Any],
    url_name="exchange-export",
    summary="A unit's exchange document",
)
def exchange_export(request: HttpRequest, unit: str, since: date | None = None) -> HttpResponse:
    """The exchange document (docs/exchange.schema.json) of the unit `unit` names by
    code, which the caller may view: the directives named by `directive=SYMBOL`
    (repeated; each one the caller may open) — by default every directive with a task in
    the unit's subtree —, those tasks and their history (`since=YYYY-MM-DD`: only what
    was recorded on or after that day)."""
    user = caller(request)
    root = unit_by_code(user, unit, Action.VIEW)
    symbols = [s.strip() for s in request.GET.getlist("directive") if s.strip()]
    visible = Directive.objects.filter(visible_directives_q(user))
    if symbols:
        directives = list(visible.filter(symbol__in=symbols))
        missing = sorted(set(symbols) - {d.symbol for d in directives})
        if missing:
            raise FieldError("directive", _("No such directive: %s.") % ", ".join(missing))
    else:
        ids = Task.objects.in_subtree(root).values("directive_id")
        directives = list(Directive.objects.filter(pk__in=ids).order_by("pk"))
    document = exchange_document(unit=root, directives=directives, since=since)
    return HttpResponse(document.model_dump_json(), content_type="application/json")


class _Refused(Exception):  # noqa: N818 - carries the answer out of the write
    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body


@router.post(
    "/exchange/import",
    auth=requires(REPORT),
    response={200: dict[str, Any]},
    url_name="exchange-import",
    summary="Import an exchange document",
)
def exchange_import_route(
    request: HttpRequest,
    response: HttpResponse,
    commit: bool = False,
    idempotency_key: str | None = KEY,
) -> Status[Any] | HttpResponse:
    """The body is an exchange document (docs/exchange.schema.json) of a unit the caller
    may report for. Without `commit=true` a preview: nothing is written. The answer
    counts the rows by kind and action — `create`, `skip` (already here), `refuse` —
    (`counts`), lists in `items` each refused row with its reason (rows created or skipped
    are counted only), and says whether it was `committed`. A commit is all or nothing:
    one refused row, and the answer is 422 with the same counts and list, nothing written.
    Importing the same document again changes nothing (rows are known by their global
    ids). (The 422 is problem details whose `committed`, `counts` and `items` are the
    import's answer.) Creating directives and tasks
    needs the `manage` scope and a manager's role on their issuing or assigning unit;
    history needs the task's lead unit under the document's unit."""
    user = caller(request)
    try:
        document = read_document(request.body)
    except ExchangeError as exc:
        raise FieldError(exc.field or "body", str(exc)) from exc
    unit_by_code(user, document.unit, Action.REPORT)
    token = getattr(request, "api_token", None)
    authority = Authority(user, may_define=token is None or MANAGE in token.scopes)

    def write() -> tuple[int, Any]:
        result = exchange_import(document=document, commit=commit, authority=authority)
        if commit and not result.committed:
            raise _Refused(result.as_dict())
        return 200, result.as_dict()

    # What an Idempotency-Key stands for (read only when one was sent: a document is large).
    body = (
        {"commit": commit, "document": document.model_dump(mode="json")}
        if idempotency_key
        else None
    )
    try:
        return answered(request, response, idempotency_key, body, write)
    except _Refused as refused:
        return _refused(request, refused.body)


def _refused(request: HttpRequest, result: dict[str, Any]) -> HttpResponse:
    """A commit with refused rows: 422 problem details with the import's answer as
    extension members (`committed`, `counts`, `items`)."""
    n = len(result["items"])  # the refused rows
    return JsonResponse(
        {
            "type": REFUSED,
            "title": _("Rows refused"),
            "status": 422,
            "detail": _("%(n)d row(s) refused; nothing was written.") % {"n": n},
            "instance": request.path,
            **result,
        },
        status=422,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
