"""The composite index pages: an index's ranking table (pillar columns, change arrows,
the computed score beside a published one) and a unit's breakdown ("why this rank")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from steerco.directives.permissions import Action, may
from steerco.indicators.indices.explain import explain
from steerco.indicators.indices.models import Index, IndexResult
from steerco.indicators.indices.selectors import IndexTable, index_table, unit_index_rank
from steerco.indicators.models import Indicator
from steerco.indicators.problems import IndicatorError
from steerco.lib.calendar_periods import CalendarPeriod, parse_calendar_period
from steerco.scoring.peers import peers_of, resolve_peers
from steerco.units.models import Unit, UnitKind
from steerco.units.permissions import home_unit, may_see_peers

from ..access import unit_by_code, unit_param
from ..forms import RankingForm
from ..index_forms import IndexPeriodForm, IndexRankingForm
from ..peer_choices import peer_choices
from ..typing import AuthenticatedHttpRequest
from .common import BadParameter, valid_or_400


def _index(code: str) -> Index:
    index = Index.objects.filter(code=code).first()
    if index is None:
        raise Http404(_("No such index."))
    return index


def _period(index: Index, period: CalendarPeriod | None) -> CalendarPeriod:
    """The period asked for, else the latest one with a stored result."""
    if period is not None:
        return period
    texts = set(IndexResult.objects.filter(version__index=index).values_list("period", flat=True))
    if not texts:
        raise BadParameter({"period": [_("No results are stored yet; give a period.")]})
    return max((parse_calendar_period(t) for t in texts), key=lambda p: p.sort_key)


def _table(index: Index, period: CalendarPeriod, units: list[Unit], source: str) -> IndexTable:
    try:
        return index_table(index=index, period=period, units=units, source=source)
    except IndicatorError as exc:
        raise BadParameter({exc.field or "period": [str(exc)]}) from None


@require_GET
@login_required
def index_ranking(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    index = _index(code)
    form = IndexRankingForm(request.GET)
    data = valid_or_400(form)
    parent, kind, peers = resolve_peers(
        home_unit(request.user), data["peers"], unit_param(data["unit"])
    )
    if not peers:
        raise PermissionDenied(_("Choose the province whose departments or communes to rank."))
    if not may_see_peers(request.user, peers):
        raise PermissionDenied(_("Your roles do not cover these peers."))
    period = _period(index, data["period"])
    table = _table(index, period, peers, data["source"])
    computed = {}
    if table.source == "published":
        computed = {r.unit.pk: r.score for r in _table(index, period, peers, "computed").rows}
    # The form as it was answered (the peer group and period in force), offering only the
    # peer groups and provinces the user may see, as the ranking page does.
    all_provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("name", "pk"))
    choices = peer_choices(request.user, all_provinces)
    shown = IndexRankingForm({**request.GET.dict(), "peers": kind, "period": str(period)})
    shown.fields["peers"].choices = [  # type: ignore[attr-defined]
        (value, label) for value, label in RankingForm.PEER_KINDS if value in choices.kinds
    ]
    offered = {p.pk for units in choices.provinces.values() for p in units}
    return render(
        request,
        "web/indices/ranking.html",
        {
            "table": table,
            "form": shown,
            "parent": parent,
            "kind": kind,
            "computed": computed,
            "provinces": [p for p in all_provinces if p.pk in offered],
            "viewable_ids": {
                r.unit.pk for r in table.rows if may(request.user, Action.VIEW, r.unit)
            },
        },
    )


@require_GET
@login_required
def index_unit(request: AuthenticatedHttpRequest, code: str, unit_code: str) -> HttpResponse:
    index = _index(code)
    unit = unit_by_code(request.user, unit_code)
    peers = peers_of(unit)
    if not may_see_peers(request.user, peers):
        raise PermissionDenied(_("Your roles do not cover these peers."))
    data = valid_or_400(IndexPeriodForm(request.GET))
    period = _period(index, data["period"])
    table = _table(index, period, peers, "computed")
    assert table.scored is not None
    why = explain(table.scored, unit.pk)
    # The parts are named by the catalogue's names, not their codes (FIBRE_SHARE).
    codes = {part.indicator for pillar in why.pillars for part in pillar.parts}
    return render(
        request,
        "web/indices/unit.html",
        {
            "table": table,
            "unit": unit,
            "why": why,
            "indicators": {i.code: i for i in Indicator.objects.filter(code__in=codes)},
            "rank": unit_index_rank(index, period, unit, peers, computed=table),
        },
    )
