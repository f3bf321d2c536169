"""Directives: those the caller may open (issued within their units, the central level's,
or with a task they may see — `directives.permissions.visible_directives_q`) and one by
its id; one they may not open is 404, like one that does not exist."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from steerco.api.auth import caller
from steerco.directives.models import Directive
from steerco.directives.permissions import visible_directives_q
from steerco.progress.access import directive_for_user

from .schemas import DirectiveList, DirectiveOut

router = Router(tags=["directives"])


def directive_out(directive: Directive) -> dict[str, Any]:
    return {
        "id": directive.pk,
        "symbol": directive.symbol,
        "kind": directive.kind,
        "title": directive.title,
        "issuer": {"code": directive.issuer.code, "name": directive.issuer.name},
        "issued_on": directive.issued_on,
        "implements": directive.implements_id,
        "requires_acceptance": directive.requires_acceptance,
        "web_url": reverse("web:directive", kwargs={"directive_id": directive.pk}),
    }


@router.get(
    "/directives",
    response=DirectiveList,
    url_name="directives",
    summary="The directives the caller may open",
)
def directives(request: HttpRequest) -> dict[str, Any]:
    """By symbol. Their tasks: `GET /tasks?directive=ID`."""
    found = (
        Directive.objects.filter(visible_directives_q(caller(request)))
        .select_related("issuer")
        .order_by("symbol", "pk")
    )
    return {"items": [directive_out(d) for d in found]}


@router.get(
    "/directives/{directive_id}",
    response=DirectiveOut,
    url_name="directive",
    summary="A directive",
)
def directive(request: HttpRequest, directive_id: int) -> dict[str, Any]:
    return directive_out(directive_for_user(caller(request), directive_id))
