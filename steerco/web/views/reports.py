"""The Reports page: choose unit, scope, dates, language, layout and format; get the file."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render as render_page
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from steerco.directives.models import Directive
from steerco.directives.permissions import Action, visible_directives_q
from steerco.lib.periods import previous_cutoff
from steerco.reports.build import as_read_by, build_report
from steerco.reports.render import FORMATS, file_name, render
from steerco.units.permissions import home_unit, units_with_role

from ..access import unit_for_user
from ..ratelimit import rate_limited
from ..report_forms import MeetingReportForm
from ..typing import AuthenticatedHttpRequest
from .common import lang

PAGE = "web/reports.html"


@require_GET
@login_required
@rate_limited("reports", counts=lambda request: "as_of" in request.GET)
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    directives = Directive.objects.filter(visible_directives_q(request.user))
    units = units_with_role(request.user, Action.VIEW)
    if "as_of" not in request.GET:
        today = timezone.localdate()
        form = MeetingReportForm(
            initial={
                "as_of": today,
                "previous": previous_cutoff(today, settings.STEERCO_CUTOFF_DAY),
                "lang": lang(),
                "unit": home_unit(request.user),
            },
            directives=directives,
            units=units,
            lang=lang(),
        )
        return render_page(request, PAGE, {"form": form})
    form = MeetingReportForm(request.GET, directives=directives, units=units, lang=lang())
    if not form.is_valid():
        if "directive" in form.errors:
            # A symbol the user may not open answers exactly like one that does not exist,
            # as `?directive=` does on the web pages (never the form echoing it).
            raise Http404(_("No such directive."))
        return render_page(request, PAGE, {"form": form}, status=400)
    data = form.cleaned_data
    # A unit outside the user's roles is 403 naming it, as on every page (codes are public).
    unit = unit_for_user(request.user, data["unit"].code if data["unit"] else None)
    content = build_report(
        unit=unit,
        as_of=data["as_of"],
        directive=data["directive"],
        with_implementing=data["with_implementing"],
        previous_on=data["previous"],
        lang=data["lang"],
        layout=data["layout"],
    )
    content = as_read_by(content, user=request.user, unit=unit)
    fmt = data["format"]
    response = HttpResponse(render(content, fmt), content_type=FORMATS[fmt][0])
    if fmt in ("docx", "xlsx", "pdf"):
        response["Content-Disposition"] = f'attachment; filename="{file_name(content, fmt)}"'
    return response
