"""Rankings: a peer set ranked on one measure with competition ranks and the change since
the previous reporting cut-off — the rows `steerco ranking --json` prints, from the same
function (`scoring.ranking_table.ranking`). Peers' rankings are visible to the peers and
those above them (`units.permissions.may_see_peers`), as on the ranking page."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from steerco.api.auth import caller
from steerco.api.problems import FieldError
from steerco.lib.periods import previous_cutoff
from steerco.scoring.peers import default_peer_kind, resolve_peers
from steerco.scoring.ranking_table import ranking as ranking_table
from steerco.scoring.scorecard import METRICS
from steerco.units.models import Unit, UnitKind
from steerco.units.permissions import home_unit, may_see_peers

from .schemas import Day, Ranking
from .scorecards import scope_param

router = Router(tags=["rankings"])

Measure = Literal[
    "green_rate",
    "completion_rate",
    "due_completion_rate",
    "on_time_rate",
    "overdue_rate",
    "reporting_rate",
    "total",
    "completed",
    "overdue",
]
assert set(Measure.__args__) == set(METRICS)  # type: ignore[attr-defined]


class RankingQuery(Schema):
    peers: Literal["provinces", "departments", "communes"] | None = Field(
        None, description="Which peers; by default those of the caller's home unit's kind."
    )
    unit: str | None = Field(
        None,
        description="For departments or communes: the province's code (by default the "
        "caller's own province).",
    )
    by: Measure = Field("green_rate", description="The measure ranked on.")
    as_of: Day | None = Field(None, description="The date ranked; today by default.")
    previous: Day | None = Field(
        None, description="The date of the change; by default the previous monthly cut-off."
    )
    directive: int | None = Field(
        None, description="A directive's id: it and the directives implementing it."
    )


def peers_param(
    request: HttpRequest, peers: str | None, unit: str | None
) -> tuple[Unit | None, str, list[Unit]]:
    """(parent, kind, peers) as the ranking page resolves them: `peers` by default those of
    the caller's home unit's kind, departments or communes of the province `unit` names
    (by default the caller's own). Refused unless the caller may see those peers."""
    user = caller(request)
    home = home_unit(user)
    asked = None
    if unit:
        asked = Unit.objects.filter(code=unit).first()
        if asked is None or asked.kind != UnitKind.PROVINCE:
            raise FieldError("unit", "Not a province's code.")
    parent, kind, found = resolve_peers(home, peers or default_peer_kind(home), asked)
    if not found:
        raise FieldError("unit", "Name the province whose departments or communes to rank.")
    if not may_see_peers(user, found):
        raise PermissionDenied(_("Your roles do not cover these peers."))
    return parent, kind, found


@router.get("/rankings", response=Ranking, url_name="rankings", summary="A ranking of peers")
def rankings(request: HttpRequest, query: Query[RankingQuery]) -> dict[str, Any]:
    scope, _directive = scope_param(request, query.directive)
    parent, kind, peers = peers_param(request, query.peers, query.unit)
    as_of = query.as_of or timezone.localdate()
    previous_on = query.previous or previous_cutoff(as_of, settings.STEERCO_CUTOFF_DAY)
    if previous_on >= as_of:
        raise FieldError("previous", "Must be before as_of.")
    rows = ranking_table(peers, as_of, scope=scope, metric=query.by, previous_on=previous_on)
    return {
        "peers": kind,
        "of": {"code": parent.code, "name": parent.name} if parent else None,
        "by": query.by,
        "as_of": as_of,
        "previous_on": previous_on,
        "scope": scope.label,
        "rows": [r.as_dict() for r in rows],
    }
