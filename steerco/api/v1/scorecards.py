"""Scorecards: a unit's counts by class and rates as of a date, as the overview counts them
(the unit's whole subtree: every task whose lead unit is in it), with a row for each unit
right below; for all tasks or a directive and those implementing it."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from steerco.api.auth import caller
from steerco.api.problems import FieldError
from steerco.progress.access import directive_param, unit_by_code
from steerco.scoring.peers import listed_children
from steerco.scoring.scope import ALL, scope_for
from steerco.scoring.selectors import class_counts_by_peer
from steerco.scoring.sentences import summary_sentence
from steerco.units.models import Unit

from .schemas import Day, Scorecard

router = Router(tags=["scorecards"])


class ScorecardQuery(Schema):
    as_of: Day | None = Field(None, description="The date counted; today by default.")
    directive: int | None = Field(
        None, description="A directive's id: it and the directives implementing it."
    )
    lang: str = Field("vi", pattern="^(vi|en)$", description="The sentence's language.")


def scope_param(request: HttpRequest, directive_id: int | None) -> tuple[Any, Any]:
    """All tasks, or the directive named and everything implementing it (the overview's
    scope); a directive the caller may not open is refused naming the field."""
    if directive_id is None:
        return ALL, None
    try:
        directive = directive_param(caller(request), str(directive_id))
    except Http404 as exc:
        raise FieldError("directive", "No such directive.") from exc
    assert directive is not None
    return scope_for(directive, with_implementing=True), directive


@router.get(
    "/units/{code}/scorecard",
    response=Scorecard,
    url_name="scorecard",
    summary="A unit's scorecard",
)
def scorecard(request: HttpRequest, code: str, query: Query[ScorecardQuery]) -> dict[str, Any]:
    unit = unit_by_code(caller(request), code)
    scope, directive = scope_param(request, query.directive)
    as_of = query.as_of or timezone.localdate()
    children = list(Unit.objects.filter(parent=unit).order_by("path"))
    # As the overview: the unit's figures, then its children's (peers of one depth a query).
    counts = class_counts_by_peer(peers=[unit], as_of=as_of, scope=scope)
    if children:
        counts |= class_counts_by_peer(peers=children, as_of=as_of, scope=scope)
    return {
        "unit": {"code": unit.code, "name": unit.name},
        "as_of": as_of,
        "scope": scope.label,
        "directive": directive.pk if directive else None,
        "counts": counts[unit.pk].as_dict(),
        "children": [
            {"unit": {"code": c.code, "name": c.name}, "counts": counts[c.pk].as_dict()}
            for c in listed_children(children, counts)
        ],
        "sentence": summary_sentence(
            counts[unit.pk], lang=query.lang, subject=directive.symbol if directive else ""
        ),
    }
