from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from steerco.budget.selectors import money_overview
from steerco.directives.models import Directive
from steerco.directives.permissions import Action, may
from steerco.indicators.figures import key_figures
from steerco.scoring.scope import Scope
from steerco.scoring.sentences import summary_sentence
from steerco.units.models import Unit

from .. import overview
from ..charts import dashboard_charts, dashboard_tables, money_chart, money_table
from ..conditional import figures_page
from ..directive_picker import picker as directive_picker
from ..forms import ScopeForm
from ..fragments import shared_content
from ..typing import AuthenticatedHttpRequest
from .common import as_of_or_today, lang, scope_from, unit_from, valid_or_400


@dataclass(frozen=True)
class Asked:
    form: ScopeForm
    scope: Scope
    directive: Directive | None
    unit: Unit
    as_of: date | None


def _asked(request: AuthenticatedHttpRequest) -> Asked:
    """The parameters and the permission checks, before any 304 (web/conditional.py)."""
    form = ScopeForm(request.GET)
    # The directive first: one the user may not open is 404 before anything else is read.
    scope, directive = scope_from(request.user, request.GET.get("directive"))
    data = valid_or_400(form)
    unit = unit_from(request.user, data["unit"])
    return Asked(form, scope, directive, unit, data["as_of"])


@require_GET
@login_required
@figures_page(_asked)
def dashboard(request: AuthenticatedHttpRequest, asked: Asked) -> HttpResponse:
    form, scope, directive, unit = asked.form, asked.scope, asked.directive, asked.unit

    def content() -> str:
        board = overview.dashboard(
            unit=unit, as_of=as_of_or_today(asked.as_of), scope=scope, lang=lang()
        )
        charts = dashboard_charts(board)
        # Money of the as-of date's budget year, shown only when the scope has some.
        money = money_overview(unit, board.as_of.year, board.as_of, scope=scope)
        tables = dashboard_tables(charts)
        if money.has_money:
            charts["money"] = money_chart(money)
            tables["money"] = money_table(charts["money"])
        return render_to_string(
            "web/_dashboard_content.html",
            {
                "board": board,
                "ranks": overview.ranks_line(
                    user=request.user, unit=unit, as_of=board.as_of, directive=directive
                ),
                "form": form,
                "directive": directive,
                "directive_picker": directive_picker(
                    directive, input_id="f-directive", css="form-control form-control-sm"
                ),
                "charts": charts,
                "chart_tables": tables,
                "money": money if money.has_money else None,
                "key_figures": key_figures(unit=unit, as_of=board.as_of),
                "children_with_tasks": sorted(
                    (r for r in board.children if r.counts.total or r.counts.cancelled),
                    key=lambda r: (-r.counts.total, r.unit.path),
                ),
                "children_without_tasks": [
                    r for r in board.children if not (r.counts.total or r.counts.cancelled)
                ],
                "summary": summary_sentence(
                    board.counts, lang=lang(), subject=directive.symbol if directive else ""
                ),
            },
            request,
        )

    # The same for everyone with the same roles: rendered once a generation (fragments.py).
    html = shared_content(request, "overview", content)
    ancestors = [(a, may(request.user, Action.VIEW, a)) for a in unit.ancestors()]
    return render(
        request,
        "web/dashboard.html",
        {"content": html, "unit": unit, "directive": directive, "ancestors": ancestors},
    )
