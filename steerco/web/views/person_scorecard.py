"""An official's scorecard (/officials/<id>/scorecard/?year=2026): the tasks they answered
for in a calendar year and how those ended, with the transfers in and out, and its
download as the annex of an annual evaluation (`?format=docx` or `xlsx`, `?lang=vi|en`).

Only the official, managers of their unit (or above) and administrators may open it
(`steerco.people.permissions.may_see_scorecard`); anyone else is answered as if the
official did not exist. Every opening — the page or a download — is logged (Decree
13/2023 on personal data). There is no ranking of people."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from steerco.audit.services import personal_data_viewed_record
from steerco.lib.days import FIRST_DAY, LAST_DAY
from steerco.people.models import Person
from steerco.people.permissions import may_see_scorecard
from steerco.reports.person_annex import (
    FORMATS,
    annex_file_name,
    render_annex_docx,
    render_annex_xlsx,
)
from steerco.scoring.people import calendar_year, person_scorecard
from steerco.units.permissions import UserLike

from ..forms import StyledForm
from ..typing import AuthenticatedHttpRequest
from .common import lang, today, valid_or_400


class ScorecardQuery(StyledForm):
    year = forms.IntegerField(
        required=False,
        min_value=FIRST_DAY.year,
        max_value=LAST_DAY.year,
        label=gettext_lazy("year"),
    )
    format = forms.ChoiceField(
        required=False, choices=[("", "page"), *((f, f) for f in FORMATS)], label="format"
    )
    lang = forms.ChoiceField(
        required=False, choices=[("", ""), ("vi", "Tiếng Việt"), ("en", "English")], label="lang"
    )


def person_for_user(user: UserLike, person_id: int) -> Person:
    """The official whose scorecard `user` may open; 404 otherwise (never saying whether
    the official exists)."""
    person = Person.objects.select_related("unit").filter(pk=person_id).first()
    if person is None or not may_see_scorecard(user, person):
        raise Http404(_("No such official."))
    return person


@require_GET
@login_required
def scorecard(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = person_for_user(request.user, person_id)
    data = valid_or_400(ScorecardQuery(request.GET))
    this_year = today().year
    year = data["year"] or this_year
    fmt = data["format"]
    card = person_scorecard(person=person, period=calendar_year(year), today=today())
    personal_data_viewed_record(person=person, period=card.period.label, opened_as=fmt or "page")
    if fmt:
        language = data["lang"] or lang()
        body = (render_annex_docx if fmt == "docx" else render_annex_xlsx)(card, language)
        response = HttpResponse(body, content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{annex_file_name(card, fmt)}"'
        return response
    years = list(range(this_year, max(FIRST_DAY.year, this_year - 5) - 1, -1))
    if year not in years:
        years.append(year)
    context = {
        "person": person,
        "card": card,
        "figures": card.figures(),
        "reporting_month": card.reporting_month(lang()),
        "year": year,
        "years": sorted(years, reverse=True),
        "own": person.user_id == request.user.pk,
    }
    return render(request, "web/officials/scorecard.html", context)
