from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from steerco.directives.models import Directive
from steerco.directives.permissions import Action, may
from steerco.lib.periods import previous_cutoff
from steerco.scoring.peers import default_peer_kind, provinces, resolve_peers
from steerco.scoring.ranking_table import RankingEntry
from steerco.scoring.ranking_table import ranking as ranking_table
from steerco.scoring.scope import Scope
from steerco.units.models import Unit
from steerco.units.permissions import grants, home_unit, may_see_peers

from ..conditional import figures_page
from ..directive_picker import picker as directive_picker
from ..forms import RankingForm
from ..fragments import shared_content
from ..peer_choices import PeerChoices, peer_choices
from ..typing import AuthenticatedHttpRequest
from ..unit_picker import UnitField
from .common import BadParameter, as_of_or_today, lang, scope_from, valid_or_400


@dataclass(frozen=True)
class Asked:
    scope: Scope
    directive: Directive | None
    choices: PeerChoices
    picker: UnitField
    parent: Unit | None
    kind: str
    peers: list[Unit]
    as_of: date
    metric: str


def _asked(request: AuthenticatedHttpRequest) -> Asked:
    """The parameters and the permission checks, before any 304 (web/conditional.py)."""
    form = RankingForm(request.GET)
    # The directive first: one the user may not open is 404 before anything else is read.
    scope, directive = scope_from(request.user, request.GET.get("directive"))
    data = valid_or_400(form)
    home = home_unit(request.user)
    every_province = provinces()  # read once: the choices and the peers
    choices = peer_choices(request.user, every_province)
    kind = data["peers"] or default_peer_kind(home)
    if not data["peers"] and kind not in choices.kinds and choices.kinds:
        kind = choices.kinds[0]
    picker = UnitField(required=False, label=_("of province"))
    picker.offer(choices.provinces.get(kind, []), lang=lang())
    try:
        chosen = picker.clean(data["unit"])  # a name or a code; unit codes are public
    except forms.ValidationError as exc:  # the 400 page names the parameter
        raise BadParameter({"unit": exc.messages}) from None
    if not data["peers"] and chosen is None:
        # The page as the menu opens it: a province whose peers the user may see.
        chosen = choices.default_parent(kind, home)
    # may_see_peers decides who sees the peers.
    parent, kind, peers = resolve_peers(home, kind, chosen, every_province=every_province)
    if not peers:
        raise PermissionDenied(_("Choose the province whose departments or communes to rank."))
    if not may_see_peers(request.user, peers):
        raise PermissionDenied(_("Your roles do not cover these peers."))
    as_of = as_of_or_today(data["as_of"])
    metric = data["metric"] or "green_rate"
    return Asked(scope, directive, choices, picker, parent, kind, peers, as_of, metric)


@require_GET
@login_required
@figures_page(_asked)
def ranking(request: AuthenticatedHttpRequest, asked: Asked) -> HttpResponse:
    scope, directive, choices, picker = asked.scope, asked.directive, asked.choices, asked.picker
    parent, kind, peers, as_of, metric = (
        asked.parent,
        asked.kind,
        asked.peers,
        asked.as_of,
        asked.metric,
    )

    def content() -> str:
        previous_on = previous_cutoff(as_of, settings.STEERCO_CUTOFF_DAY)
        entries = ranking_table(
            peers,
            as_of,
            scope=scope,
            metric=metric,
            previous_on=previous_on,
            with_money=settings.STEERCO_RANKING_MONEY,  # a column beside the rank, not in it
        )
        # The form as it was answered: the peer group, province and date in force, offering
        # only the peer groups the user may see.
        shown = RankingForm({**request.GET.dict(), "peers": kind, "metric": metric, "as_of": as_of})
        shown.fields["peers"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in RankingForm.PEER_KINDS if value in choices.kinds
        ]
        return render_to_string(
            "web/_ranking_content.html",
            {
                "entries": entries,
                "form": shown,
                "parent": parent,
                "kind": kind,
                "metric": metric,
                "money": settings.STEERCO_RANKING_MONEY,
                "metric_label": dict(RankingForm.METRICS)[metric],
                "as_of": as_of,
                "previous_on": previous_on,
                "directive": directive,
                "directive_picker": directive_picker(directive, input_id="r-directive"),
                "province_picker": picker.render(
                    "unit", parent, {"id": "r-unit", "class": "form-control"}
                ),
                "viewable_ids": {
                    e.unit.pk for e in entries if may(request.user, Action.VIEW, e.unit)
                },
                "own_ids": _own_rows(entries, [p for p, _lvl in grants(request.user)]),
            },
            request,
        )

    # The same for everyone with the same roles: rendered once a generation (fragments.py).
    html = shared_content(request, "ranking", content)
    return render(request, "web/ranking.html", {"content": html})


def _own_rows(entries: Iterable[RankingEntry], grant_paths: list[str]) -> set[int]:
    """The peers that are the user's own unit or contain it (highlighted)."""
    return {e.unit.pk for e in entries if any(p.startswith(e.unit.path) for p in grant_paths)}
