"""/budget/?unit=08&year=2025[&as_of=D]: the money of a unit's subtree — totals, by
funding source, directive and lead unit, the slowest-disbursing units — the figures of
`steerco budget summary` and of the meeting report (steerco.budget.selectors)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from steerco.budget.selectors import budget_summary as summary_of

from ..forms import DayField, StyledForm
from ..typing import AuthenticatedHttpRequest
from .common import as_of_or_today, lang, unit_from, valid_or_400


class BudgetSummaryForm(StyledForm):
    unit = forms.CharField(required=False, max_length=255)  # a name or a code (unit_picker)
    year = forms.IntegerField(
        required=False, min_value=2000, max_value=2100, label=_("budget year")
    )
    as_of = DayField(required=False, label=_("as of"))


@require_GET
@login_required
def budget_summary(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BudgetSummaryForm(request.GET)
    data = valid_or_400(form)
    unit = unit_from(request.user, data["unit"])  # 400 for a unit outside the user's roles
    as_of = as_of_or_today(data["as_of"])
    year = data["year"] or as_of.year
    summary = summary_of(unit, year, as_of)
    shown = BudgetSummaryForm({"unit": unit.code, "year": year, "as_of": as_of})
    return render(
        request,
        "web/budget_summary.html",
        {
            "summary": summary,
            "data": summary.as_dict(lang()),
            "form": shown,
            "unit": unit,
            "months": list(
                zip(
                    summary.series.months,
                    summary.series.allocated,
                    summary.series.disbursed,
                    summary.series.planned,
                    strict=True,
                )
            ),
        },
    )
